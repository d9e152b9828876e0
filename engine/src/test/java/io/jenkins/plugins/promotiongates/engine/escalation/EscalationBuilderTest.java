package io.jenkins.plugins.promotiongates.engine.escalation;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Escalation;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EscalationBuilderTest {
    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final RunRef RUN = new RunRef("docs/main", "42", null, "https://github.com/acme/docs-site",
            List.of("alice"));
    private static final EntitlementEvidence ENTITLEMENT = new EntitlementEvidence(true, "docs-refactor-042",
            "update markdown links", List.of("docs-site"), List.of("promote"), List.of("staging"), "broker-1", NOW,
            NOW.plusSeconds(1800), ReasonCode.OK, "ok");
    private static final CheckResult SIGNATURE_OK = CheckResult.passed("signature", "verified", Map.of());
    private static final CheckResult SENSITIVE = CheckResult.pending("sensitive-paths", ReasonCode.ESCALATION_REQUIRED,
            "The change touches .github/workflows/release.yml, a sensitive path",
            Map.of("sensitive_paths", ".github/workflows/release.yml"));
    private static final CheckResult AGENTS = CheckResult.pending("agents", ReasonCode.AGENTS_NOT_ALLOWED,
            "production accepts agents only with approval", Map.of());

    private final EscalationBuilder builder = new EscalationBuilder();

    private static ArtifactEvidence artifact(String name, String source) {
        return new ArtifactEvidence(new ArtifactRef(name, Digest.parse(DIGEST)),
                SignatureEvidence.verified("https://github.com/acme/docs-site/.github/workflows/release.yml@refs/"
                        + "heads/main", "https://token.actions.githubusercontent.com", 7L, NOW),
                ProvenanceEvidence.verified("https://slsa.dev/provenance/v1", "https://github.com/actions/runner",
                        source, "refs/heads/main", null));
    }

    private static PromotionRequest agentRequest() {
        return PromotionRequest.builder("corr-1", "production", Requester.agent("docs-refactor-042"), RUN)
                .artifact(artifact("site.tar.gz", "git+https://github.com/acme/other-repo"))
                .tests(new TestEvidence(12, 0, 1))
                .entitlement(ENTITLEMENT)
                .changedPaths(List.of(".github/workflows/release.yml", "docs/index.md"))
                .build();
    }

    private static Decision decision(CheckResult... checks) {
        return Decision.fromChecks("production", "corr-1", "policy-hash", NOW, List.of(checks), null);
    }

    @Test
    void shouldDescribeAttemptTriggersEvidenceAndQuestion() {
        Escalation escalation = builder.build(agentRequest(), decision(SIGNATURE_OK, SENSITIVE, AGENTS)).orElseThrow();

        assertThat(escalation.requester()).isEqualTo("docs-refactor-042");
        assertThat(escalation.attempted()).isEqualTo("promote site.tar.gz (" + DIGEST + ") to production (run "
                + "docs/main#42)");
        assertThat(escalation.triggers()).containsExactly(SENSITIVE, AGENTS);
        assertThat(escalation.decisionNeeded()).isEqualTo("Should agent 'docs-refactor-042' be allowed to promote "
                + "site.tar.gz (" + DIGEST + ") to production even though rule 'sensitive-paths' asks for a human "
                + "decision; agents may promote to production only with a human's approval? Check first: "
                + "site.tar.gz was built from git+https://github.com/acme/other-repo but the job builds "
                + "https://github.com/acme/docs-site. Approve to let this one promotion proceed, or reject to deny "
                + "it.");
        assertThat(escalation.evidence())
                .containsEntry("requester", "docs-refactor-042")
                .containsEntry("requester.kind", "agent")
                .containsEntry("action", "promote")
                .containsEntry("environment", "production")
                .containsEntry("run", "docs/main#42")
                .containsEntry("job.repository", "https://github.com/acme/docs-site")
                .containsEntry("artifacts.count", "1")
                .containsEntry("artifact.001.name", "site.tar.gz")
                .containsEntry("artifact.001.digest", DIGEST)
                .containsEntry("artifact.001.provenance.source", "git+https://github.com/acme/other-repo")
                .containsEntry("artifact.001.provenance.source_vs_job", "DIFFERENT")
                .containsEntry("changed_paths", ".github/workflows/release.yml, docs/index.md")
                .containsEntry("changed_paths.count", "2")
                .containsEntry("entitlement", "valid")
                .containsEntry("entitlement.task", "update markdown links")
                .containsEntry("entitlement.environments", "staging")
                .containsEntry("entitlement.expires_at", "2026-11-25T02:30:00Z")
                .containsEntry("tests", "11 passed, 0 failed, 1 skipped")
                .doesNotContainKey("freeze_exception_requested");
        assertThat(escalation.evidence().get("artifact.001.signature")).startsWith("verified, identity https://");
    }

    @Test
    void shouldProduceTheSameEscalationForTheSameInput() {
        Decision decision = decision(SENSITIVE, AGENTS);

        assertThat(builder.build(agentRequest(), decision)).isEqualTo(builder.build(agentRequest(), decision));
    }

    @Test
    void shouldNotEscalateDeniedOrAllowedDecisions() {
        CheckResult denied = CheckResult.failed("signature", ReasonCode.SIGNATURE_INVALID, "bad", Map.of());

        assertThat(builder.build(agentRequest(), decision(SENSITIVE, denied))).isEmpty();
        assertThat(builder.build(agentRequest(), decision(SIGNATURE_OK))).isEmpty();
        assertThat(builder.attachTo(agentRequest(), decision(SIGNATURE_OK)).escalation()).isNull();
    }

    @Test
    void shouldAttachEscalationToPendingDecision() {
        Decision attached = builder.attachTo(agentRequest(), decision(SIGNATURE_OK, AGENTS));

        assertThat(attached.escalation()).isNotNull();
        assertThat(attached.escalation().triggers()).containsExactly(AGENTS);
    }

    @Test
    void shouldPhraseFreezeExceptionForHumanRequester() {
        PromotionRequest request = PromotionRequest.builder("corr-2", "production", Requester.human("bob"), RUN)
                .artifact(artifact("app.jar", "https://github.com/acme/docs-site.git"))
                .freezeExceptionRequested(true).build();
        CheckResult freeze = CheckResult.pending("freeze", ReasonCode.FREEZE_EXCEPTION_NEEDS_APPROVAL,
                "Freeze 'year-end' is active", Map.of());

        Escalation escalation = builder.build(request, decision(freeze)).orElseThrow();

        assertThat(escalation.decisionNeeded()).isEqualTo("Should user 'bob' be allowed to promote app.jar ("
                + DIGEST + ") to production even though a change freeze is in force and an exception was requested? "
                + "Approve to let this one promotion proceed, or reject to deny it.");
        assertThat(escalation.evidence()).containsEntry("freeze_exception_requested", "yes")
                .containsEntry("artifact.001.provenance.source_vs_job", "same")
                .doesNotContainKey("entitlement");
    }

    @Test
    void shouldRecordMissingOrInvalidEntitlementAndScopeEscalation() {
        PromotionRequest request = agentRequest().toBuilder()
                .entitlement(EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_EXPIRED, "expired at X")).build();
        CheckResult scope = CheckResult.pending("entitlement", ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "outside",
                Map.of());

        Escalation escalation = builder.build(request, decision(scope)).orElseThrow();

        assertThat(escalation.evidence()).containsEntry("entitlement", "invalid (ENTITLEMENT_EXPIRED): expired at X");
        assertThat(escalation.decisionNeeded()).contains("even though the request goes beyond the agent's "
                + "entitlement?");
    }

    @Test
    void shouldSummariseManyArtifactsAndBoundPaths() {
        PromotionRequest.Builder request = PromotionRequest.builder("corr-3", "canary", Requester.human("bob"),
                RunRef.of("job", "1"));
        for (int i = 1; i <= 5; i++) {
            request.artifact(new ArtifactEvidence(new ArtifactRef("a" + i + ".jar", Digest.parse(DIGEST)), null,
                    null));
        }
        List<String> paths = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "p" + i).toList();
        CheckResult approval = CheckResult.pending("approval", ReasonCode.APPROVAL_REQUIRED, "2 approvals",
                Map.of());

        Escalation escalation = builder.build(request.changedPaths(paths).build(), decision(approval)).orElseThrow();

        assertThat(escalation.attempted()).endsWith("a3.jar (" + DIGEST + ") and 2 more artifacts to canary (run "
                + "job#1)");
        assertThat(escalation.evidence()).containsEntry("artifact.005.signature", "missing")
                .containsEntry("artifact.005.provenance", "missing")
                .containsEntry("job.repository", "(unknown)");
        assertThat(escalation.evidence().get("changed_paths")).endsWith("p19, … and 5 more");
        assertThat(escalation.decisionNeeded()).contains("the policy requires approval to promote to canary");
    }
}
