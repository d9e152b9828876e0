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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.DIGEST;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.ISSUER;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.NOW;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.artifact;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.good;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.goodProvenance;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.goodSignature;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;

class GateEvaluatorTest {
    private static final Policy POLICY = GateFixtures.policy();
    private final GateEvaluator evaluator = new GateEvaluator(CLOCK);

    static CheckResult check(Decision decision, String gate) {
        return decision.checks().stream().filter(check -> check.gate().equals(gate)).findFirst().orElseThrow();
    }

    private static PromotionRequest withArtifact(SignatureEvidence signature, ProvenanceEvidence provenance) {
        return PromotionRequest.builder("corr-1", "production", Requester.human("alice"), GateFixtures.run())
                .artifact(artifact(signature, provenance)).tests(new TestEvidence(120, 0, 0)).rollbackPlan("plan")
                .build();
    }

    private static PromotionRequest withRun(RunRef run) {
        PromotionRequest good = good("production").build();
        return new PromotionRequest(good.correlationId(), good.environment(), good.action(), good.requester(), run,
                good.artifacts(), good.tests(), good.rollbackPlan(), null, false, good.changedPaths());
    }

    @Test
    void shouldAllowWhenEveryGatePasses() {
        Decision decision = evaluator.evaluate(POLICY, good("production").build(), history());

        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decision.decidedAt()).isEqualTo(NOW);
        assertThat(decision.policyHash()).isEqualTo(POLICY.hash());
        assertThat(decision.escalation()).isNull();
    }

    @Test
    void shouldProduceOneCheckPerGateInTheDocumentedOrder() {
        Decision decision = evaluator.evaluate(POLICY, good("production").build(), history());

        assertThat(decision.checks()).extracting(CheckResult::gate).containsExactlyElementsOf(GateEvaluator.GATES);
        assertThat(check(decision, "approvals").status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(check(decision, "escalation").status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
    }

    static Stream<Arguments> failures() {
        PromotionRequest good = good("production").build();
        return Stream.of(
                // actions
                Arguments.of("rollback not listed", (Supplier<PromotionRequest>) () -> good("staging")
                        .action(PromotionRequest.Action.ROLLBACK).build(), "actions", CheckStatus.FAILED,
                        ReasonCode.NO_RULE_ALLOWS),
                // allowlist
                Arguments.of("job not allowed", (Supplier<PromotionRequest>) () -> withRun(new RunRef("evil/job",
                        "1", null, "https://github.com/acme/app", List.of())), "allowlist", CheckStatus.FAILED,
                        ReasonCode.NOT_ON_ALLOWLIST),
                Arguments.of("repository not allowed", (Supplier<PromotionRequest>) () -> withRun(new RunRef(
                        "acme/app/release", "1", null, "https://github.com/evil/app", List.of())), "allowlist",
                        CheckStatus.FAILED, ReasonCode.NOT_ON_ALLOWLIST),
                Arguments.of("repository unknown", (Supplier<PromotionRequest>) () -> withRun(RunRef.of(
                        "acme/app/release", "1")), "allowlist", CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE),
                Arguments.of("artifact not allowed", (Supplier<PromotionRequest>) () -> good.toBuilder()
                        .artifact(new ArtifactEvidence(new ArtifactRef("evil.sh", DIGEST), goodSignature(),
                                goodProvenance())).build(), "allowlist", CheckStatus.FAILED,
                        ReasonCode.NOT_ON_ALLOWLIST),
                // signature
                Arguments.of("signature missing", (Supplier<PromotionRequest>) () -> withArtifact(null,
                        goodProvenance()), "signature", CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE),
                Arguments.of("signature invalid", (Supplier<PromotionRequest>) () -> withArtifact(
                        SignatureEvidence.failed(ReasonCode.SIGNATURE_INVALID, "signature does not verify"),
                        goodProvenance()), "signature", CheckStatus.FAILED, ReasonCode.SIGNATURE_INVALID),
                Arguments.of("unknown signer", (Supplier<PromotionRequest>) () -> withArtifact(
                        SignatureEvidence.verified("https://github.com/evil/app/.github/workflows/x.yml@refs/heads/main",
                                ISSUER, 1L, NOW), goodProvenance()), "signature", CheckStatus.FAILED,
                        ReasonCode.IDENTITY_MISMATCH),
                Arguments.of("right signer, wrong issuer", (Supplier<PromotionRequest>) () -> withArtifact(
                        SignatureEvidence.verified(GateFixtures.SAN, "https://evil.example", 1L, NOW),
                        goodProvenance()), "signature", CheckStatus.FAILED, ReasonCode.ISSUER_MISMATCH),
                Arguments.of("regex signer, wrong issuer", (Supplier<PromotionRequest>) () -> withArtifact(
                        SignatureEvidence.verified("https://github.com/acme/lib/x", "https://evil.example", 1L, NOW),
                        goodProvenance()), "signature", CheckStatus.FAILED, ReasonCode.ISSUER_MISMATCH),
                Arguments.of("no artifacts", (Supplier<PromotionRequest>) () -> PromotionRequest.builder("c",
                        "production", Requester.human("alice"), GateFixtures.run()).build(), "signature",
                        CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE),
                // provenance
                Arguments.of("provenance missing", (Supplier<PromotionRequest>) () -> withArtifact(goodSignature(),
                        null), "provenance", CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE),
                Arguments.of("provenance invalid", (Supplier<PromotionRequest>) () -> withArtifact(goodSignature(),
                        ProvenanceEvidence.failed(ReasonCode.PROVENANCE_SUBJECT_MISMATCH, "subject differs")),
                        "provenance", CheckStatus.FAILED, ReasonCode.PROVENANCE_SUBJECT_MISMATCH),
                Arguments.of("untrusted builder", (Supplier<PromotionRequest>) () -> withArtifact(goodSignature(),
                        ProvenanceEvidence.verified("v1", "https://evil.example/builder", "github.com/acme/app",
                                "refs/tags/v1", null)), "provenance", CheckStatus.FAILED,
                        ReasonCode.BUILDER_UNTRUSTED),
                Arguments.of("no builder stated", (Supplier<PromotionRequest>) () -> withArtifact(goodSignature(),
                        ProvenanceEvidence.verified("v1", null, "github.com/acme/app", "refs/tags/v1", null)),
                        "provenance", CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE),
                Arguments.of("other source repository", (Supplier<PromotionRequest>) () -> withArtifact(
                        goodSignature(), ProvenanceEvidence.verified("v1", GateFixtures.BUILDER,
                                "https://github.com/acme/app-fork", "refs/tags/v1", null)), "provenance",
                        CheckStatus.FAILED, ReasonCode.SOURCE_REPO_MISMATCH),
                Arguments.of("branch instead of tag", (Supplier<PromotionRequest>) () -> withArtifact(
                        goodSignature(), ProvenanceEvidence.verified("v1", GateFixtures.BUILDER,
                                "github.com/acme/app", "refs/heads/main", null)), "provenance", CheckStatus.FAILED,
                        ReasonCode.SOURCE_REF_MISMATCH),
                Arguments.of("no ref stated", (Supplier<PromotionRequest>) () -> withArtifact(goodSignature(),
                        ProvenanceEvidence.verified("v1", GateFixtures.BUILDER, "github.com/acme/app", null, null)),
                        "provenance", CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE),
                // tests
                Arguments.of("tests failed", (Supplier<PromotionRequest>) () -> good.toBuilder()
                        .tests(new TestEvidence(120, 2, 0)).build(), "tests", CheckStatus.FAILED,
                        ReasonCode.TESTS_FAILED),
                Arguments.of("too few tests", (Supplier<PromotionRequest>) () -> good.toBuilder()
                        .tests(new TestEvidence(3, 0, 0)).build(), "tests", CheckStatus.FAILED,
                        ReasonCode.TESTS_MISSING),
                Arguments.of("no test results", (Supplier<PromotionRequest>) () -> good.toBuilder().tests(null)
                        .build(), "tests", CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE),
                // rollback plan
                Arguments.of("no rollback plan", (Supplier<PromotionRequest>) () -> good.toBuilder()
                        .rollbackPlan(null).build(), "rollbackPlan", CheckStatus.FAILED,
                        ReasonCode.MISSING_EVIDENCE),
                // order
                Arguments.of("order without artifacts", (Supplier<PromotionRequest>) () -> PromotionRequest
                        .builder("c", "production", Requester.human("alice"), GateFixtures.run()).build(), "order",
                        CheckStatus.FAILED, ReasonCode.MISSING_EVIDENCE));
    }

    @ParameterizedTest(name = "{0}: {2} {3} {4}")
    @MethodSource("failures")
    void shouldDenyWithTheReasonOfTheFailingGate(String name, Supplier<PromotionRequest> request, String gate,
            CheckStatus status, ReasonCode code) {
        Decision decision = evaluator.evaluate(POLICY, request.get(), history());

        CheckResult check = check(decision, gate);
        assertThat(check.status()).isEqualTo(status);
        assertThat(check.code()).isEqualTo(code);
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        if (code == ReasonCode.MISSING_EVIDENCE) {
            assertThat(check.message()).startsWith("missing evidence: ");
        }
    }

    @ParameterizedTest(name = "{0}: {2} {3} {4}")
    @MethodSource("failures")
    void shouldOnlyWarnForTheSameFailuresInWarnMode(String name, Supplier<PromotionRequest> request, String gate,
            CheckStatus status, ReasonCode code) {
        PromotionRequest original = request.get();
        if ("actions".equals(gate) || !"production".equals(original.environment())) {
            return; // actions are always enforced; the matrix row does not target the warned environment
        }
        PromotionRequest warned = new PromotionRequest(original.correlationId(), "warned", original.action(),
                original.requester(), original.run(), original.artifacts(), original.tests(),
                original.rollbackPlan(), original.entitlement(), original.freezeExceptionRequested(),
                original.changedPaths());

        Decision decision = evaluator.evaluate(POLICY, warned, history());

        CheckResult check = check(decision, gate);
        assertThat(check.status()).isEqualTo(CheckStatus.WARNED);
        assertThat(check.code()).isEqualTo(code);
        assertThat(check.message()).startsWith("[warn mode] ");
        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decision.reasons()).contains(check);
    }

    @Test
    void shouldDenyAnUnknownEnvironmentAndEvaluateNothingElse() {
        Decision decision = evaluator.evaluate(POLICY, good("qa").build(), history());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(check(decision, "environment").code()).isEqualTo(ReasonCode.UNKNOWN_ENVIRONMENT);
        assertThat(check(decision, "environment").message()).contains("'qa'").contains("[staging, production,");
        assertThat(decision.checks()).hasSize(GateEvaluator.GATES.size());
        assertThat(decision.checks().subList(1, decision.checks().size()))
                .allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.NOT_APPLICABLE));
    }

    @Test
    void shouldDenyAnEnvironmentThatListsNoActions() {
        Policy none = PolicyLoaderSupport.parse("apiVersion: promotion-gates/v1\nenvironments: [{name: staging}]\n");

        Decision decision = evaluator.evaluate(none, good("staging").build(), history());

        assertThat(check(decision, "actions").code()).isEqualTo(ReasonCode.NO_RULE_ALLOWS);
        assertThat(check(decision, "actions").message()).contains("allows no actions");
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldDenyOutsideTheChangeWindowAndSayWhenItOpens() {
        Clock saturday = Clock.fixed(Instant.parse("2026-11-28T09:15:00Z"), ZoneOffset.UTC);

        Decision decision = new GateEvaluator(saturday).evaluate(POLICY, good("production").build(), history());

        CheckResult window = check(decision, "windows");
        assertThat(window.code()).isEqualTo(ReasonCode.OUTSIDE_CHANGE_WINDOW);
        assertThat(window.message()).contains("Sat 10:15 Europe/Berlin").contains("next opening Mon 09:00");
        assertThat(window.evidence()).containsEntry("nextOpening", "Mon 09:00 Europe/Berlin");
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldDenyDuringAFreezeUnlessTheExceptionIsRequested() {
        GateEvaluator frozen = new GateEvaluator(Clock.fixed(Instant.parse("2026-12-22T10:00:00Z"), ZoneOffset.UTC));

        Decision denied = frozen.evaluate(POLICY, good("production").build(), history());
        Decision pending = frozen.evaluate(POLICY, good("production").freezeExceptionRequested(true).build(),
                history());

        assertThat(check(denied, "freezes").code()).isEqualTo(ReasonCode.FREEZE_ACTIVE);
        assertThat(check(denied, "freezes").message()).contains("Year-end freeze").contains("request the freeze "
                + "exception");
        assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
        assertThat(check(pending, "freezes").status()).isEqualTo(CheckStatus.PENDING);
        assertThat(check(pending, "freezes").code()).isEqualTo(ReasonCode.FREEZE_EXCEPTION_NEEDS_APPROVAL);
        assertThat(check(pending, "freezes").evidence()).containsEntry("exception.required", "2")
                .containsEntry("exception.groups", "cab,sre").containsEntry("freeze.reason", "Year-end freeze");
        assertThat(pending.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(pending.escalation()).isNotNull();
        assertThat(pending.escalation().triggers()).extracting(CheckResult::gate).containsExactly("freezes");
    }

    @Test
    void shouldRequireTheSameDigestInThePreviousEnvironment() {
        Decision never = evaluator.evaluate(POLICY, good("production").build(), PromotionHistory.empty());
        Decision tooSoon = evaluator.evaluate(POLICY, good("production").build(),
                GateFixtures.deployedToStaging(Duration.ofMinutes(59)));
        Decision soaked = evaluator.evaluate(POLICY, good("production").build(),
                GateFixtures.deployedToStaging(Duration.ofMinutes(60)));

        assertThat(check(never, "order").code()).isEqualTo(ReasonCode.PROMOTION_ORDER_VIOLATED);
        assertThat(check(tooSoon, "order").code()).isEqualTo(ReasonCode.SOAK_TIME_NOT_MET);
        assertThat(check(tooSoon, "order").message()).contains("59 minutes ago").contains("requires 60 minutes");
        assertThat(check(tooSoon, "order").evidence()).containsEntry("readyAt", "2026-11-24T09:01:00Z");
        assertThat(check(soaked, "order").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void shouldNotAcceptADeploymentOfAnotherDigest() {
        Digest other = Digest.sha256("a".repeat(64));
        PromotionHistory otherDigest = (digest, environment) -> digest.equals(other)
                ? java.util.Optional.of(NOW.minus(Duration.ofDays(1))) : java.util.Optional.empty();

        Decision decision = evaluator.evaluate(POLICY, good("production").build(), otherDigest);

        assertThat(check(decision, "order").code()).isEqualTo(ReasonCode.PROMOTION_ORDER_VIOLATED);
    }

    @Test
    void shouldDenyWhenTheLedgerCannotBeRead() {
        PromotionHistory down = (digest, environment) -> {
            throw new IllegalStateException("connection refused");
        };

        Decision decision = evaluator.evaluate(POLICY, good("production").build(), down);

        assertThat(check(decision, "order").code()).isEqualTo(ReasonCode.STORE_UNAVAILABLE);
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldPassPromotionsWithoutTheConditionsThatAreOff() {
        Decision decision = evaluator.evaluate(POLICY, good("staging").build(), PromotionHistory.empty());

        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decision.checks()).filteredOn(check -> !List.of("environment", "actions").contains(check.gate()))
                .allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.NOT_APPLICABLE));
    }

    @Test
    void shouldAskForApprovalWithTheRequirementInTheEvidence() {
        Decision decision = evaluator.evaluate(POLICY, good("gated").build(), history());

        CheckResult approvals = check(decision, "approvals");
        assertThat(approvals.status()).isEqualTo(CheckStatus.PENDING);
        assertThat(approvals.code()).isEqualTo(ReasonCode.APPROVAL_REQUIRED);
        assertThat(approvals.evidence()).containsEntry("required", "2").containsEntry("groups",
                "release-managers,sre").containsEntry("distinctGroups", "true").containsEntry("timeoutMinutes", "1440")
                .containsEntry("requester", "alice");
        assertThat(decision.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(decision.escalation()).as("plain approvals are not an escalation").isNull();
    }

    @Test
    void shouldKeepADenialWhenApprovalIsAlsoRequired() {
        Decision decision = evaluator.evaluate(POLICY, good("gated").action(PromotionRequest.Action.ROLLBACK).build(),
                history());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldDenyAndReportAnEvaluationErrorInsteadOfThrowing() {
        PromotionHistory broken = (digest, environment) -> null;

        Decision decision = evaluator.evaluate(POLICY, good("production").build(), broken);

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.checks()).singleElement().satisfies(check -> {
            assertThat(check.code()).isEqualTo(ReasonCode.INTERNAL_ERROR);
            assertThat(check.gate()).isEqualTo("evaluation");
        });
    }
}
