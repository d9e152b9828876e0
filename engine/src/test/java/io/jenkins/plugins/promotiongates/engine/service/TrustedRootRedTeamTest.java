package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyError;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.digestOf;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.events;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.read;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The trusted root is the admin's, not whoever can write its file. The attacker here can replace the file the policy
 * names (a shared volume, a writable directory) and holds an artifact signed under another Sigstore instance: the
 * conformance suite's beacon, signed under the staging instance, whose identity the environment accepts.
 *
 * <p>Watched failing on the code before the fix (run with the {@code sha256} lines removed, since that code refused
 * the key): after the file was swapped for the staging root under a running service, the attacker's artifact was
 * ALLOWED on the next gate (the verifier cache re-read the file because its modification time and inode changed),
 * with the policy hash unchanged; a swapped root at load was used without complaint; no decision named the roots it
 * used.
 */
class TrustedRootRedTeamTest {
    static final String PUBLIC_GOOD_SHA256 = "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66";
    private static final String STAGING_ROOT = "trusted-roots/staging-from-conformance-rekor2-happy-path.json";
    private static final Requester ALICE = Requester.human("alice");

    @TempDir
    Path directory;

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);

    private static String policy(String pinLine) {
        return """
                apiVersion: promotion-gates/v1
                trustedRoots:
                  - name: corporate
                    path: roots/root.json
                PIN
                environments:
                  - name: staging
                    actions: [promote]
                    signature:
                      identities:
                        - sanRegex: 'https://github\\.com/sigstore-conformance/.*'
                          issuer: https://token.actions.githubusercontent.com
                        - san: https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0
                          issuer: https://token.actions.githubusercontent.com
                  - name: docs
                    actions: [promote]
                """.replace("PIN\n", pinLine);
    }

    private static String pinned() {
        return policy("    sha256: " + PUBLIC_GOOD_SHA256 + "\n");
    }

    private Path root() {
        return directory.resolve("roots/root.json");
    }

    private void installGenuineRoot() throws IOException {
        Files.createDirectories(root().getParent());
        Files.copy(FIXTURES.resolve("trusted-roots/public-good.json"), root(), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The attacker's swap: atomically, by rename, with a new modification time (what the old cache watched). */
    private void swapInTheStagingRoot() throws IOException {
        Path replacement = directory.resolve("roots/.root.json.new");
        Files.copy(FIXTURES.resolve(STAGING_ROOT), replacement, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(replacement, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        Files.move(replacement, root(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Policy parse(String yaml) throws PolicyValidationException {
        return PolicyLoader.parse(yaml, "policy.yaml", directory);
    }

    private DefaultPromotionService service(Policy policy) {
        return new DefaultPromotionService(PolicyProvider.fixed(policy), store, fixture.clock);
    }

    /** The conformance beacon's artifact, signed under the Sigstore staging instance. */
    private static SubmittedArtifact signedUnderStaging() {
        return new SubmittedArtifact(new ArtifactRef("a.txt", digestOf("conformance/a.txt")),
                read(FIXTURES.resolve("conformance/rekor2-happy-path/bundle.sigstore.json")), null);
    }

    @Test
    void shouldNotTrustARootFileSwappedUnderARunningService() throws Exception {
        installGenuineRoot();
        DefaultPromotionService service = service(parse(pinned()));
        assertThat(gate(service, "staging", ALICE, run("1"), signedUnderStaging()).outcome())
                .as("the attacker's artifact before the swap").isEqualTo(Outcome.DENY);

        swapInTheStagingRoot();

        Decision attack = gate(service, "staging", ALICE, run("2"), signedUnderStaging());
        assertThat(attack.outcome()).as(attack.toString()).isEqualTo(Outcome.DENY);
        Decision genuine = gate(service, "staging", ALICE, run("3"), pom());
        assertThat(genuine.outcome()).as("the genuine release, still verified with the pinned content: "
                + genuine).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldDenyEveryGateThatNeedsARootWhoseFileNoLongerMatchesItsPinWhenThePolicyIsApplied() throws Exception {
        installGenuineRoot();
        swapInTheStagingRoot();
        Policy policy = parse(pinned());
        DefaultPromotionService service = service(policy);

        Decision attack = gate(service, "staging", ALICE, run("1"), signedUnderStaging());
        Decision genuine = gate(service, "staging", ALICE, run("2"), pom());

        assertDeniedAndAudited(store, attack, ReasonCode.TRUST_ROOT_PIN_MISMATCH);
        assertDeniedAndAudited(store, genuine, ReasonCode.TRUST_ROOT_PIN_MISMATCH);
        String staging = ServiceFixture.sha256Hex(FIXTURES.resolve(STAGING_ROOT));
        assertThat(genuine.reasons().get(0).message()).contains("corporate");
        assertThat(genuine.reasons().get(0).evidence()).containsEntry("trustedRoot", "corporate")
                .containsEntry("pinnedSha256", PUBLIC_GOOD_SHA256)
                .hasEntrySatisfying("detail", detail -> assertThat(detail).contains(staging));
        assertThat(policy.trustedRootProblems()).singleElement().asString().contains(staging);
        assertThat(gate(service, "docs", ALICE, run("3"), pom()).outcome())
                .as("an environment that needs no trusted root").isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldRefuseARootThatDoesNotMatchItsPinWhenAPolicyFileIsLoaded() throws Exception {
        installGenuineRoot();
        swapInTheStagingRoot();
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, pinned(), StandardCharsets.UTF_8);

        assertThatExceptionOfType(PolicyValidationException.class).isThrownBy(() -> PolicyLoader.load(file))
                .satisfies(e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.path()).isEqualTo("trustedRoots[0].sha256");
                    assertThat(error.location().line()).isEqualTo(5);
                    assertThat(error.message()).contains(PUBLIC_GOOD_SHA256,
                            ServiceFixture.sha256Hex(FIXTURES.resolve(STAGING_ROOT)));
                }));
    }

    @Test
    void shouldRequireAPinAndSayWhichValueToPaste() throws Exception {
        installGenuineRoot();

        List<PolicyError> errors = assertThatExceptionOfType(PolicyValidationException.class)
                .isThrownBy(() -> parse(policy(""))).actual().errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("trustedRoots[0].sha256");
            assertThat(error.message()).contains("missing required key 'sha256'", "sha256: " + PUBLIC_GOOD_SHA256);
        });
    }

    @Test
    void shouldRecordTheDigestsOfTheRootsItUsedInEveryDecision() throws Exception {
        installGenuineRoot();
        DefaultPromotionService service = service(parse(pinned()));

        Decision allowed = gate(service, "staging", ALICE, run("1"), pom());
        Decision denied = gate(service, "staging", ALICE, run("2"), signedUnderStaging());

        for (Decision decision : List.of(allowed, denied)) {
            CheckResult signature = decision.checks().stream().filter(c -> c.gate().equals("signature"))
                    .findFirst().orElseThrow();
            assertThat(signature.evidence()).containsEntry("trustedRoots", "corporate=sha256:" + PUBLIC_GOOD_SHA256);
            List<AuditEvent> recorded = events(store, decision.correlationId(), AuditEventType.DECISION);
            assertThat(recorded).last().satisfies(event -> assertThat(event.payload().values())
                    .anySatisfy(value -> assertThat(value).contains("corporate=sha256:" + PUBLIC_GOOD_SHA256)));
        }
        assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
    }
}
