package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** Error messages name the cause in words (no Java class names, the path once), as git and gh do. */
class ErrorMessagesTest {
    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    @Test
    void shouldSayNoSuchFileForAMissingBundleAndNameThePathOnce() {
        Path missing = directory.resolve("missing.json");

        Result result = cli.run("gate", "--policy", workspace.policyArg(), "--store", workspace.storeArg(), "-e",
                "staging", "--artifact", workspace.artifactArg(), "--bundle", missing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("promotion-gates: cannot read bundle " + missing + ": no such file"
                + System.lineSeparator());
    }

    /** /dev/full answers every write with ENOSPC, as a full disk does. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldSayNoSpaceLeftOnDeviceWhenTheExportCannotBeWritten() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();

        Result result = cli.run("audit", "export", "--store", workspace.storeArg(), "--output", "/dev/full");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).isEqualTo("promotion-gates: cannot write /dev/full: No space left on device"
                + System.lineSeparator());
    }

    @Test
    void shouldLocateDocumentLevelPolicyErrorsAtLineOne() throws IOException {
        Path empty = Files.writeString(directory.resolve("empty.yaml"), "", StandardCharsets.UTF_8);
        Path scalar = Files.write(directory.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});

        Result emptyResult = cli.run("policy", "check", empty.toString());
        Result scalarResult = cli.run("policy", "check", scalar.toString());

        assertThat(emptyResult.exitCode()).isEqualTo(2);
        assertThat(emptyResult.err().lines().skip(1)).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("  \\Q" + empty + "\\E:[1-9]\\d*:[1-9]\\d*: .+"));
        assertThat(scalarResult.err().lines().skip(1)).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("  \\Q" + scalar + "\\E:[1-9]\\d*:[1-9]\\d*: .+"));
    }
}
