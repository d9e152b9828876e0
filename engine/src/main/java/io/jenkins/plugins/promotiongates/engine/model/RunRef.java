package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.List;

/**
 * The pipeline run (or CLI invocation) that asks for a promotion.
 *
 * @param job                 full job name, e.g. {@code shop/backend/main}; the CLI uses {@code cli}
 * @param run                 run id within the job, e.g. {@code 42}
 * @param startedBy           the user who started the run, if a user did; that user may never approve it
 * @param repository          the source repository the job builds, if known (compared with provenance)
 * @param commitAuthors       authors of the commits being promoted, if the SCM tells us; they may never approve
 * @param commitAuthorsKnown  whether {@code commitAuthors} is complete: the caller read the change sets and every
 *                            entry named its author; when false, a commit author's approval cannot be excluded
 */
public record RunRef(String job, String run, @CheckForNull String startedBy, @CheckForNull String repository,
        List<String> commitAuthors, boolean commitAuthorsKnown) {
    public RunRef {
        Identifiers.requireSafeText("job", job, 1024);
        Identifiers.requireSafeText("run", run, 256);
        if (startedBy != null) {
            Identifiers.requireSafeText("startedBy", startedBy, 256);
        }
        if (repository != null) {
            Identifiers.requireSafeText("repository", repository, 1024);
        }
        commitAuthors = List.copyOf(commitAuthors);
        for (String author : commitAuthors) {
            Identifiers.requireSafeText("commit author", author, 256);
        }
    }

    /** Authors as the caller states them: known when at least one is named. */
    public RunRef(String job, String run, @CheckForNull String startedBy, @CheckForNull String repository,
            List<String> commitAuthors) {
        this(job, run, startedBy, repository, commitAuthors, !commitAuthors.isEmpty());
    }

    public static RunRef of(String job, String run) {
        return new RunRef(job, run, null, null, List.of());
    }

    /** Job and run joined as {@code job#run}, as the audit trail shows it. */
    public String id() {
        return job + "#" + run;
    }
}
