package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** What people read: recovery warnings, times to the millisecond, markers a C locale can print, digest wording. */
class HumanOutputTest {
    private static final String SAN =
            "https://github.com/sigstore/sigstore-java/.github/workflows/release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private String[] textGate(String environment, String run) {
        List<String> args = new java.util.ArrayList<>(List.of(workspace.gate(environment, "alice", run)));
        args.remove("--json");
        return args.toArray(String[]::new);
    }

    @Test
    void shouldShowRecoveryWarningsInHumanOutput() throws IOException {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        Path segment;
        try (Stream<Path> files = Files.list(workspace.store())) {
            segment = files.filter(f -> f.getFileName().toString().startsWith("segment")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
        Files.write(segment, new byte[] {1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);

        Result text = cli.run("audit", "verify", "--store", workspace.storeArg());

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("Audit chain intact").contains("warning: torn tail of 7 unacknowledged bytes");
    }

    @Test
    void shouldPrintDecisionAndExpiryTimesToTheMillisecond() {
        cli.advance(Duration.ofMillis(1));
        Result gate = cli.run(textGate("staging", "42"));

        assertThat(gate.exitCode()).isZero();
        assertThat(gate.out()).contains("decided at 2026-11-24T08:30:00.001Z");
        assertThat(cli.run("audit", "show", "--store", workspace.storeArg(), "shop/release#42/staging").out())
                .contains(" 2026-11-24T08:30:00.001Z ");
    }

    @Test
    void shouldPrintAsciiMarkersWhenTheCharsetCannotEncodeThem() {
        cli.setCharset(StandardCharsets.US_ASCII);

        Result gate = cli.run(textGate("staging", "42"));
        Result denied = cli.run(textGate("qa", "43"));

        assertThat(gate.out()).contains("  + signature").doesNotContain("✔");
        assertThat(denied.out()).contains("  x ").doesNotContain("✘").doesNotContain("—");
        assertThat((gate.out() + denied.out()).chars()).allMatch(c -> c < 128);
    }

    @Test
    void shouldKeepUnicodeMarkersWhenTheCharsetEncodesThem() {
        assertThat(cli.run(textGate("staging", "42")).out()).contains("  ✔ signature");
    }

    @Test
    void shouldCallTheArtifactsDigestActualAndTheSignedOneExpected() throws IOException {
        Path tampered = directory.resolve("tampered.pom");
        Files.write(tampered, Files.readAllBytes(workspace.artifact()));
        Files.write(tampered, new byte[] {'\n'}, StandardOpenOption.APPEND);
        String tamperedDigest = "sha256:" + java.util.HexFormat.of().formatHex(sha256(Files.readAllBytes(tampered)));

        Result result = cli.run("verify", "--artifact", tampered.toString(), "--bundle",
                workspace.artifactArg() + ".sigstore.json", "--trusted-root",
                directory.resolve("trusted-roots/public-good.json").toString(), "--identity", SAN, "--issuer",
                "https://token.actions.githubusercontent.com");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("DIGEST_MISMATCH")
                .contains("expected " + CliHarness.DIGEST).contains("actual " + tamperedDigest);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
