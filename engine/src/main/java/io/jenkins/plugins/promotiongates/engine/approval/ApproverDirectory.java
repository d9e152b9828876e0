package io.jenkins.plugins.promotiongates.engine.approval;

import java.util.Optional;

/**
 * Who is an approver now, as the security realm and the authorization strategy say at the moment a vote is used
 * (the quorum is reached and the approval consumed), not when it was cast: a person removed from the approver
 * groups, or who lost the Approve permission, in between no longer counts. The Jenkins plugin answers from the
 * user's own authentication and the job's permissions; the CLI from what its caller states.
 */
@FunctionalInterface
public interface ApproverDirectory {
    /**
     * The person as an approver now: their current groups and whether they hold the Approve permission. Empty when
     * the directory does not know them (deleted user), which discounts their vote.
     */
    Optional<Approver> current(Approver asVoted);

    /**
     * The person as an approver now for a promotion of this job (its full name): where permissions are granted per
     * job (Jenkins' project-based authorization), the Approve permission is the job's. By default the same answer as
     * {@link #current(Approver)}.
     */
    default Optional<Approver> current(Approver asVoted, String job) {
        return current(asVoted);
    }

    /**
     * Judges each voter as they were when they voted: for callers that have no directory to ask (the CLI, where
     * the voter states their groups on each call).
     */
    static ApproverDirectory asVoted() {
        return Optional::of;
    }
}
