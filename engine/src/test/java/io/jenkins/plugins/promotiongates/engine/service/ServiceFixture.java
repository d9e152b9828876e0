package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.entitlement.BrokerKeyPair;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementClaims;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementMinter;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with real inputs: the sigstore-java 1.0.0 release POM and jar with their published Sigstore bundles,
 * the public-good trusted root, a freshly generated broker key for agent entitlements and a clock the test moves.
 */
final class ServiceFixture {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();
    /** A Tuesday, 09:30 in Berlin: inside the production change window. */
    static final Instant START = Instant.parse("2026-11-24T08:30:00Z");
    static final String REPOSITORY = "https://github.com/sigstore/sigstore-java";
    static final String RELEASE_IDENTITY = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";
    static final String BROKER = "test-broker";
    static final String POM = "sigstore-java-1.0.0.pom";
    static final String JAR = "sigstore-java-1.0.0.jar";

    final MutableClock clock = new MutableClock(START);
    final BrokerKeyPair broker = BrokerKeyPair.generate(BROKER, "EdDSA");
    final Policy policy;
    final String policyText;

    ServiceFixture() {
        policyText = read(Path.of("src/test/resources/service/policy.yaml")).replace("@BROKER_JWK@", broker.publicJwk());
        policy = parse(policyText);
    }

    static Policy parse(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "test-policy.yaml", FIXTURES);
        } catch (PolicyValidationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    DefaultPromotionService service(AuditStore store) {
        return new DefaultPromotionService(PolicyProvider.fixed(policy), store, clock);
    }

    // ---------------------------------------------------------------------------------------------- artifacts

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 (lower-case hex) of a file's bytes: what a trusted root's pin is. */
    static String sha256Hex(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Digest digestOf(String fixture) {
        try {
            return ArtifactDigester.digest(FIXTURES.resolve(fixture), Digest.Algorithm.SHA256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A genuine artifact from the fixtures with its published bundle. */
    static SubmittedArtifact signed(String path) {
        Path file = FIXTURES.resolve(path);
        return new SubmittedArtifact(new ArtifactRef(file.getFileName().toString(), digestOf(path)),
                read(Path.of(file + ".sigstore.json")), null);
    }

    static SubmittedArtifact pom() {
        return signed("maven/sigstore-java/1.0.0/" + POM);
    }

    static SubmittedArtifact jar() {
        return signed("maven/sigstore-java/1.0.0/" + JAR);
    }

    static List<Digest> digests(PromotionRequest request) {
        return request.artifacts().stream().map(a -> a.artifact().digest()).toList();
    }

    // ---------------------------------------------------------------------------------------------- requests

    static RunRef run(String number) {
        return new RunRef("shop/release", number, "alice", REPOSITORY, List.of("dave"));
    }

    static PromotionSubmission submission(String environment, Requester requester, RunRef run,
            List<SubmittedArtifact> artifacts, String token) {
        return PromotionSubmission.builder(CorrelationIds.of(run, environment), environment, requester, run)
                .artifacts(artifacts).tests(new TestEvidence(128, 0, 2))
                .rollbackPlan("https://wiki.example.org/shop/rollback").entitlementToken(token).build();
    }

    static Decision gate(PromotionService service, String environment, Requester requester, RunRef run,
            SubmittedArtifact artifact) {
        return service.requestPromotion(submission(environment, requester, run, List.of(artifact), null));
    }

    static void deploy(PromotionService service, String environment, RunRef run) {
        service.recordDeployment(new DeploymentReport(environment, run, DeploymentReport.DeploymentOutcome.SUCCESS,
                "deployed"));
    }

    /** Staging and canary allowed and deployed, the canary soaked: production is then pending approval. */
    Decision pendingProduction(DefaultPromotionService service, RunRef run, SubmittedArtifact artifact) {
        Requester alice = Requester.human("alice");
        assertThat(gate(service, "staging", alice, run, artifact).outcome()).isEqualTo(Outcome.ALLOW);
        deploy(service, "staging", run);
        assertThat(gate(service, "canary", alice, run, artifact).outcome()).isEqualTo(Outcome.ALLOW);
        deploy(service, "canary", run);
        clock.advance(Duration.ofMinutes(75));
        Decision pending = gate(service, "production", alice, run, artifact);
        assertThat(pending.outcome()).as(pending.toString()).isEqualTo(Outcome.PENDING);
        return pending;
    }

    // ---------------------------------------------------------------------------------------------- approvals

    /** A vote bound to exactly what the approval page showed for the pending promotion. */
    static ApprovalVote approve(DefaultPromotionService service, Decision pending, String voter, Set<String> groups) {
        PromotionRequest request = service.recordedRequest(pending.correlationId()).orElseThrow();
        return new ApprovalVote(pending.correlationId(), voter, groups, true, false, ApprovalVote.Verdict.APPROVE,
                null, request.run().id(), request.environment(), digests(request), pending.policyHash());
    }

    static ApprovalVote reject(DefaultPromotionService service, Decision pending, String voter, Set<String> groups,
            String comment) {
        ApprovalVote approve = approve(service, pending, voter, groups);
        return new ApprovalVote(approve.correlationId(), voter, groups, true, false, ApprovalVote.Verdict.REJECT,
                comment, approve.runId(), approve.environment(), approve.digests(), approve.policyHash());
    }

    // ---------------------------------------------------------------------------------------------- agents

    String entitlement(String agent, List<String> environments, Duration ttl) {
        return new EntitlementMinter(broker, BROKER, clock).mint(new EntitlementClaims(agent, "release task",
                List.of("github.com/sigstore/sigstore-java"), List.of("promote"), environments, ttl));
    }

    // ---------------------------------------------------------------------------------------------- assertions

    static List<ReasonCode> codes(Decision decision) {
        return decision.reasons().stream().map(CheckResult::code).toList();
    }

    static List<AuditEvent> events(AuditStore store, String correlationId, AuditEventType type) {
        return store.byCorrelationId(correlationId).stream().filter(e -> e.type() == type).toList();
    }

    static List<AuditEvent> allEvents(AuditStore store, AuditEventType type) {
        List<AuditEvent> all = new java.util.ArrayList<>();
        store.scan(0, e -> {
            if (e.type() == type) {
                all.add(e);
            }
        });
        return all;
    }

    static List<ReasonCode> reasonCodes(AuditEvent event) {
        return event.reasons().stream().map(AuditReason::code).toList();
    }

    /** The decision is a denial for the code, and the store holds a DENY decision event with that code. */
    static void assertDeniedAndAudited(AuditStore store, Decision decision, ReasonCode code) {
        assertThat(decision.outcome()).as(decision.toString()).isEqualTo(Outcome.DENY);
        assertThat(codes(decision)).as(decision.toString()).contains(code);
        List<AuditEvent> recorded = events(store, decision.correlationId(), AuditEventType.DECISION);
        assertThat(recorded).as("a DECISION event for " + decision.correlationId()).isNotEmpty();
        AuditEvent last = recorded.get(recorded.size() - 1);
        assertThat(last.outcome()).isEqualTo(Outcome.DENY);
        assertThat(reasonCodes(last)).contains(code);
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }
}
