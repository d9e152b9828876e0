package io.jenkins.plugins.promotiongates.engine.approval;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What an environment's policy asks of human approval.
 *
 * @param required       how many distinct people must approve (N of the M members of the groups)
 * @param approverGroups the groups whose members may approve (besides holding the Approve permission)
 * @param distinctGroups whether the N approvers must each come from a different group
 * @param timeout        how long a request waits before it is rejected as timed out
 */
public record ApprovalRequirement(int required, Set<String> approverGroups, boolean distinctGroups, Duration timeout) {
    public ApprovalRequirement {
        if (required < 1) {
            throw new IllegalArgumentException("required approvals must be at least 1, got " + required);
        }
        approverGroups = Set.copyOf(approverGroups);
        if (approverGroups.isEmpty()) {
            throw new IllegalArgumentException("at least one approver group is required");
        }
        if (distinctGroups && approverGroups.size() < required) {
            throw new IllegalArgumentException(required + " approvals from distinct groups need at least " + required
                    + " groups, got " + approverGroups.size());
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }
}
