package io.jenkins.plugins.promotiongates.engine.notification;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.net.URI;

/**
 * The address of the page where a promotion is decided: the plugin builds it from Jenkins' root URL and the run, the
 * CLI from a configured base URL. A link only opens the page; the page makes every check again (never an approval
 * by link or mail reply).
 */
@FunctionalInterface
public interface ApprovalLinks {
    /** The page of the promotion, or null when no base URL is configured. */
    @CheckForNull
    URI approvalPage(String correlationId, @CheckForNull String environment, @CheckForNull String job,
            @CheckForNull String run);

    /** No links (no base URL configured): messages say where to look instead. */
    static ApprovalLinks none() {
        return (correlationId, environment, job, run) -> null;
    }
}
