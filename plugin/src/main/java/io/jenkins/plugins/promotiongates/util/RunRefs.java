package io.jenkins.plugins.promotiongates.util;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import hudson.model.Cause;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.CorrelationIds;

import java.util.List;

/** Describes a Jenkins run to the engine. */
@Restricted(NoExternalUse.class)
public final class RunRefs {
    private RunRefs() {
    }

    /** Job full name, run id and the user who started it (who may never approve it). */
    public static RunRef of(Run<?, ?> run) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        String startedBy = cause == null ? null : cause.getUserId();
        return new RunRef(jobName(run), run.getId(), startedBy, null, List.of());
    }

    /** The job's full name, taken from the externalizable id {@code full/name#number}. */
    public static String jobName(Run<?, ?> run) {
        String id = run.getExternalizableId();
        int hash = id.lastIndexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    /** {@code job#id/environment}: stable across restarts, unique per run and environment. */
    public static String correlationId(Run<?, ?> run, String environment) {
        // The engine derives the same id for credential binding and deployments: one definition, in the engine.
        return CorrelationIds.of(of(run), environment);
    }
}
