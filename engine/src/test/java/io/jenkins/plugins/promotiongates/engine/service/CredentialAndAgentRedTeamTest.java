package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.entitlement.BrokerKeyPair;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementClaims;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementMinter;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.BROKER;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.allEvents;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.reasonCodes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.submission;
import static org.assertj.core.api.Assertions.assertThat;

/** Credentials used outside their environment or after a swap, and agent entitlements that must not work. */
class CredentialAndAgentRedTeamTest {
    private static final Requester ALICE = Requester.human("alice");
    private static final Requester BOT = Requester.agent("release-bot-7");

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
    private final DefaultPromotionService service = fixture.service(store);

    private void assertRefusedAndAudited(CredentialDecision decision, ReasonCode code) {
        assertThat(decision.granted()).isFalse();
        assertThat(decision.checks()).extracting(CheckResult::code).contains(code);
        List<AuditEvent> refused = allEvents(store, AuditEventType.CREDENTIAL_REFUSED);
        assertThat(refused).isNotEmpty();
        AuditEvent last = refused.get(refused.size() - 1);
        assertThat(last.outcome()).isEqualTo(Outcome.DENY);
        assertThat(reasonCodes(last)).contains(code);
        assertThat(allEvents(store, AuditEventType.CREDENTIAL_BOUND)).isEmpty();
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }

    @Test
    void shouldRefuseTheProductionCredentialInAStagingBlock() {
        RunRef run = run("42");
        assertThat(gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();

        CredentialDecision decision = service.authorizeCredential(new CredentialRequest("staging", "prod-deploy", run,
                List.of(pom().artifact())));

        assertRefusedAndAudited(decision, ReasonCode.CREDENTIAL_OUT_OF_SCOPE);
    }

    @Test
    void shouldRefuseTheStagingCredentialInAProductionBlock() {
        RunRef run = run("42");
        Decision pending = fixture.pendingProduction(service, run, pom());
        service.decide(approve(service, pending, "bob", Set.of("release-managers")));
        assertThat(service.decide(approve(service, pending, "carol", Set.of("security"))).decision().isAllowed())
                .isTrue();

        CredentialDecision decision = service.authorizeCredential(new CredentialRequest("production",
                "staging-deploy", run, List.of(pom().artifact())));

        assertRefusedAndAudited(decision, ReasonCode.CREDENTIAL_OUT_OF_SCOPE);
    }

    @Test
    void shouldRefuseTheCredentialWhenTheDigestWasSwappedAfterTheGate() {
        RunRef run = run("42");
        assertThat(gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();
        ArtifactRef swapped = new ArtifactRef(ServiceFixture.POM,
                ServiceFixture.digestOf("tampered/sigstore-java-1.0.0-byteflip_fail/artifact"));

        CredentialDecision decision = service.authorizeCredential(new CredentialRequest("staging", "staging-deploy",
                run, List.of(swapped)));

        assertRefusedAndAudited(decision, ReasonCode.ARTIFACT_CHANGED_SINCE_GATE);
        assertThat(allEvents(store, AuditEventType.CREDENTIAL_REFUSED).get(0).digests())
                .containsExactly(swapped.digest().toString());
    }

    @Test
    void shouldRefuseTheCredentialWhenNoDigestWasRecomputed() {
        RunRef run = run("42");
        assertThat(gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();

        CredentialDecision decision = service.authorizeCredential(new CredentialRequest("staging", "staging-deploy",
                run, List.of()));

        assertRefusedAndAudited(decision, ReasonCode.MISSING_EVIDENCE);
    }

    // ---------------------------------------------------------------------------------------------- entitlements

    private Decision promoteAsBot(String environment, String token) {
        return service.requestPromotion(submission(environment, BOT, run("42"), List.of(pom()), token));
    }

    private String mint(BrokerKeyPair key, String issuer, MutableClock brokerClock, String agent,
            List<String> environments) {
        return new EntitlementMinter(key, issuer, brokerClock).mint(new EntitlementClaims(agent, "release task",
                List.of("github.com/sigstore/sigstore-java"), List.of("promote"), environments, Duration.ofMinutes(30)));
    }

    @ParameterizedTest(name = "token used {0} s after expiry")
    @CsvSource({"31, true", "29, false"})
    void shouldRefuseAnExpiredEntitlementBeyondTheAllowedClockSkew(int secondsAfterExpiry, boolean denied) {
        String token = fixture.entitlement(BOT.id(), List.of("staging"), Duration.ofMinutes(30));
        fixture.clock.advance(Duration.ofMinutes(30).plusSeconds(secondsAfterExpiry));

        Decision decision = promoteAsBot("staging", token);

        if (denied) {
            assertDeniedAndAudited(store, decision, ReasonCode.ENTITLEMENT_EXPIRED);
        } else {
            assertThat(decision.outcome()).as("within the 30 s skew").isEqualTo(Outcome.ALLOW);
        }
    }

    @ParameterizedTest(name = "broker clock {0} s ahead")
    @CsvSource({"40, true", "20, false"})
    void shouldRefuseAnEntitlementThatIsNotValidYetBeyondTheAllowedClockSkew(int brokerAheadSeconds,
            boolean denied) {
        MutableClock broker = new MutableClock(fixture.clock.instant().plusSeconds(brokerAheadSeconds));
        String token = mint(fixture.broker, BROKER, broker, BOT.id(), List.of("staging"));

        Decision decision = promoteAsBot("staging", token);

        if (denied) {
            assertDeniedAndAudited(store, decision, ReasonCode.ENTITLEMENT_NOT_YET_VALID);
        } else {
            assertThat(decision.outcome()).as("within the 30 s skew").isEqualTo(Outcome.ALLOW);
        }
    }

    @Test
    void shouldRefuseAnEntitlementForgedWithAnotherKeyUnderTheTrustedKeyId() {
        BrokerKeyPair attacker = BrokerKeyPair.generate(BROKER, "EdDSA");

        Decision decision = promoteAsBot("staging", mint(attacker, BROKER, fixture.clock, BOT.id(),
                List.of("staging", "canary", "production")));

        assertDeniedAndAudited(store, decision, ReasonCode.ENTITLEMENT_INVALID);
    }

    @Test
    void shouldRefuseAnEntitlementFromAnUnknownBroker() {
        BrokerKeyPair attacker = BrokerKeyPair.generate("attacker-broker", "EdDSA");

        Decision decision = promoteAsBot("staging", mint(attacker, "attacker-broker", fixture.clock, BOT.id(),
                List.of("staging")));

        assertDeniedAndAudited(store, decision, ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER);
    }

    @Test
    void shouldRefuseAnEntitlementOutsideItsEnvironments() {
        Decision decision = promoteAsBot("canary", fixture.entitlement(BOT.id(), List.of("staging"),
                Duration.ofMinutes(30)));

        assertDeniedAndAudited(store, decision, ReasonCode.ENTITLEMENT_OUT_OF_SCOPE);
    }

    @Test
    void shouldRefuseAnEntitlementIssuedToAnotherAgent() {
        Decision decision = promoteAsBot("staging", fixture.entitlement("other-bot", List.of("staging"),
                Duration.ofMinutes(30)));

        assertDeniedAndAudited(store, decision, ReasonCode.ENTITLEMENT_INVALID);
    }

    @Test
    void shouldRefuseAnAgentWithoutEntitlementAndAnyAgentInProduction() {
        Decision none = promoteAsBot("staging", null);
        Decision production = service.requestPromotion(submission("production", Requester.agent("bot-2"), run("43"),
                List.of(pom()), fixture.entitlement("bot-2", List.of("production"), Duration.ofMinutes(30))));

        assertDeniedAndAudited(store, none, ReasonCode.ENTITLEMENT_MISSING);
        assertDeniedAndAudited(store, production, ReasonCode.AGENTS_NOT_ALLOWED);
        assertThat(store.byCorrelationId(production.correlationId())).filteredOn(
                e -> e.type() == AuditEventType.DECISION).first()
                .satisfies(e -> assertThat(e.payloadValue(PayloadKeys.ENTITLEMENT_AGENT)).isEqualTo("bot-2"));
    }
}
