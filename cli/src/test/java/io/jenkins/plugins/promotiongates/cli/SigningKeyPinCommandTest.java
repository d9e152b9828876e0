package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Managed keys are pinned like trusted roots (issue 17 item 1): {@code policy check} prints each key's pin, says what
 * to paste when it is missing, and the CLI ({@code policy check}, {@code gate --policy}) refuses a key file that no
 * longer matches. (The red-team test, watched failing, is the engine's SigningKeyPinRedTeamTest.)
 */
class SigningKeyPinCommandTest {
    @TempDir
    Path directory;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);
    private Path key;
    private String pin;

    @BeforeEach
    void setUp() throws Exception {
        key = directory.resolve("release.pub");
        Files.writeString(key, newPublicKeyPem(), StandardCharsets.US_ASCII);
        pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(key)));
    }

    private Path policy(String pinLine) throws Exception {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, """
                apiVersion: promotion-gates/v1
                environments:
                  - name: staging
                    actions: [promote]
                    signature:
                      keys:
                        - keyId: release
                          publicKey: release.pub
                PIN""".replace("PIN", pinLine), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldPrintThePinOfEachSigningKey() throws Exception {
        Result result = cli.run("policy", "check", policy("          sha256: " + pin + "\n").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("  signing key release: ", "release.pub sha256: " + pin);
    }

    @Test
    void shouldSayWhichPinToPasteWhenItIsMissing() throws Exception {
        Result result = cli.run("policy", "check", policy("").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("environments[0].signature.keys[0].sha256", "missing required key 'sha256'",
                "sha256: " + pin);
    }

    @Test
    void shouldRefuseASigningKeyThatDoesNotMatchItsPin() throws Exception {
        Path policy = policy("          sha256: " + pin + "\n");
        Files.writeString(key, newPublicKeyPem(), StandardCharsets.US_ASCII);

        Result check = cli.run("policy", "check", policy.toString());
        Result gate = cli.run("gate", "--policy", policy.toString(), "--store", directory.resolve("store").toString(),
                "-e", "staging", "--artifact", key.toString());

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).contains("environments[0].signature.keys[0].sha256", "but the policy pins " + pin);
        assertThat(gate.exitCode()).isEqualTo(2);
        assertThat(gate.err()).contains("environments[0].signature.keys[0].sha256");
    }

    private static String newPublicKeyPem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }
}
