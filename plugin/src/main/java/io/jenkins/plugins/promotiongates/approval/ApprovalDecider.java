package io.jenkins.plugins.promotiongates.approval;

import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalResult;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP-independent part of approve and reject, shared by the run page and the JSON API: checks the verb, the
 * caller and the plugin permission, then hands the vote (bound to what the page showed) to the engine, which
 * decides whether it counts. A settled promotion wakes its waiting step.
 */
@Restricted(NoExternalUse.class)
public final class ApprovalDecider {
    /** Form and API parameter names of the binding. */
    public static final String CORRELATION_ID = "correlationId";
    public static final String RUN_ID = "runId";
    public static final String ENVIRONMENT = "environment";
    public static final String DIGESTS = "digests";
    public static final String POLICY_HASH = "policyHash";
    public static final String COMMENT = "comment";

    private final PromotionGatesRuntime runtime;

    public ApprovalDecider(PromotionGatesRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Records a vote on a pending promotion, if the request and the caller may.
     *
     * @param method  the HTTP method (anything but POST is refused, whatever the routing did)
     * @param verdict approve or reject
     * @param params  the posted binding and comment
     */
    public Answer decide(String method, Verdict verdict, Map<String, String> params) {
        if (!"POST".equals(method)) {
            return Answer.error(405, "Approve and reject accept POST only");
        }
        String user = runtime.access().currentUserId();
        if (user == null) {
            return Answer.error(403, "Log in to approve or reject promotions");
        }
        String comment = blankToNull(params.get(COMMENT));
        if (verdict == Verdict.REJECT && comment == null) {
            return Answer.error(400, "A rejection needs a comment saying why");
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of(CORRELATION_ID, RUN_ID, ENVIRONMENT, DIGESTS, POLICY_HASH)) {
            if (blankToNull(params.get(name)) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            return Answer.error(400, "Missing parameters " + missing + ": a decision must name what it decides");
        }
        // On the job the vote is about (the correlation id names it), so that a grant on one folder approves nothing
        // in another.
        String job = jobOf(params.get(CORRELATION_ID));
        if (job == null || !runtime.access().hasPermission(job, PromotionGatesPermissions.APPROVE)) {
            return Answer.error(403, user + " lacks the Promotion Gates/Approve permission on "
                    + (job == null ? "this promotion's job" : job));
        }
        List<Digest> digests = new ArrayList<>();
        try {
            for (String digest : params.get(DIGESTS).split(",", -1)) {
                digests.add(Digest.parse(digest.trim()));
            }
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        ApprovalVote vote = new ApprovalVote(params.get(CORRELATION_ID), user, runtime.access().currentUserGroups(),
                true, false, verdict, comment, params.get(RUN_ID), params.get(ENVIRONMENT), digests,
                params.get(POLICY_HASH));
        ApprovalResult result = runtime.service().decide(vote);
        // Only a counted vote changes the decision: a vote the service did not count (for example while the engine
        // is being rebuilt after a configuration save) must never end a waiting step.
        if (result.counted() && result.decision().outcome() != Outcome.PENDING) {
            runtime.waitingGates().resume(vote.correlationId(), result.decision());
        }
        return new Answer(result.counted() ? 200 : 409, result.reason().message(), result);
    }

    /** The job of a correlation id {@code job#run/environment}, or {@code null} when it names none. */
    @CheckForNull
    static String jobOf(String correlationId) {
        int hash = correlationId.lastIndexOf('#');
        return hash <= 0 ? null : correlationId.substring(0, hash);
    }

    @CheckForNull
    private static String blankToNull(@CheckForNull String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * What the handler answers.
     *
     * @param status  HTTP status: 200 counted, 409 not counted (engine said why), 4xx refused before the engine
     * @param message why
     * @param result  the engine's answer, if the vote reached it
     */
    public record Answer(int status, String message, @CheckForNull ApprovalResult result) {
        static Answer error(int status, String message) {
            return new Answer(status, message, null);
        }

        public boolean isOk() {
            return status == 200;
        }
    }
}
