package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The HTTP-independent part of closing a post-incident review and lifting a quarantine (page forms and API): verb,
 * caller, permission and the written comment are checked here; whether it may happen (never the user who broke the
 * glass; only an active quarantine) is the engine's answer.
 */
@Restricted(NoExternalUse.class)
public final class IncidentActions {
    private final PromotionGatesRuntime runtime;

    public IncidentActions(PromotionGatesRuntime runtime) {
        this.runtime = runtime;
    }

    /** Release managers (Approve) see and close reviews; the engine refuses the user who broke the glass. */
    public boolean canCloseReviews() {
        return runtime.access().hasPermission(PromotionGatesPermissions.APPROVE);
    }

    public boolean canLiftQuarantine() {
        return runtime.access().hasPermission(Jenkins.ADMINISTER);
    }

    public ApprovalDecider.Answer closeReview(String method, @CheckForNull String correlationId,
            @CheckForNull String comment) {
        if (!"POST".equals(method)) {
            return ApprovalDecider.Answer.error(405, "Closing a review accepts POST only");
        }
        String user = runtime.access().currentUserId();
        if (user == null) {
            return ApprovalDecider.Answer.error(403, "Log in to close a review");
        }
        if (!canCloseReviews()) {
            return ApprovalDecider.Answer.error(403, user + " lacks the Promotion Gates/Approve permission");
        }
        if (blank(correlationId) || blank(comment)) {
            return ApprovalDecider.Answer.error(400, "Closing a review needs the correlationId and a comment (the review's outcome)");
        }
        if (!runtime.service().closeReview(correlationId.trim(), user, comment.trim())) {
            return ApprovalDecider.Answer.error(409, "The review of " + correlationId.trim() + " was not closed: it is not "
                    + "open, or " + user + " broke the glass for it (someone else must review an emergency override)");
        }
        return new ApprovalDecider.Answer(200, "Review of " + correlationId.trim() + " closed by " + user, null);
    }

    public ApprovalDecider.Answer liftQuarantine(String method, @CheckForNull String identity, @CheckForNull String reason) {
        if (!"POST".equals(method)) {
            return ApprovalDecider.Answer.error(405, "Lifting a quarantine accepts POST only");
        }
        String user = runtime.access().currentUserId();
        if (user == null) {
            return ApprovalDecider.Answer.error(403, "Log in to lift a quarantine");
        }
        if (!canLiftQuarantine()) {
            return ApprovalDecider.Answer.error(403, user + " lacks the Overall/Administer permission");
        }
        if (blank(identity) || blank(reason)) {
            return ApprovalDecider.Answer.error(400, "Lifting a quarantine needs the identity (agent:ID, user:ID or job:NAME) and a reason");
        }
        if (!runtime.service().liftQuarantine(identity.trim(), user, reason.trim())) {
            return ApprovalDecider.Answer.error(409, identity.trim() + " is not quarantined (or the store refused the record)");
        }
        return new ApprovalDecider.Answer(200, "Quarantine of " + identity.trim() + " lifted by " + user, null);
    }

    private static boolean blank(@CheckForNull String value) {
        return value == null || value.isBlank();
    }
}
