package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.allEvents;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.codes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Faults: the store, the trusted root, the verifier and the policy fail; the gate denies with the reason. */
class DefaultPromotionServiceFaultTest {
    private static final Requester ALICE = Requester.human("alice");

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore real = new InMemoryAuditStore(fixture.clock);
    private final FailingAuditStore store = new FailingAuditStore(real);
    private final DefaultPromotionService service = fixture.service(store);

    /** Which kind of store failure: unavailable (connection, lock) or a full disk surfacing as an I/O error. */
    @SuppressWarnings("ImmutableEnumChecker") // the suppliers are stateless lambdas
    enum StoreFault {
        UNAVAILABLE(() -> new StoreUnavailableException("audit store unavailable: connection refused")),
        DISK_FULL(() -> new UncheckedIOException(new IOException("No space left on device")));

        private final Supplier<RuntimeException> exception;

        StoreFault(Supplier<RuntimeException> exception) {
            this.exception = exception;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(StoreFault.class)
    void shouldDenyAPromotionThatWouldPassWhenNothingCanBeRecorded(StoreFault fault) {
        store.failAppends(event -> true, fault.exception);

        Decision decision = gate(service, "staging", ALICE, run("42"), pom());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(decision)).containsExactly(ReasonCode.STORE_UNAVAILABLE);
        assertThat(real.lastSequence()).isZero();
        store.heal();
        assertThat(gate(service, "staging", ALICE, run("42"), pom()).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    @ParameterizedTest(name = "only {0} appends fail")
    @EnumSource(value = AuditEventType.class, names = {"PROMOTION_REQUESTED", "DECISION"})
    void shouldNeverAllowWhenTheDecisionItselfCannotBeRecorded(AuditEventType failing) {
        store.failAppendsOf(failing, StoreFault.UNAVAILABLE.exception);

        Decision decision = gate(service, "staging", ALICE, run("42"), pom());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(decision)).containsExactly(ReasonCode.STORE_UNAVAILABLE);
        assertThat(allEvents(real, AuditEventType.DECISION)).noneMatch(e -> e.outcome() == Outcome.ALLOW);
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    @Test
    void shouldDenyWhenTheApprovalRequestCannotBeRecorded() {
        store.failAppendsOf(AuditEventType.APPROVAL_REQUESTED, StoreFault.DISK_FULL.exception);
        RunRef run = run("42");
        assertThat(gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();
        ServiceFixture.deploy(service, "staging", run);
        assertThat(gate(service, "canary", ALICE, run, pom()).isAllowed()).isTrue();
        ServiceFixture.deploy(service, "canary", run);
        fixture.clock.advance(java.time.Duration.ofMinutes(75));

        Decision decision = gate(service, "production", ALICE, run, pom());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(decision)).containsExactly(ReasonCode.STORE_UNAVAILABLE);
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    @Test
    void shouldNotCountAVoteNorBindACredentialWhenTheStoreIsDown() {
        RunRef run = run("42");
        Decision pending = fixture.pendingProduction(service, run, pom());
        ApprovalVote bob = approve(service, pending, "bob", Set.of("release-managers"));
        assertThat(gate(service, "staging", ALICE, run("43"), pom()).isAllowed()).isTrue();
        store.failAppends(event -> true, StoreFault.UNAVAILABLE.exception);

        ApprovalResult vote = service.decide(bob);
        CredentialDecision credential = service.authorizeCredential(new CredentialRequest("staging",
                "staging-deploy", run("43"), List.of(pom().artifact())));
        Decision withdrawn = service.withdraw(pending.correlationId(), "alice", "aborted");

        assertThat(vote.counted()).isFalse();
        assertThat(vote.reason().code()).isEqualTo(ReasonCode.STORE_UNAVAILABLE);
        assertThat(vote.decision().isAllowed()).isFalse();
        assertThat(credential.granted()).isFalse();
        assertThat(credential.checks()).extracting(CheckResult::code).containsExactly(ReasonCode.STORE_UNAVAILABLE);
        assertThat(withdrawn.outcome()).isEqualTo(Outcome.DENY);
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    @Test
    void shouldDenyBreakGlassInsteadOfThrowingWhenTheStoreIsDown() {
        RunRef run = run("42");
        fixture.pendingProduction(service, run, pom());
        fixture.clock.set(java.time.Instant.parse("2026-11-28T10:00:00Z"));
        Decision denied = gate(service, "production", ALICE, run, pom());
        store.failAppends(event -> true, StoreFault.UNAVAILABLE.exception);

        Decision[] result = new Decision[1];
        assertThatCode(() -> result[0] = service.breakGlass(new BreakGlassSubmission(denied.correlationId(), "erin",
                Set.of("sre-oncall"), true, "outage"))).doesNotThrowAnyException();

        assertThat(result[0].outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(result[0])).contains(ReasonCode.STORE_UNAVAILABLE);
        assertThat(service.openReviews()).isEmpty();
    }

    @Test
    void shouldDenyWithInternalErrorWhenAReadFailsUnexpectedlyWhileDeciding() {
        store.failQuarantineLookups(() -> new IllegalStateException("index corrupted"));

        Decision decision = gate(service, "staging", ALICE, run("42"), pom());

        assertDeniedAndAudited(real, decision, ReasonCode.INTERNAL_ERROR);
    }

    @Test
    void shouldDenyWithStoreUnavailableWhenAReadFailsWhileDeciding() {
        store.failQuarantineLookups(() -> new StoreUnavailableException("connection reset"));

        Decision decision = gate(service, "staging", ALICE, run("42"), pom());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(decision)).containsExactly(ReasonCode.STORE_UNAVAILABLE);
        assertThat(allEvents(real, AuditEventType.DECISION)).noneMatch(e -> e.outcome() == Outcome.ALLOW);
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    @Test
    void shouldDenyWithPolicyInvalidWhenThePolicyDoesNotLoadAtStart() {
        DefaultPromotionService broken = new DefaultPromotionService(() -> {
            throw new PolicyUnavailableException("policy.yaml line 3: mapping values are not allowed here");
        }, real, fixture.clock);

        Decision decision = gate(broken, "staging", ALICE, run("42"), pom());
        Decision breakGlass = broken.breakGlass(new BreakGlassSubmission(decision.correlationId(), "erin",
                Set.of("sre-oncall"), true, "outage"));
        CredentialDecision credential = broken.authorizeCredential(new CredentialRequest("staging",
                "staging-deploy", run("42"), List.of(pom().artifact())));

        assertDeniedAndAudited(real, decision, ReasonCode.POLICY_INVALID);
        assertThat(breakGlass.outcome()).isEqualTo(Outcome.DENY);
        assertThat(credential.granted()).isFalse();
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    @Test
    void shouldDenyWithPolicyStaleWhenAnotherPolicyIsInForceInTheSharedStore() {
        real.recordPolicy("ab".repeat(32), "apiVersion: promotion-gates/v1\n", "another-controller");

        Decision decision = gate(service, "staging", ALICE, run("42"), pom());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(decision)).containsExactly(ReasonCode.POLICY_STALE);
        assertThat(allEvents(real, AuditEventType.DECISION)).noneMatch(e -> e.outcome() == Outcome.ALLOW);
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    @Test
    void shouldDenyWithTrustRootUnavailableWhenTheTrustedRootIsDeleted(@TempDir Path directory) throws IOException {
        Path root = directory.resolve("trusted-roots/public-good.json");
        Files.createDirectories(root.getParent());
        Files.copy(ServiceFixture.FIXTURES.resolve("trusted-roots/public-good.json"), root);
        Files.delete(root);
        DefaultPromotionService withRoot = serviceWithRootIn(directory, fixture.policyText);

        Decision decision = gate(withRoot, "staging", ALICE, run("42"), pom());

        assertDeniedAndAudited(real, decision, ReasonCode.TRUST_ROOT_UNAVAILABLE);
    }

    @Test
    void shouldDenyWhenTheTrustedRootIsUnreadable(@TempDir Path directory) throws IOException {
        Path root = directory.resolve("trusted-roots/public-good.json");
        Files.createDirectories(root.getParent());
        String corrupt = "{\"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.1\", "
                + "\"tlogs\": [{\"baseUrl\": 12";
        Files.writeString(root, corrupt, StandardCharsets.UTF_8);
        // Pinned as it is: the content matches its pin, but is no trusted root.
        DefaultPromotionService withRoot = serviceWithRootIn(directory, fixture.policyText.replace(
                TrustedRootRedTeamTest.PUBLIC_GOOD_SHA256, ServiceFixture.sha256Hex(root)));

        Decision decision = gate(withRoot, "staging", ALICE, run("42"), pom());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertDeniedAndAudited(real, decision, decision.reasons().get(0).code());
        assertThat(codes(decision)).containsAnyOf(ReasonCode.TRUST_ROOT_UNAVAILABLE, ReasonCode.INTERNAL_ERROR);
    }

    private DefaultPromotionService serviceWithRootIn(Path directory, String policyText) {
        try {
            Policy policy = io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader.parse(policyText,
                    "test-policy.yaml", directory);
            return new DefaultPromotionService(PolicyProvider.fixed(policy), store, fixture.clock);
        } catch (io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static Stream<String> hostileBundles() {
        return Stream.of("", "null", "[]", "{}", "\"a string\"", "{\"mediaType\": 7}",
                "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":[],"
                        + "\"messageSignature\":{\"messageDigest\":{\"algorithm\":\"SHA2_256\",\"digest\":7}}}",
                "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\",\"verificationMaterial\":"
                        + "{\"certificate\":{\"rawBytes\":\"%%%not-base64%%%\"}},\"messageSignature\":{}}",
                "[".repeat(100_000), "{\"a\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}");
    }

    @ParameterizedTest(name = "bundle #{index}")
    @MethodSource("hostileBundles")
    void shouldDenyAndKeepTheChainWhenTheBundleMakesTheVerifierFail(String bundle) {
        SubmittedArtifact artifact = new SubmittedArtifact(new ArtifactRef(ServiceFixture.POM,
                pom().artifact().digest()), bundle, null);
        Decision[] decision = new Decision[1];

        assertThatCode(() -> decision[0] = gate(service, "staging", ALICE, run("42"), artifact))
                .doesNotThrowAnyException();

        assertThat(decision[0].outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision[0].reasons()).isNotEmpty();
        assertDeniedAndAudited(real, decision[0], decision[0].reasons().get(0).code());
    }
}
