package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** A policy and a request that passes every gate of {@code production}; tests break one piece at a time. */
final class GateFixtures {
    /** Tuesday 2026-11-24 10:00 in Berlin: inside the production window, outside every freeze. */
    static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ISSUER = "https://token.actions.githubusercontent.com";
    static final String SAN = "https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0";
    static final String BUILDER =
            "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml"
                    + "@refs/tags/v2.1.0";
    static final Digest DIGEST = Digest.sha256("5be26f1777a351a2f770e91dbceae0aaa3f6e26e8ad218c6ac16caa783a5aa0d");

    private static final String CONDITIONS = """
                signature:
                  MODE
                  identities:
                    - san: https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.2.0
                      issuer: https://token.actions.githubusercontent.com
                    - sanRegex: 'https://github\\.com/acme/lib/.*'
                      issuer: https://token.actions.githubusercontent.com
                provenance:
                  MODE
                  builderIds: ['https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v*']
                  sourceRepositories: [https://github.com/acme/app]
                  refs: ['refs/tags/v*']
                allowlist:
                  MODE
                  jobs: ['acme/app/**']
                  repositories: ['github.com/acme/*']
                  artifacts: ['app-*.jar']
                windows:
                  MODE
                  timeZone: Europe/Berlin
                  weekly: [{days: [MON-FRI], start: '09:00', end: '17:00'}]
                freezes:
                  MODE
                  timeZone: Europe/Berlin
                  periods: [{from: '2026-12-18T18:00', to: '2027-01-04T08:00', reason: Year-end freeze}]
                  exception: {approvals: 2, groups: [cab, sre], distinctGroups: true}
                order:
                  MODE
                  after: staging
                  soakMinutes: 60
                tests:
                  MODE
                  maxFailures: 0
                  minTotal: 10
                rollbackPlan:
                  MODE
                  required: true
            """;

    static final String POLICY = """
            apiVersion: promotion-gates/v1
            trustedRoots: [{name: public-good, path: trusted-roots/public-good.json, sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66}]
            environments:
              - name: staging
                actions: [promote]
                agents: allowed
              - name: production
                actions: [promote, rollback]
            """ + CONDITIONS.replace("MODE", "mode: enforce") + """
              - name: warned
                actions: [promote]
            """ + CONDITIONS.replace("MODE", "mode: warn") + """
              - name: gated
                actions: [promote]
                agents: with-approval
                escalation:
                  sensitivePaths: ['.github/workflows/**', '**/*.sql']
                  provenanceSourceMustMatchJobRepository: true
                approvals:
                  required: 2
                  groups: [release-managers, sre]
                  distinctGroups: true
                  timeoutMinutes: 1440
            """;

    private GateFixtures() {
    }

    static Policy policy() {
        try {
            return PolicyLoader.parse(POLICY, "gate-test-policy.yaml", Path.of("."));
        } catch (PolicyValidationException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static ArtifactEvidence artifact(SignatureEvidence signature, ProvenanceEvidence provenance) {
        return new ArtifactEvidence(new ArtifactRef("app-1.2.0.jar", DIGEST), signature, provenance);
    }

    static SignatureEvidence goodSignature() {
        return SignatureEvidence.verified(SAN, ISSUER, 125_680_200L, Instant.parse("2026-11-23T18:44:36Z"));
    }

    static ProvenanceEvidence goodProvenance() {
        return ProvenanceEvidence.verified("https://slsa.dev/provenance/v1", BUILDER,
                "git+https://github.com/acme/app@refs/tags/v1.2.0", "refs/tags/v1.2.0", "abc123");
    }

    static RunRef run() {
        return new RunRef("acme/app/release", "42", "alice", "https://github.com/acme/app.git", List.of("bob"));
    }

    /** A request that passes every gate of production. */
    static PromotionRequest.Builder good(String environment) {
        return PromotionRequest.builder("corr-1", environment, Requester.human("alice"), run())
                .artifact(artifact(goodSignature(), goodProvenance()))
                .tests(new TestEvidence(120, 0, 3))
                .rollbackPlan("https://wiki.example/rollback/app")
                .changedPaths(List.of("src/main/java/App.java"));
    }

    static PromotionRequest.Builder agent(String environment, EntitlementEvidence entitlement) {
        PromotionRequest.Builder builder = PromotionRequest.builder("corr-2", environment,
                Requester.agent("docs-refactor-042"), run())
                .artifact(artifact(goodSignature(), goodProvenance()))
                .tests(new TestEvidence(120, 0, 0))
                .rollbackPlan("rollback.md")
                .changedPaths(List.of("docs/index.md"));
        return builder.entitlement(entitlement);
    }

    static EntitlementEvidence entitlement(List<String> environments, List<String> actions, List<String> repos) {
        return new EntitlementEvidence(true, "docs-refactor-042", "update markdown links", repos, actions,
                environments, "agent-broker-2026", NOW.minusSeconds(300), NOW.plusSeconds(1500), ReasonCode.OK,
                "valid");
    }

    /** Staging deployed the digest {@code ago} before {@link #NOW}. */
    static PromotionHistory deployedToStaging(Duration ago) {
        return (digest, environment) -> digest.equals(DIGEST) && environment.equals("staging")
                ? Optional.of(NOW.minus(ago)) : Optional.empty();
    }

    static PromotionHistory history() {
        return deployedToStaging(Duration.ofHours(2));
    }
}
