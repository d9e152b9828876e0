package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.Decision;

import java.util.List;
import java.util.Optional;

/**
 * The one entry point the Jenkins plugin and the CLI use. It verifies the evidence, evaluates the policy in force
 * against the ledger, records everything in the audit trail and returns the decision. Callers only gather evidence
 * and present decisions; no rule is implemented outside the engine.
 *
 * <p>Every method fails closed: an error anywhere (store down, unreadable trusted root, unexpected exception) comes
 * back as a denial that says why, never as an allow and never as an exception for the caller to forget.
 */
public interface PromotionService {
    /**
     * Verify → evaluate → record, in one write. A denial is a normal return value. Asking again for the same run,
     * environment, digests and policy returns the open approval (with its votes) or the allow not yet used by a
     * deployment, and records nothing.
     */
    Decision requestPromotion(PromotionSubmission submission);

    /** A person approves or rejects a pending promotion; the result says whether the vote counted and the new state. */
    ApprovalResult decide(ApprovalVote vote);

    /**
     * The decision for a promotion now. Never writes: a pending approval past its timeout, or whose policy was
     * replaced, is answered as the denial it now is; the next action on it records that once.
     */
    Optional<Decision> currentDecision(String correlationId);

    /** Withdraws a pending promotion (the build was aborted); recorded with the reason. */
    Decision withdraw(String correlationId, String actor, String reason);

    /** Promotions waiting for a human, newest first. */
    List<PendingApproval> pendingApprovals();

    /** May this run bind this credential for this environment now? Re-hashed digests detect a swap after the gate. */
    CredentialDecision authorizeCredential(CredentialRequest request);

    /** Closes a promotion with the deployment outcome; a success is what the next environment's order check reads. */
    void recordDeployment(DeploymentReport report);

    /**
     * Emergency override of a change window or freeze for a denied promotion (never of signature, provenance,
     * credential or entitlement checks). Loudly audited; opens a review item that someone else must close.
     */
    Decision breakGlass(BreakGlassSubmission submission);

    /** Post-incident reviews opened by break-glass and not yet closed, newest first. */
    List<String> openReviews();

    /** Closes a break-glass review; refused when the closer is the user who broke the glass. */
    boolean closeReview(String correlationId, String closer, String note);

    /**
     * Where this digest has been deployed successfully and when, per environment in promotion order (environments it
     * never reached are absent) — the "earlier environments" evidence of the approval page.
     */
    java.util.Map<String, java.time.Instant> deployments(io.jenkins.plugins.promotiongates.engine.model.Digest digest);

    /** Lifts the quarantine of an identity ({@code agent:ID}, {@code user:ID} or {@code job:NAME}); audited. */
    boolean liftQuarantine(String identity, String admin, String reason);
}
