package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.APP;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.BINDING;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.EXPIRES_AT;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.LIB;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.POLICY;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.REQUESTED_AT;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.approve;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.approveAt;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.clockAt;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.reject;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.request;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.requirement;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.twoOfReleaseManagersOrSre;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalStateTest {
    private static final Approver ALICE = Approver.human("alice", "release-managers");
    private static final Approver FRANK = Approver.human("frank", "sre");
    private static final Approver GRACE = Approver.human("grace", "release-managers", "sre");
    private static final Clock DURING = clockAt(REQUESTED_AT.plusSeconds(600));

    @Test
    void shouldStayPendingUntilTheRequiredNumberOfApprovals() {
        VoteResult first = twoOfReleaseManagersOrSre().apply(approve(ALICE));

        assertThat(first.counted()).isTrue();
        assertThat(first.state().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(first.state().check().status()).isEqualTo(CheckStatus.PENDING);
        assertThat(first.state().check().code()).isEqualTo(ReasonCode.APPROVAL_REQUIRED);
        assertThat(first.state().check().message()).startsWith("1 of 2 approvals");

        VoteResult second = first.state().apply(approve(FRANK));

        assertThat(second.counted()).isTrue();
        assertThat(second.state().status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(second.state().approvedBy()).containsExactly("alice", "frank");
        assertThat(second.state().check().status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void shouldAcceptApproversFromTheSameGroupWhenGroupsNeedNotBeDistinct() {
        Approver henry = Approver.human("henry", "release-managers");

        ApprovalState state = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state().apply(approve(henry)).state();

        assertThat(state.status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void shouldNotCountASecondApprovalBySamePerson() {
        ApprovalState once = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state();

        VoteResult again = once.apply(approve(ALICE));
        VoteResult otherCase = once.apply(approve(Approver.human("ALICE", "release-managers")));

        assertThat(again.counted()).isFalse();
        assertThat(again.state()).isEqualTo(once);
        assertThat(again.state().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(again.reason().message()).contains("already counted");
        assertThat(again.reason().code()).isEqualTo(ReasonCode.APPROVAL_VOTE_ALREADY_COUNTED);
        assertThat(again.reason().isProblem()).isTrue();
        assertThat(otherCase.reason().code()).isEqualTo(ReasonCode.APPROVAL_VOTE_ALREADY_COUNTED);
        assertThat(otherCase.counted()).isFalse();
        assertThat(otherCase.state().approvedBy()).containsExactly("alice");
    }

    static Stream<Arguments> conflictsOfInterest() {
        return Stream.of(
                Arguments.of("requester", "bob"),
                Arguments.of("requester in other case", "BOB"),
                Arguments.of("run starter", "carol"),
                Arguments.of("run starter in other case", "Carol"),
                Arguments.of("first commit author", "dave"),
                Arguments.of("second commit author", "ERIN"));
    }

    @ParameterizedTest(name = "{0} may not approve")
    @MethodSource("conflictsOfInterest")
    void shouldRefuseSelfApproval(String role, String userId) {
        VoteResult result = twoOfReleaseManagersOrSre().apply(approve(Approver.human(userId, "release-managers")));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.SELF_APPROVAL_FORBIDDEN);
        assertThat(result.state().approvedBy()).isEmpty();
    }

    @Test
    void shouldRefuseSelfApprovalByAnAgentRequester() {
        ApprovalRequest byAgent = new ApprovalRequest("corr-2", BINDING, requirement(1, false, "release-managers"),
                Requester.agent("release-bot"), null, List.of(), REQUESTED_AT);

        VoteResult result = ApprovalState.open(byAgent).apply(approve(Approver.human("release-bot", "release-managers")));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.SELF_APPROVAL_FORBIDDEN);
    }

    static Stream<Arguments> unauthorizedApprovers() {
        return Stream.of(
                Arguments.of("agent identity", new Approver("deploy-agent", Set.of("release-managers"), true, true)),
                Arguments.of("no Approve permission", new Approver("ivan", Set.of("release-managers"), false, false)),
                Arguments.of("in no approver group", Approver.human("judy", "developers")),
                Arguments.of("group name in other case", Approver.human("kim", "Release-Managers")),
                Arguments.of("no groups at all", Approver.human("leo")));
    }

    @ParameterizedTest(name = "{0} may not approve")
    @MethodSource("unauthorizedApprovers")
    void shouldRefuseUnauthorizedApprovers(String description, Approver approver) {
        VoteResult result = twoOfReleaseManagersOrSre().apply(approve(approver));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVER_NOT_AUTHORIZED);
        assertThat(result.state().approvedBy()).isEmpty();
    }

    @Test
    void shouldRefuseAnAgentEvenWithPermissionAndGroup() {
        Approver agent = new Approver("ops-agent", Set.of("release-managers", "sre"), true, true);

        VoteResult result = twoOfReleaseManagersOrSre().apply(Vote.reject(agent, "no", BINDING, REQUESTED_AT.plusSeconds(5)));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVER_NOT_AUTHORIZED);
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    static Stream<Arguments> otherBindings() {
        Digest other = Digest.sha256("d".repeat(64));
        return Stream.of(
                Arguments.of("another digest", new ApprovalBinding("shop/backend#42", "production", List.of(APP, other), POLICY), "digests"),
                Arguments.of("a subset of the digests", new ApprovalBinding("shop/backend#42", "production", List.of(APP), POLICY), "digests"),
                Arguments.of("another run", new ApprovalBinding("shop/backend#43", "production", List.of(APP, LIB), POLICY), "runId"),
                Arguments.of("another environment", new ApprovalBinding("shop/backend#42", "canary", List.of(APP, LIB), POLICY), "environment"),
                Arguments.of("another policy version", new ApprovalBinding("shop/backend#42", "production", List.of(APP, LIB), "sha256:" + "e".repeat(64)), "policyHash"));
    }

    @ParameterizedTest(name = "an approval for {0} is refused")
    @MethodSource("otherBindings")
    void shouldRefuseReplayForAnotherBinding(String description, ApprovalBinding shown, String field) {
        VoteResult result = twoOfReleaseManagersOrSre().apply(Vote.approve(ALICE, shown, REQUESTED_AT.plusSeconds(5)));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVAL_BINDING_MISMATCH);
        assertThat(result.reason().evidence()).containsKeys("expected." + field, "actual." + field);
        assertThat(result.state().approvedBy()).isEmpty();
    }

    @Test
    void shouldAcceptTheSameDigestsInAnotherOrder() {
        ApprovalBinding reordered = new ApprovalBinding("shop/backend#42", "production", List.of(LIB, APP, LIB), POLICY);

        VoteResult result = twoOfReleaseManagersOrSre().apply(Vote.approve(ALICE, reordered, REQUESTED_AT.plusSeconds(5)));

        assertThat(result.counted()).isTrue();
    }

    @Test
    void shouldRejectEvenAfterPartialApprovals() {
        ApprovalState partly = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state();

        VoteResult result = partly.apply(reject(FRANK, "rollback plan points at the wrong release"));

        assertThat(result.counted()).isTrue();
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(result.state().rejection()).hasValueSatisfying(vote -> assertThat(vote.approver()).isEqualTo(FRANK));
        assertThat(result.state().check().code()).isEqualTo(ReasonCode.APPROVAL_REJECTED);
        assertThat(result.state().check().evidence()).containsEntry("rejectedBy", "frank")
                .containsEntry("rejectionComment", "rollback plan points at the wrong release");
    }

    @Test
    void shouldLetAnApproverChangeTheirMindToReject() {
        ApprovalState approvedByAlice = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state();

        VoteResult result = approvedByAlice.apply(reject(ALICE, "spotted a failing smoke test"));

        assertThat(result.counted()).isTrue();
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.REJECTED);
    }

    @ParameterizedTest(name = "comment \"{0}\" is not enough to reject")
    @ValueSource(strings = {"", "   ", "\n\t"})
    void shouldRefuseRejectionWithoutComment(String comment) {
        VoteResult result = twoOfReleaseManagersOrSre().apply(reject(ALICE, comment));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.INVALID_REQUEST);
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void shouldRefuseRejectionWithNullComment() {
        VoteResult result = twoOfReleaseManagersOrSre().apply(
                new Vote(ALICE, Vote.Verdict.REJECT, null, BINDING, REQUESTED_AT.plusSeconds(5)));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.INVALID_REQUEST);
    }

    @Test
    void shouldCountAVoteOneNanosecondBeforeExpiry() {
        ApprovalState state = ApprovalState.open(request(requirement(1, false, "release-managers")));

        VoteResult result = state.apply(approveAt(ALICE, EXPIRES_AT.minusNanos(1)));

        assertThat(result.counted()).isTrue();
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void shouldTimeOutAVoteCastExactlyAtExpiry() {
        ApprovalState state = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state();

        VoteResult result = state.apply(approveAt(FRANK, EXPIRES_AT));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVAL_TIMED_OUT);
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(result.state().events()).last().isEqualTo(new ApprovalEvent.TimedOut(EXPIRES_AT));
    }

    @Test
    void shouldTimeOutExactlyAtExpiresAt() {
        ApprovalState state = twoOfReleaseManagersOrSre();

        assertThat(state.timeOutIfDue(clockAt(EXPIRES_AT.minusNanos(1)))).isSameAs(state);
        ApprovalState timedOut = state.timeOutIfDue(clockAt(EXPIRES_AT));
        assertThat(timedOut.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
        assertThat(timedOut.check().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(timedOut.check().code()).isEqualTo(ReasonCode.APPROVAL_TIMED_OUT);
        assertThat(timedOut.timeOutIfDue(clockAt(EXPIRES_AT.plusSeconds(1)))).isSameAs(timedOut);
    }

    @Test
    void shouldNotTimeOutAnApprovedRequest() {
        ApprovalState approved = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state().apply(approve(FRANK)).state();

        assertThat(approved.timeOutIfDue(clockAt(EXPIRES_AT.plusSeconds(3600))).status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void shouldRefuseAVoteDatedBeforeTheRequest() {
        VoteResult result = twoOfReleaseManagersOrSre().apply(approveAt(ALICE, REQUESTED_AT.minusSeconds(1)));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.INVALID_REQUEST);
    }

    static Stream<Arguments> closedStates() {
        ApprovalState approved = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state().apply(approve(FRANK)).state();
        return Stream.of(
                Arguments.of(approved, ReasonCode.APPROVAL_ALREADY_DECIDED),
                Arguments.of(approved.consume(BINDING, DURING).state(), ReasonCode.APPROVAL_ALREADY_CONSUMED),
                Arguments.of(twoOfReleaseManagersOrSre().apply(reject(ALICE, "no")).state(), ReasonCode.APPROVAL_REJECTED),
                Arguments.of(twoOfReleaseManagersOrSre().timeOutIfDue(clockAt(EXPIRES_AT)), ReasonCode.APPROVAL_TIMED_OUT),
                Arguments.of(twoOfReleaseManagersOrSre().withdraw("jenkins", "build aborted by bob", DURING).state(),
                        ReasonCode.APPROVAL_WITHDRAWN));
    }

    @ParameterizedTest(name = "a vote on a request that is {0} is refused with {1}")
    @MethodSource("closedStates")
    void shouldRefuseVotesOnceTheRequestIsClosed(ApprovalState closed, ReasonCode expected) {
        VoteResult result = closed.apply(approve(GRACE));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(expected);
        assertThat(result.state()).isEqualTo(closed);
    }

    @Test
    void shouldConsumeAnApprovalExactlyOnce() {
        ApprovalState approved = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state().apply(approve(FRANK)).state();

        Transition first = approved.consume(BINDING, DURING);
        Transition second = first.state().consume(BINDING, DURING);

        assertThat(first.accepted()).isTrue();
        assertThat(first.state().status()).isEqualTo(ApprovalStatus.CONSUMED);
        assertThat(second.accepted()).isFalse();
        assertThat(second.reason().code()).isEqualTo(ReasonCode.APPROVAL_ALREADY_CONSUMED);
        assertThat(second.state().check().code()).isEqualTo(ReasonCode.APPROVAL_ALREADY_CONSUMED);
        assertThat(second.state().check().status()).isEqualTo(CheckStatus.FAILED);
    }

    @ParameterizedTest(name = "consuming for {0} is refused")
    @MethodSource("otherBindings")
    void shouldRefuseToConsumeForAnotherBinding(String description, ApprovalBinding other, String field) {
        ApprovalState approved = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state().apply(approve(FRANK)).state();

        Transition result = approved.consume(other, DURING);

        assertThat(result.accepted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVAL_BINDING_MISMATCH);
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void shouldRefuseToConsumeAPendingRequest() {
        Transition result = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state().consume(BINDING, DURING);

        assertThat(result.accepted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVAL_REQUIRED);
    }

    @Test
    void shouldWithdrawAPendingRequestWithItsReason() {
        Transition result = twoOfReleaseManagersOrSre().apply(approve(ALICE)).state()
                .withdraw("bob", "build aborted", DURING);

        assertThat(result.accepted()).isTrue();
        assertThat(result.state().status()).isEqualTo(ApprovalStatus.WITHDRAWN);
        assertThat(result.state().check().code()).isEqualTo(ReasonCode.APPROVAL_WITHDRAWN);
        assertThat(result.state().check().evidence()).containsEntry("withdrawnBy", "bob")
                .containsEntry("withdrawReason", "build aborted");
        assertThat(result.state().consume(BINDING, DURING).reason().code()).isEqualTo(ReasonCode.APPROVAL_WITHDRAWN);
    }

    @Test
    void shouldRefuseWithdrawalWithoutReasonOrOfADecidedRequest() {
        ApprovalState rejected = twoOfReleaseManagersOrSre().apply(reject(ALICE, "not today")).state();

        assertThat(twoOfReleaseManagersOrSre().withdraw("bob", " ", DURING).accepted()).isFalse();
        Transition late = rejected.withdraw("bob", "build aborted", DURING);
        assertThat(late.accepted()).isFalse();
        assertThat(late.reason().code()).isEqualTo(ReasonCode.APPROVAL_REJECTED);
    }

    @Test
    void shouldRebuildTheSameStateByReplayingRecordedEvents() {
        ApprovalState state = twoOfReleaseManagersOrSre();
        state = state.apply(approve(ALICE)).state();
        state = state.apply(approve(ALICE)).state();
        state = state.apply(approve(FRANK)).state();
        state = state.consume(BINDING, DURING).state();

        ApprovalState replayed = ApprovalState.replay(state.request(), state.events());

        assertThat(state.events()).hasSize(3);
        assertThat(replayed).isEqualTo(state);
        assertThat(replayed.status()).isEqualTo(ApprovalStatus.CONSUMED);
        assertThat(replayed.approvedBy()).containsExactly("alice", "frank");
    }

    @Test
    void shouldRefuseRecordedVotesAgainWhenReplayingThem() {
        ApprovalRequest request = twoOfReleaseManagersOrSre().request();
        List<ApprovalEvent> recorded = List.of(
                new ApprovalEvent.VoteCast(approve(Approver.human("bob", "release-managers"))),
                new ApprovalEvent.VoteCast(approve(ALICE)),
                new ApprovalEvent.VoteCast(approveAt(FRANK, EXPIRES_AT)));

        ApprovalState replayed = ApprovalState.replay(request, recorded);

        assertThat(replayed.approvedBy()).containsExactly("alice");
        assertThat(replayed.status()).isEqualTo(ApprovalStatus.TIMED_OUT);
    }

    @Test
    void shouldReplayWithdrawalAndTimeout() {
        ApprovalRequest request = twoOfReleaseManagersOrSre().request();

        assertThat(ApprovalState.replay(request, List.of(new ApprovalEvent.Withdrawn("bob", "aborted", REQUESTED_AT)))
                .status()).isEqualTo(ApprovalStatus.WITHDRAWN);
        assertThat(ApprovalState.replay(request, List.of(new ApprovalEvent.TimedOut(EXPIRES_AT.minusSeconds(1))))
                .status()).as("a time-out recorded too early is ignored").isEqualTo(ApprovalStatus.PENDING);
        assertThat(ApprovalState.replay(request, List.of(new ApprovalEvent.TimedOut(EXPIRES_AT))).status())
                .isEqualTo(ApprovalStatus.TIMED_OUT);
    }
}
