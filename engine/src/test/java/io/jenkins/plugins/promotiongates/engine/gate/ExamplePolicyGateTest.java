package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.GateEvaluatorTest.check;
import static org.assertj.core.api.Assertions.assertThat;

/** The documented example policy, evaluated for the sigstore-java 1.3.0 release from the shared fixtures. */
class ExamplePolicyGateTest {
    private static final Instant TUESDAY_MORNING = Instant.parse("2026-11-24T09:00:00Z");
    private static final String SAN = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.3.0";
    private static final String ISSUER = "https://token.actions.githubusercontent.com";
    private static final Digest JAR = Digest.sha256("8a39503d521e526cc272d9c81ea2c5880903391a91eba05f870584f363f3dbf9");

    private final GateEvaluator evaluator = new GateEvaluator(Clock.fixed(TUESDAY_MORNING, ZoneOffset.UTC));

    private static Policy example() throws Exception {
        return PolicyLoader.load(Path.of("..", "docs", "examples", "policy.yaml"));
    }

    private static PromotionRequest.Builder release(String environment, Requester requester) {
        return PromotionRequest.builder("corr-example", environment, requester, new RunRef("sigstore-java/release",
                        "7", "alice", "https://github.com/sigstore/sigstore-java", List.of("bob")))
                .artifact(new ArtifactEvidence(new ArtifactRef("sigstore-java-1.3.0.jar", JAR),
                        SignatureEvidence.verified(SAN, ISSUER, 174_242_592L, Instant.ofEpochSecond(1_740_507_598L)),
                        ProvenanceEvidence.verified("https://slsa.dev/provenance/v1",
                                "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/"
                                        + "generator_generic_slsa3.yml@refs/tags/v2.1.0",
                                "git+https://github.com/sigstore/sigstore-java@refs/tags/v1.3.0", "refs/tags/v1.3.0",
                                "0123abcd")))
                .tests(new TestEvidence(420, 0, 2))
                .rollbackPlan("https://github.com/sigstore/sigstore-java/blob/main/RELEASING.md#rollback")
                .changedPaths(List.of("sigstore-java/src/main/java/dev/sigstore/KeylessVerifier.java"));
    }

    @Test
    void shouldLetTheReleaseIntoStagingWithOnlyAWarningWithoutProvenance() throws Exception {
        PromotionRequest request = release("staging", Requester.human("alice")).build();
        PromotionRequest withoutProvenance = new PromotionRequest(request.correlationId(), "staging", request.action(),
                request.requester(), request.run(), List.of(new ArtifactEvidence(request.artifacts().get(0).artifact(),
                request.artifacts().get(0).signature(), null)), request.tests(), request.rollbackPlan(), null, false,
                request.changedPaths());

        Decision decision = evaluator.evaluate(example(), withoutProvenance, PromotionHistory.empty());

        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(check(decision, "provenance").status()).isEqualTo(CheckStatus.WARNED);
        assertThat(check(decision, "provenance").code()).isEqualTo(ReasonCode.MISSING_EVIDENCE);
        assertThat(check(decision, "signature").evidence()).containsEntry("identity", SAN);
    }

    @Test
    void shouldAskForTwoApproversInProductionAfterACanarySoak() throws Exception {
        PromotionHistory canaryTwoDaysAgo = (digest, environment) -> digest.equals(JAR) && "canary".equals(environment)
                ? Optional.of(TUESDAY_MORNING.minus(Duration.ofDays(2))) : Optional.empty();

        Decision decision = evaluator.evaluate(example(), release("production", Requester.human("alice")).build(),
                canaryTwoDaysAgo);

        assertThat(decision.reasons()).extracting(CheckResult::gate).containsExactly("approvals");
        assertThat(decision.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(new DecisionRenderer().toText(decision).lines()).hasSize(1 + GateEvaluator.GATES.size());
    }

    @Test
    void shouldKeepAgentsOutOfProduction() throws Exception {
        Decision decision = evaluator.evaluate(example(), release("production", Requester.agent("release-bot"))
                .build(), PromotionHistory.empty());

        assertThat(check(decision, "agents").code()).isEqualTo(ReasonCode.AGENTS_NOT_ALLOWED);
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldRefuseAVersionThatProductionDoesNotList() throws Exception {
        PromotionRequest request = release("production", Requester.human("alice")).build();
        ArtifactEvidence v2 = new ArtifactEvidence(request.artifacts().get(0).artifact(), SignatureEvidence.verified(
                SAN.replace("v1.3.0", "v2.0.0"), ISSUER, 1L, TUESDAY_MORNING), request.artifacts().get(0).provenance());
        PromotionRequest unlisted = new PromotionRequest("c", "production", request.action(), request.requester(),
                request.run(), List.of(v2), request.tests(), request.rollbackPlan(), null, false,
                request.changedPaths());

        Decision decision = evaluator.evaluate(example(), unlisted, PromotionHistory.empty());

        assertThat(check(decision, "signature").code()).isEqualTo(ReasonCode.IDENTITY_MISMATCH);
    }
}
