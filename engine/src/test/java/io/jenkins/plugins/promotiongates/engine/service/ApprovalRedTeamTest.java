package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.events;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.reasonCodes;
import static org.assertj.core.api.Assertions.assertThat;

/** Approval abuse: replaying an approval elsewhere, approving one's own promotion, approving without the right. */
class ApprovalRedTeamTest {
    private static final Set<String> RELEASE_MANAGERS = Set.of("release-managers");
    /** Alice requests; sam started the run; dave wrote the commits. */
    private static final RunRef RUN = new RunRef("shop/release", "42", "sam", ServiceFixture.REPOSITORY,
            List.of("dave"));

    private final ServiceFixture fixture = new ServiceFixture();

    /** What an attacker changes in a genuine vote to replay it. */
    @SuppressWarnings("ImmutableEnumChecker") // the functions are stateless lambdas
    enum Replay {
        OTHER_DIGEST(v -> with(v, v.runId(), v.environment(), List.of(ServiceFixture.jar().artifact().digest()),
                v.policyHash())),
        OTHER_RUN(v -> with(v, "shop/release#41", v.environment(), v.digests(), v.policyHash())),
        OTHER_ENVIRONMENT(v -> with(v, v.runId(), "canary", v.digests(), v.policyHash())),
        OTHER_POLICY(v -> with(v, v.runId(), v.environment(), v.digests(), "cd".repeat(32)));

        private final UnaryOperator<ApprovalVote> change;

        Replay(UnaryOperator<ApprovalVote> change) {
            this.change = change;
        }
    }

    private static ApprovalVote with(ApprovalVote vote, String runId, String environment, List<Digest> digests,
            String policyHash) {
        return new ApprovalVote(vote.correlationId(), vote.voter(), vote.voterGroups(), vote.hasApprovePermission(),
                vote.voterIsAgent(), vote.verdict(), vote.comment(), runId, environment, digests, policyHash);
    }

    private static ApprovalVote by(ApprovalVote vote, String voter, Set<String> groups, boolean permission,
            boolean agent) {
        return new ApprovalVote(vote.correlationId(), voter, groups, permission, agent, vote.verdict(), vote.comment(),
                vote.runId(), vote.environment(), vote.digests(), vote.policyHash());
    }

    /** The vote was refused with the code, and the refusal is in the audit trail with the voter and the code. */
    private static void assertRefusedAndAudited(AuditStore store, ApprovalResult result, String voter,
            ReasonCode code) {
        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(code);
        assertThat(result.decision().isAllowed()).isFalse();
        List<AuditEvent> votes = events(store, result.decision().correlationId(), AuditEventType.APPROVAL_GRANTED);
        assertThat(votes).filteredOn(e -> e.actor().equals(voter)).last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DENY);
            assertThat(reasonCodes(e)).containsExactly(code);
        });
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Replay.class)
    void shouldRefuseAnApprovalBoundToSomethingElse(Replay replay) {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = fixture.service(store);
        Decision pending = fixture.pendingProduction(service, RUN, pom());

        ApprovalResult result = service.decide(replay.change.apply(approve(service, pending, "bob",
                RELEASE_MANAGERS)));

        assertRefusedAndAudited(store, result, "bob", ReasonCode.APPROVAL_BINDING_MISMATCH);
    }

    @Test
    void shouldKeepAReplayedApprovalRefusedAfterARestart(@TempDir Path directory) {
        Decision pending;
        try (FileAuditStore store = new FileAuditStore(directory, fixture.clock)) {
            DefaultPromotionService service = fixture.service(store);
            pending = fixture.pendingProduction(service, RUN, pom());
            ApprovalVote replayed = Replay.OTHER_DIGEST.change.apply(approve(service, pending, "bob",
                    RELEASE_MANAGERS));
            assertRefusedAndAudited(store, service.decide(replayed), "bob", ReasonCode.APPROVAL_BINDING_MISMATCH);
        }
        try (FileAuditStore store = new FileAuditStore(directory, fixture.clock)) {
            DefaultPromotionService service = fixture.service(store);

            assertThat(service.pendingApprovals()).singleElement()
                    .satisfies(p -> assertThat(p.approvedBy()).isEmpty());
            ApprovalResult again = service.decide(Replay.OTHER_RUN.change.apply(approve(service, pending, "carol",
                    Set.of("security"))));
            assertRefusedAndAudited(store, again, "carol", ReasonCode.APPROVAL_BINDING_MISMATCH);
            assertThat(service.decide(approve(service, pending, "bob", RELEASE_MANAGERS)).counted()).isTrue();
        }
    }

    /** Who tries to approve and why it must not count. */
    enum Voter {
        REQUESTER("alice", false, ReasonCode.SELF_APPROVAL_FORBIDDEN),
        RUN_STARTER("sam", false, ReasonCode.SELF_APPROVAL_FORBIDDEN),
        COMMIT_AUTHOR("dave", false, ReasonCode.SELF_APPROVAL_FORBIDDEN),
        REQUESTER_OTHER_CASE("ALICE", false, ReasonCode.SELF_APPROVAL_FORBIDDEN),
        AGENT_IDENTITY("release-bot-7", true, ReasonCode.APPROVER_NOT_AUTHORIZED);

        private final String id;
        private final boolean agent;
        private final ReasonCode code;

        Voter(String id, boolean agent, ReasonCode code) {
            this.id = id;
            this.agent = agent;
            this.code = code;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Voter.class)
    void shouldRefuseSelfApproval(Voter voter) {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = fixture.service(store);
        Decision pending = fixture.pendingProduction(service, RUN, pom());

        ApprovalResult result = service.decide(by(approve(service, pending, "x", RELEASE_MANAGERS), voter.id,
                RELEASE_MANAGERS, true, voter.agent));

        assertRefusedAndAudited(store, result, voter.id, voter.code);
    }

    @Test
    void shouldRefuseAnApproverWithoutPermissionOrOutsideTheApproverGroups() {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = fixture.service(store);
        Decision pending = fixture.pendingProduction(service, RUN, pom());
        ApprovalVote genuine = approve(service, pending, "bob", RELEASE_MANAGERS);

        ApprovalResult noPermission = service.decide(by(genuine, "bob", RELEASE_MANAGERS, false, false));
        ApprovalResult otherGroup = service.decide(by(genuine, "mallory", Set.of("developers"), true, false));

        assertRefusedAndAudited(store, noPermission, "bob", ReasonCode.APPROVER_NOT_AUTHORIZED);
        assertRefusedAndAudited(store, otherGroup, "mallory", ReasonCode.APPROVER_NOT_AUTHORIZED);
    }

    @Test
    void shouldNotReuseAConsumedApprovalForALaterGateOfTheSameRun() {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = fixture.service(store);
        Decision pending = fixture.pendingProduction(service, RUN, pom());
        service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));
        assertThat(service.decide(approve(service, pending, "carol", Set.of("security"))).decision().isAllowed())
                .isTrue();

        Decision retried = ServiceFixture.gate(service, "production", io.jenkins.plugins.promotiongates.engine.model
                .Requester.human("alice"), RUN, pom());
        // Asking again for the very same request (a retried step) returns its recorded allow, which grants nothing
        // the allow did not already grant; the approval is not consumed a second time.
        assertThat(retried.isAllowed()).isTrue();
        assertThat(ServiceFixture.events(store, pending.correlationId(),
                io.jenkins.plugins.promotiongates.engine.audit.AuditEventType.APPROVAL_CONSUMED)).hasSize(1);
        ServiceFixture.deploy(service, "production", RUN);

        Decision again = ServiceFixture.gate(service, "production", io.jenkins.plugins.promotiongates.engine.model
                .Requester.human("alice"), RUN, pom());

        assertThat(again.outcome()).as("once deployed, a new gate needs new approvals").isEqualTo(Outcome.PENDING);
        assertThat(service.pendingApprovals()).singleElement().satisfies(p -> assertThat(p.approvedBy()).isEmpty());
    }
}
