package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.deploy;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.events;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.reasonCodes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, items 2 and 3 on the engine side: Jenkins' {@code SYSTEM} identity is never a person (neither a requester
 * that satisfies {@code agents: never} nor an approver), and a promotion whose commit authors are unknown is not
 * silently left to approvers who might be those authors. Each test was watched failing on the code before the fix
 * (SYSTEM passed as a person and its vote counted; unknown authors went to PENDING without a word).
 */
class RequesterAndAuthorsRedTeamTest {
    private static final RunRef UNKNOWN_AUTHORS = new RunRef("shop/release", "42", "sam", ServiceFixture.REPOSITORY,
            List.of());

    private final ServiceFixture fixture = new ServiceFixture();

    /** Staging and canary allowed, deployed and soaked for the run, as a person requested them. */
    private void upToProduction(DefaultPromotionService service, RunRef run) {
        Requester alice = Requester.human("alice");
        assertThat(gate(service, "staging", alice, run, pom()).outcome()).isEqualTo(Outcome.ALLOW);
        deploy(service, "staging", run);
        assertThat(gate(service, "canary", alice, run, pom()).outcome()).isEqualTo(Outcome.ALLOW);
        deploy(service, "canary", run);
        fixture.clock.advance(Duration.ofMinutes(75));
    }

    @ParameterizedTest(name = "requester {0}")
    @ValueSource(strings = {"SYSTEM", "system", "System"})
    void shouldDenySystemAsTheRequesterWhereOnlyPeopleMayPromote(String system) {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = fixture.service(store);
        RunRef run = ServiceFixture.run("42");
        upToProduction(service, run);

        Decision decision = gate(service, "production", Requester.human(system), run, pom());

        assertDeniedAndAudited(store, decision, ReasonCode.REQUESTER_NOT_A_PERSON);
        assertThat(events(store, decision.correlationId(), AuditEventType.APPROVAL_REQUESTED))
                .as("no approval page for SYSTEM's request").isEmpty();
    }

    @Test
    void shouldRefuseAVoteCastAsSystem() {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = fixture.service(store);
        Decision pending = fixture.pendingProduction(service, ServiceFixture.run("42"), pom());

        ApprovalResult result = service.decide(approve(service, pending, "SYSTEM", Set.of("release-managers")));

        assertThat(result.counted()).isFalse();
        assertThat(result.reason().code()).isEqualTo(ReasonCode.APPROVER_NOT_AUTHORIZED);
        assertThat(events(store, pending.correlationId(), AuditEventType.APPROVAL_GRANTED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.DENY);
                    assertThat(reasonCodes(e)).containsExactly(ReasonCode.APPROVER_NOT_AUTHORIZED);
                });
    }

    private DefaultPromotionService withUnknownCommitAuthors(String choice, InMemoryAuditStore store) {
        String changed = fixture.policyText.replace("      distinctGroups: true\n      timeoutMinutes: 1440",
                "      distinctGroups: true\n      timeoutMinutes: 1440\n      unknownCommitAuthors: " + choice);
        assertThat(changed).isNotEqualTo(fixture.policyText);
        return new DefaultPromotionService(PolicyProvider.fixed(ServiceFixture.parse(changed)), store, fixture.clock);
    }

    /** {@code block} is the default where approvals are required (the lead's decision): deny by default. */
    @ParameterizedTest(name = "unknownCommitAuthors {0}")
    @ValueSource(strings = {"block", "(default)"})
    void shouldDenyWhenTheCommitAuthorsAreUnknownAndThePolicyBlocks(String choice) {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = choice.equals("block") ? withUnknownCommitAuthors(choice, store)
                : fixture.service(store);
        upToProduction(service, UNKNOWN_AUTHORS);

        Decision decision = gate(service, "production", Requester.human("alice"), UNKNOWN_AUTHORS, pom());

        assertDeniedAndAudited(store, decision, ReasonCode.COMMIT_AUTHORS_UNKNOWN);
        assertThat(decision.reasons()).extracting(CheckResult::message)
                .anyMatch(m -> m.contains("commit authors of shop/release#42 could not be determined"));
    }

    @Test
    void shouldSayTheAuthorsAreUnknownButLeaveItToTheApproversWhenThePolicyAllows() {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = withUnknownCommitAuthors("allow", store);
        upToProduction(service, UNKNOWN_AUTHORS);

        Decision decision = gate(service, "production", Requester.human("alice"), UNKNOWN_AUTHORS, pom());

        assertThat(decision.outcome()).as(decision.toString()).isEqualTo(Outcome.PENDING);
        assertThat(decision.checks()).filteredOn(c -> c.gate().equals("approvals")).singleElement().satisfies(c -> {
            assertThat(c.message()).contains("Warning: the commit authors of shop/release#42 could not be determined");
            assertThat(c.evidence()).containsEntry("commitAuthors.known", "false");
        });
    }

    @Test
    void shouldStillLetAPersonRequestAndOthersApproveWhenTheAuthorsAreKnown() {
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        DefaultPromotionService service = fixture.service(store);
        Decision pending = fixture.pendingProduction(service, ServiceFixture.run("42"), pom());

        assertThat(pending.checks()).filteredOn(c -> c.gate().equals("approvals")).singleElement()
                .satisfies(c -> assertThat(c.evidence()).containsEntry("commitAuthors", "dave")
                        .containsEntry("commitAuthors.known", "true"));
        assertThat(service.decide(approve(service, pending, "dave", Set.of("release-managers"))).reason().code())
                .as("positive control of the author rule").isEqualTo(ReasonCode.SELF_APPROVAL_FORBIDDEN);
        assertThat(service.decide(approve(service, pending, "bob", Set.of("release-managers"))).counted()).isTrue();
    }
}
