package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;

/**
 * The answer to a vote.
 *
 * @param counted  whether the vote was accepted (false: self-approval, no permission, replay, already decided…)
 * @param reason   why it counted or not
 * @param decision the promotion's decision after this vote (PENDING until N-of-M is reached)
 */
public record ApprovalResult(boolean counted, CheckResult reason, Decision decision) {
}
