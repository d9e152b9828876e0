package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Cause;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.config.AutomatedJobs;
import io.jenkins.plugins.promotiongates.engine.allowlist.Glob;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.util.RunRefs;

import java.util.List;

/**
 * Who asks for a promotion, from facts the pipeline cannot set: the run's causes (recorded by Jenkins when the run
 * was queued) and the admin's list of automated jobs. The step's {@code requester:} parameter can only make the
 * request an agent's, never a person's.
 *
 * <ul>
 *   <li>{@code requester:} given: that agent ({@link Requester.Source#DECLARED_AGENT}).</li>
 *   <li>The job is on the admin's list: an agent named after the job ({@link Requester.Source#ADMIN_MARKED_AUTOMATED}).</li>
 *   <li>Every cause is a {@code Cause.UserIdCause} naming a user other than {@code SYSTEM}: that person
 *       ({@link Requester.Source#USER_CAUSE}).</li>
 *   <li>Otherwise (SCM, timer, upstream or remote trigger, an anonymous start, a mix of a user and a trigger): an
 *       agent named after the job ({@link Requester.Source#AUTOMATED_CAUSE}).</li>
 * </ul>
 */
final class RequesterFacts {
    private RequesterFacts() {
    }

    static Requester of(Run<?, ?> run, @CheckForNull String declaredAgent, AutomatedJobs automatedJobs) {
        if (declaredAgent != null) {
            return new Requester(declaredAgent, Requester.Kind.AGENT, Requester.Source.DECLARED_AGENT);
        }
        String job = RunRefs.jobName(run);
        Glob marked = automatedJobs.match(job);
        if (marked != null) {
            return new Requester(job, Requester.Kind.AGENT, Requester.Source.ADMIN_MARKED_AUTOMATED);
        }
        String user = soleUser(run.getCauses());
        if (user != null) {
            return new Requester(user, Requester.Kind.HUMAN, Requester.Source.USER_CAUSE);
        }
        return new Requester(job, Requester.Kind.AGENT, Requester.Source.AUTOMATED_CAUSE);
    }

    /** The user who started the run, if users and only users did (the first named, if the queue folded several). */
    @CheckForNull
    private static String soleUser(@CheckForNull List<Cause> causes) {
        if (causes == null || causes.isEmpty()) {
            return null;
        }
        String first = null;
        for (Cause cause : causes) {
            if (!(cause instanceof Cause.UserIdCause byUser)) {
                return null;
            }
            String id = byUser.getUserId();
            if (id == null || id.isBlank() || Requester.isSystem(id)) {
                return null; // anonymous, or Jenkins itself: nobody who can answer for the request
            }
            if (first == null) {
                first = id;
            }
        }
        return first;
    }
}
