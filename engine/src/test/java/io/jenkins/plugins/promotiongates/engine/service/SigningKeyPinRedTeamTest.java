package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyError;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import io.jenkins.plugins.promotiongates.engine.verification.ManagedKeySigning;
import org.junit.jupiter.api.BeforeEach;
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
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.events;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue 17 item 1, managed keys: a {@code signature.keys[].publicKey} file is the admin's, not whoever can write it.
 * The attacker can replace the key file the policy names and holds the release artifact signed with a key of their
 * own, logged in the same transparency log.
 *
 * <p>Watched failing (all five) on the code before the fix, run with the {@code sha256} pin lines removed since that
 * code refused the key: the policy loaded without a pin and a key swapped before it was applied raised no error; no
 * decision named the keys it used; the verifier cache re-read the key file whenever its size, modification time or
 * inode changed. And no gate with a managed key ever allowed, not even the genuine release: the verifier names a
 * key-signed bundle's signer by the key's fingerprint while the rule matched only {@code keyId}, so every managed-key
 * signature was denied {@code IDENTITY_MISMATCH} (fixed here: the rule also accepts the pinned key's fingerprint).
 * That mismatch is also why the swapped key's attacker was denied on the old code rather than allowed.
 */
class SigningKeyPinRedTeamTest {
    private static final byte[] ARTIFACT = "release 1.0\n".getBytes(StandardCharsets.UTF_8);
    private static final Requester ALICE = Requester.human("alice");

    @TempDir
    Path directory;

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
    private ManagedKeySigning signing;
    private String rootPin;
    private String keyPin;

    @BeforeEach
    void setUp() throws IOException {
        signing = ManagedKeySigning.of(ARTIFACT, FIXTURES);
        Files.createDirectories(directory.resolve("roots"));
        Files.createDirectories(directory.resolve("keys"));
        Files.writeString(directory.resolve("roots/root.json"), signing.trustedRootJson(), StandardCharsets.UTF_8);
        rootPin = ServiceFixture.sha256Hex(directory.resolve("roots/root.json"));
        Files.writeString(key(), signing.releaseKeyPem(), StandardCharsets.UTF_8);
        keyPin = ServiceFixture.sha256Hex(key());
    }

    private String policy(String keyPinLine) {
        return """
                apiVersion: promotion-gates/v1
                trustedRoots:
                  - name: log
                    path: roots/root.json
                    sha256: ROOT_PIN
                environments:
                  - name: staging
                    actions: [promote]
                    signature:
                      keys:
                        - keyId: release
                          publicKey: keys/release.pub
                KEY_PIN
                  - name: docs
                    actions: [promote]
                """.replace("ROOT_PIN", rootPin).replace("KEY_PIN\n", keyPinLine);
    }

    private String pinned() {
        return policy("          sha256: " + keyPin + "\n");
    }

    private Path key() {
        return directory.resolve("keys/release.pub");
    }

    /** The attacker's swap: atomically, by rename, with a new modification time (what the old cache watched). */
    private void swapInTheAttackersKey() throws IOException {
        Path replacement = directory.resolve("keys/.release.pub.new");
        Files.writeString(replacement, signing.attackerKeyPem(), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(replacement, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        Files.move(replacement, key(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Policy parse(String yaml) throws PolicyValidationException {
        return PolicyLoader.parse(yaml, "policy.yaml", directory);
    }

    private DefaultPromotionService service(Policy policy) {
        return new DefaultPromotionService(PolicyProvider.fixed(policy), store, fixture.clock);
    }

    private static SubmittedArtifact artifact(String bundle) {
        Digest digest = ArtifactDigester.digest(ARTIFACT, Digest.Algorithm.SHA256);
        return new SubmittedArtifact(new ArtifactRef("app.bin", digest), bundle, null);
    }

    @Test
    void shouldNotTrustAKeyFileSwappedUnderARunningService() throws Exception {
        DefaultPromotionService service = service(parse(pinned()));
        assertThat(gate(service, "staging", ALICE, run("1"), artifact(signing.attackerBundle())).outcome())
                .as("the attacker's bundle before the swap").isEqualTo(Outcome.DENY);

        swapInTheAttackersKey();

        Decision attack = gate(service, "staging", ALICE, run("2"), artifact(signing.attackerBundle()));
        assertThat(attack.outcome()).as(attack.toString()).isEqualTo(Outcome.DENY);
        Decision genuine = gate(service, "staging", ALICE, run("3"), artifact(signing.releaseBundle()));
        assertThat(genuine.outcome()).as("the release, still verified with the pinned key: " + genuine)
                .isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldDenyEveryGateThatNeedsAKeyWhoseFileNoLongerMatchesItsPinWhenThePolicyIsApplied() throws Exception {
        swapInTheAttackersKey();
        Policy policy = parse(pinned());
        DefaultPromotionService service = service(policy);

        Decision attack = gate(service, "staging", ALICE, run("1"), artifact(signing.attackerBundle()));
        Decision genuine = gate(service, "staging", ALICE, run("2"), artifact(signing.releaseBundle()));

        assertDeniedAndAudited(store, attack, ReasonCode.SIGNING_KEY_PIN_MISMATCH);
        assertDeniedAndAudited(store, genuine, ReasonCode.SIGNING_KEY_PIN_MISMATCH);
        String swapped = ServiceFixture.sha256Hex(key());
        assertThat(genuine.reasons().get(0).message()).contains("release");
        assertThat(genuine.reasons().get(0).evidence()).containsEntry("signingKey", "release")
                .containsEntry("pinnedSha256", keyPin)
                .hasEntrySatisfying("detail", detail -> assertThat(detail).contains(swapped));
        assertThat(policy.trustedRootProblems()).singleElement().asString().contains(swapped);
        assertThat(gate(service, "docs", ALICE, run("3"), artifact(signing.releaseBundle())).outcome())
                .as("an environment that needs no key").isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldRefuseAKeyThatDoesNotMatchItsPinWhenAPolicyFileIsLoaded() throws Exception {
        swapInTheAttackersKey();
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, pinned(), StandardCharsets.UTF_8);

        assertThatExceptionOfType(PolicyValidationException.class).isThrownBy(() -> PolicyLoader.load(file))
                .satisfies(e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.path()).isEqualTo("environments[0].signature.keys[0].sha256");
                    assertThat(error.location().line()).isEqualTo(13);
                    assertThat(error.message()).contains(keyPin, ServiceFixture.sha256Hex(key()));
                }));
    }

    @Test
    void shouldRequireAPinAndSayWhichValueToPaste() {
        List<PolicyError> errors = assertThatExceptionOfType(PolicyValidationException.class)
                .isThrownBy(() -> parse(policy(""))).actual().errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.path()).isEqualTo("environments[0].signature.keys[0].sha256");
            assertThat(error.message()).contains("missing required key 'sha256'", "sha256: " + keyPin);
        });
    }

    @Test
    void shouldRecordTheDigestsOfTheKeysItUsedInEveryDecision() throws Exception {
        DefaultPromotionService service = service(parse(pinned()));

        Decision allowed = gate(service, "staging", ALICE, run("1"), artifact(signing.releaseBundle()));
        Decision denied = gate(service, "staging", ALICE, run("2"), artifact(signing.attackerBundle()));

        assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
        for (Decision decision : List.of(allowed, denied)) {
            CheckResult signature = decision.checks().stream().filter(c -> c.gate().equals("signature"))
                    .findFirst().orElseThrow();
            assertThat(signature.evidence()).containsEntry("signingKeys", "release=sha256:" + keyPin);
            List<AuditEvent> recorded = events(store, decision.correlationId(), AuditEventType.DECISION);
            assertThat(recorded).last().satisfies(event -> assertThat(event.payload().values())
                    .anySatisfy(value -> assertThat(value).contains("release=sha256:" + keyPin)));
        }
    }
}
