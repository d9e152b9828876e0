package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Escalation;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.gate.GateEvaluatorTest.check;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.artifact;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.good;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.goodSignature;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;

/** The escalation gate: when a human must decide, the decision carries a structured escalation. */
class GateEscalationTest {
    private static final Policy POLICY = GateFixtures.policy();
    private final GateEvaluator evaluator = new GateEvaluator(CLOCK);

    @Test
    void shouldNotEscalateAnOrdinaryChange() {
        Decision decision = evaluator.evaluate(POLICY, good("gated").build(), history());

        assertThat(check(decision, "escalation").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(decision.escalation()).isNull();
    }

    @Test
    void shouldEscalateWhenSensitivePathsAreTouched() {
        Decision decision = evaluator.evaluate(POLICY, good("gated").changedPaths(List.of("README.md",
                ".github/workflows/release.yml", "db/V2__drop.sql")).build(), history());

        CheckResult escalation = check(decision, "escalation");
        assertThat(escalation.status()).isEqualTo(CheckStatus.PENDING);
        assertThat(escalation.code()).isEqualTo(ReasonCode.ESCALATION_REQUIRED);
        assertThat(escalation.evidence()).containsEntry("sensitivePathsTouched",
                ".github/workflows/release.yml (.github/workflows/**), db/V2__drop.sql (**/*.sql)");
        assertThat(decision.outcome()).isEqualTo(Outcome.PENDING);
        Escalation record = decision.escalation();
        assertThat(record).isNotNull();
        assertThat(record.requester()).isEqualTo("alice");
        assertThat(record.attempted()).isEqualTo("promote app-1.2.0.jar (" + GateFixtures.DIGEST + ") to gated");
        assertThat(record.triggers()).containsExactly(escalation);
        assertThat(record.evidence()).containsEntry("run", "acme/app/release#42")
                .containsKey("escalation.sensitivePathsTouched");
        assertThat(record.decisionNeeded()).startsWith("Approve or reject: promote app-1.2.0.jar")
                .contains("2 changed path(s) touch sensitive paths");
    }

    @Test
    void shouldEscalateWhenTheProvenanceSourceIsNotTheJobsRepository() {
        PromotionRequest request = PromotionRequest.builder("c", "gated", Requester.human("alice"), GateFixtures.run())
                .artifact(artifact(goodSignature(), ProvenanceEvidence.verified("v1", GateFixtures.BUILDER,
                        "git+https://github.com/mallory/app@refs/heads/main", "refs/heads/main", null)))
                .changedPaths(List.of("src/App.java")).build();

        Decision decision = evaluator.evaluate(POLICY, request, history());

        CheckResult escalation = check(decision, "escalation");
        assertThat(escalation.status()).isEqualTo(CheckStatus.PENDING);
        assertThat(escalation.evidence()).containsEntry("provenanceSource", "github.com/mallory/app")
                .containsEntry("jobRepository", "github.com/acme/app");
        assertThat(escalation.message()).contains("differs from the job's repository github.com/acme/app");
        assertThat(decision.escalation()).isNotNull();
    }

    @Test
    void shouldNotEscalateWhenTheProvenanceSourceIsTheJobsRepositorySpelledDifferently() {
        Decision decision = evaluator.evaluate(POLICY, good("gated").build(), history());

        assertThat(check(decision, "escalation").evidence()).containsEntry("jobRepository", "github.com/acme/app")
                .doesNotContainKey("provenanceSource");
    }

    @Test
    void shouldDenyWhenTheChangedPathsAreUnknown() {
        Decision decision = evaluator.evaluate(POLICY, good("gated").changedPaths(List.of()).build(), history());

        assertThat(check(decision, "escalation").code()).isEqualTo(ReasonCode.MISSING_EVIDENCE);
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldOnlyRecordAnEscalationInWarnMode() {
        Policy warn = PolicyLoaderSupport.parse("""
                apiVersion: promotion-gates/v1
                environments:
                  - name: production
                    actions: [promote]
                    escalation: {mode: warn, sensitivePaths: ['deploy/**']}
                    approvals: {required: 1, groups: [sre]}
                """);

        Decision decision = evaluator.evaluate(warn, good("production").changedPaths(List.of("deploy/prod.yaml"))
                .build(), history());

        assertThat(check(decision, "escalation").status()).isEqualTo(CheckStatus.WARNED);
        assertThat(check(decision, "escalation").message()).startsWith("[warn mode] A human must decide");
        assertThat(decision.escalation()).as("only the plain approval is pending").isNull();
    }
}
