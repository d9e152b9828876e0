package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;

import java.util.Objects;

/**
 * The answer to one vote.
 *
 * @param state   the request's state after the vote (unchanged when not counted, except that a vote arriving after
 *                {@code expiresAt} times the request out)
 * @param counted whether the vote was accepted
 * @param reason  why: a pass when counted, otherwise a failure with the refusing {@link
 *                io.jenkins.plugins.promotiongates.engine.model.ReasonCode}
 */
public record VoteResult(ApprovalState state, boolean counted, CheckResult reason) {
    public VoteResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
