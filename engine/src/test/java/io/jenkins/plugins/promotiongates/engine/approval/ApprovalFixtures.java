package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Shared values for the approval tests: one production request by bob (an agent run started by carol). */
final class ApprovalFixtures {
    static final Instant REQUESTED_AT = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofHours(24);
    static final Instant EXPIRES_AT = REQUESTED_AT.plus(TIMEOUT);
    static final Digest APP = Digest.sha256("a".repeat(64));
    static final Digest LIB = Digest.sha256("b".repeat(64));
    static final String POLICY = "sha256:" + "c".repeat(64);
    static final ApprovalBinding BINDING = new ApprovalBinding("shop/backend#42", "production", List.of(APP, LIB), POLICY);

    private ApprovalFixtures() {
    }

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static ApprovalRequirement requirement(int required, boolean distinctGroups, String... groups) {
        return new ApprovalRequirement(required, Set.of(groups), distinctGroups, TIMEOUT);
    }

    static ApprovalRequest request(ApprovalRequirement requirement) {
        return new ApprovalRequest("corr-1", BINDING, requirement, Requester.human("bob"), "carol",
                List.of("dave", "erin"), REQUESTED_AT);
    }

    /** Two approvals from {@code release-managers} or {@code sre}, not necessarily distinct groups. */
    static ApprovalState twoOfReleaseManagersOrSre() {
        return ApprovalState.open(request(requirement(2, false, "release-managers", "sre")));
    }

    static Vote approve(Approver approver) {
        return Vote.approve(approver, BINDING, REQUESTED_AT.plusSeconds(60));
    }

    static Vote approveAt(Approver approver, Instant at) {
        return Vote.approve(approver, BINDING, at);
    }

    static Vote reject(Approver approver, String comment) {
        return Vote.reject(approver, comment, BINDING, REQUESTED_AT.plusSeconds(120));
    }
}
