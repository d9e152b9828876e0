package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.approve;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.request;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.requirement;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalMatchingTest {
    private static final Set<String> OPS_SEC = Set.of("ops", "security");

    @Test
    void shouldFindAnAssignmentWhereGreedyFails() {
        // Greedy gives alice "ops" (her first group, alphabetically), leaving bob nothing; alice→security, bob→ops works.
        Map<String, Set<String>> approvers = new LinkedHashMap<>();
        approvers.put("alice", Set.of("ops", "security"));
        approvers.put("bob", Set.of("ops"));

        Map<String, String> assignment = ApprovalMatching.assign(approvers, OPS_SEC);

        assertThat(assignment).containsExactly(Map.entry("alice", "security"), Map.entry("bob", "ops"));
    }

    @Test
    void shouldFindAMaximumMatchingThroughALongerAugmentingPath() {
        // Each later approver forces the earlier ones to move: a→g1 then b takes g1 and pushes a to g2, and so on.
        Map<String, Set<String>> approvers = new LinkedHashMap<>();
        approvers.put("a", Set.of("g1", "g2", "g3"));
        approvers.put("b", Set.of("g1", "g2"));
        approvers.put("c", Set.of("g1"));

        Map<String, String> assignment = ApprovalMatching.assign(approvers, Set.of("g1", "g2", "g3"));

        assertThat(assignment).containsExactly(Map.entry("a", "g3"), Map.entry("b", "g2"), Map.entry("c", "g1"));
    }

    @Test
    void shouldNotAssignTwoApproversToTheOnlyGroupTheyShare() {
        Map<String, Set<String>> approvers = new LinkedHashMap<>();
        approvers.put("alice", Set.of("ops"));
        approvers.put("bob", Set.of("ops"));

        assertThat(ApprovalMatching.assign(approvers, OPS_SEC)).hasSize(1);
    }

    @Test
    void shouldIgnoreGroupsTheRequirementDoesNotName() {
        Map<String, Set<String>> approvers = new LinkedHashMap<>();
        approvers.put("alice", Set.of("ops", "developers"));
        approvers.put("bob", Set.of("developers"));

        assertThat(ApprovalMatching.assign(approvers, OPS_SEC)).containsExactly(Map.entry("alice", "ops"));
    }

    @Test
    void shouldApproveWithDistinctGroupsWhenGreedyWouldNot() {
        ApprovalState state = ApprovalState.open(request(requirement(2, true, "ops", "security")));

        VoteResult first = state.apply(approve(Approver.human("alice", "ops", "security")));
        VoteResult second = first.state().apply(approve(Approver.human("frank", "ops")));

        assertThat(first.state().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(second.state().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(second.state().assignment()).containsExactly(Map.entry("alice", "security"), Map.entry("frank", "ops"));
        assertThat(second.state().check().evidence()).containsEntry("assignment", "{alice=security, frank=ops}");
    }

    @Test
    void shouldStayPendingWhenTwoApproversCoverOnlyOneGroup() {
        ApprovalState state = ApprovalState.open(request(requirement(2, true, "ops", "security")));

        VoteResult first = state.apply(approve(Approver.human("alice", "ops")));
        VoteResult second = first.state().apply(approve(Approver.human("frank", "ops")));

        assertThat(second.counted()).isTrue();
        assertThat(second.state().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(second.state().check().status()).isEqualTo(CheckStatus.PENDING);
        assertThat(second.state().check().message()).startsWith("1 of 2 approvals from distinct groups");

        VoteResult third = second.state().apply(approve(Approver.human("grace", "security")));

        assertThat(third.state().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void shouldNeedThreeOfThreeDistinctGroups() {
        ApprovalState state = ApprovalState.open(request(requirement(3, true, "ops", "security", "qa")));

        state = state.apply(approve(Approver.human("alice", "ops", "security", "qa"))).state();
        state = state.apply(approve(Approver.human("frank", "ops", "security"))).state();
        assertThat(state.status()).isEqualTo(ApprovalStatus.PENDING);

        state = state.apply(approve(Approver.human("grace", "ops"))).state();

        assertThat(state.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(state.assignment()).containsEntry("grace", "ops").containsEntry("alice", "qa")
                .containsEntry("frank", "security");
    }
}
