package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.deploy;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.jar;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.read;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/** A compromised agent or pipeline tries to get an artifact through that is unsigned, foreign or out of order. */
class ArtifactRedTeamTest {
    private static final Requester ALICE = Requester.human("alice");
    private static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator/.github/"
            + "workflows/generator_generic_slsa3.yml";

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
    private final DefaultPromotionService service = fixture.service(store);

    @Test
    void shouldDenyAnUnsignedArtifact() {
        SubmittedArtifact unsigned = new SubmittedArtifact(pom().artifact(), null, null);

        Decision decision = gate(service, "staging", ALICE, run("42"), unsigned);

        assertDeniedAndAudited(store, decision, ReasonCode.MISSING_EVIDENCE);
        assertThat(decision.reasons()).extracting(CheckResult::gate).containsExactly("signature");
    }

    @Test
    void shouldDenyAnArtifactCorrectlySignedByAnotherIdentity() {
        // sigstore-java 1.3.0 is genuinely signed, but by the v1.3.0 release workflow; staging accepts v1.0.0 only.
        Decision decision = gate(service, "staging", ALICE, run("42"),
                ServiceFixture.signed("maven/sigstore-java/1.3.0/sigstore-java-1.3.0.jar"));

        assertDeniedAndAudited(store, decision, ReasonCode.IDENTITY_MISMATCH);
    }

    @Test
    void shouldDenyATamperedArtifactWithTheGenuineBundleRightAfterTheGenuineArtifactPassed() {
        // The genuine result is cached by the service; the tampered artifact has another digest and must miss it.
        assertThat(gate(service, "staging", ALICE, run("41"), jar()).outcome()).isEqualTo(Outcome.ALLOW);
        String dir = "tampered/sigstore-java-1.0.0-byteflip_fail/";
        SubmittedArtifact tampered = new SubmittedArtifact(new ArtifactRef(ServiceFixture.JAR,
                ServiceFixture.digestOf(dir + "artifact")), jar().bundleJson(), null);

        Decision decision = gate(service, "staging", ALICE, run("42"), tampered);

        assertDeniedAndAudited(store, decision, ReasonCode.DIGEST_MISMATCH);
        assertThat(gate(service, "staging", ALICE, run("43"), jar()).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldDenyATamperedArtifactWithTheGenuineBundle() {
        String dir = "tampered/sigstore-java-1.0.0-byteflip_fail/";
        SubmittedArtifact tampered = new SubmittedArtifact(new ArtifactRef(ServiceFixture.JAR,
                ServiceFixture.digestOf(dir + "artifact")), read(FIXTURES.resolve(dir + "bundle.sigstore.json")), null);

        Decision decision = gate(service, "staging", ALICE, run("42"), tampered);

        assertDeniedAndAudited(store, decision, ReasonCode.DIGEST_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "builder from elsewhere, https://github.com/evil/builder/.github/workflows/build.yml@*, "
                    + "github.com/slsa-framework/example-package, refs/tags/v*, BUILDER_UNTRUSTED",
            "another source repository, " + GENERATOR + "@refs/tags/v*, github.com/acme/app, refs/tags/v*, "
                    + "SOURCE_REPO_MISMATCH",
            "another ref, " + GENERATOR + "@refs/tags/v*, github.com/slsa-framework/example-package, "
                    + "refs/tags/v13.0.29, SOURCE_REF_MISMATCH"})
    void shouldDenyGenuineProvenanceFromTheWrongBuilderRepositoryOrRef(String story, String builder,
            String repository, String ref, ReasonCode expected) {
        DefaultPromotionService strict = new DefaultPromotionService(PolicyProvider.fixed(
                provenancePolicy(builder, repository, ref)), store, fixture.clock);

        Decision decision = gate(strict, "staging", ALICE, run("42"), slsa());

        assertDeniedAndAudited(store, decision, expected);
    }

    @Test
    void shouldAllowTheSameProvenanceWhenThePolicyMatchesIt() {
        DefaultPromotionService strict = new DefaultPromotionService(PolicyProvider.fixed(provenancePolicy(
                GENERATOR + "@refs/tags/v*", "github.com/slsa-framework/example-package", "refs/tags/v*")),
                store, fixture.clock);

        assertThat(gate(strict, "staging", ALICE, run("42"), slsa()).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldDenyProductionDirectlyWithoutStagingAndCanary() {
        RunRef run = run("42");
        assertThat(gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();
        deploy(service, "staging", run);
        fixture.clock.advance(Duration.ofHours(2));

        Decision decision = gate(service, "production", ALICE, run, pom());

        assertDeniedAndAudited(store, decision, ReasonCode.PROMOTION_ORDER_VIOLATED);
    }

    @Test
    void shouldDecideADownstreamProductionRunFromItsArtifactAndPolicyNotFromTheUpstreamAllow() {
        RunRef upstream = run("42");
        assertThat(gate(service, "staging", ALICE, upstream, pom()).isAllowed()).isTrue();
        deploy(service, "staging", upstream);
        RunRef downstream = new RunRef("shop/deploy-production", "7", "alice", ServiceFixture.REPOSITORY, List.of());

        Decision production = gate(service, "production", ALICE, downstream, pom());
        Decision unsigned = gate(service, "production", ALICE, new RunRef("shop/deploy-production", "8", "alice",
                ServiceFixture.REPOSITORY, List.of()), new SubmittedArtifact(pom().artifact(), null, null));
        CredentialDecision credential = service.authorizeCredential(new CredentialRequest("production",
                "prod-deploy", downstream, List.of(pom().artifact())));

        assertDeniedAndAudited(store, production, ReasonCode.PROMOTION_ORDER_VIOLATED);
        assertDeniedAndAudited(store, unsigned, ReasonCode.MISSING_EVIDENCE);
        assertThat(credential.granted()).isFalse();
        assertThat(credential.checks()).extracting(CheckResult::code).contains(ReasonCode.CREDENTIAL_NOT_GATED);
    }

    private static SubmittedArtifact slsa() {
        String dir = "slsa/gha_generic-v2.1.0-push-v14/";
        return new SubmittedArtifact(new ArtifactRef("binary-linux-amd64-push-v14",
                ServiceFixture.digestOf(dir + "binary-linux-amd64-push-v14")),
                read(FIXTURES.resolve(dir + "binary-linux-amd64-push-v14.intoto.jsonl")), null);
    }

    private static Policy provenancePolicy(String builder, String repository, String ref) {
        return ServiceFixture.parse("""
                apiVersion: promotion-gates/v1
                trustedRoots:
                  - name: public-good
                    path: trusted-roots/public-good.json
                    sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66
                environments:
                  - name: staging
                    actions: [promote]
                    signature:
                      trustedRoots: [public-good]
                      identities:
                        - sanRegex: 'https://github\\.com/slsa-framework/slsa-github-generator/.*'
                          issuer: https://token.actions.githubusercontent.com
                    provenance:
                      builderIds: ['%s']
                      sourceRepositories: ['%s']
                      refs: ['%s']
                """.formatted(builder, repository, ref));
    }
}
