package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes separate usage (2), denied (1), pending (3), busy (4) and internal errors (70). */
class ExitCodesTest {
    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    @Test
    void shouldExitFourWhenAnotherWriterHoldsTheStore() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        try (FileAuditStore held = new FileAuditStore(workspace.store(), new MutableClock(TUESDAY_MORNING))) {
            Result pending = cli.run("pending", "--store", workspace.storeArg());
            Result gate = cli.run(workspace.gate("staging", "alice", "43"));

            assertThat(pending.exitCode()).isEqualTo(ExitCodes.BUSY).isEqualTo(4);
            assertThat(pending.err()).startsWith("promotion-gates: store busy, retry: ");
            assertThat(gate.exitCode()).isEqualTo(4);
            assertThat(held.lastSequence()).isPositive();
        }
    }

    @Test
    void shouldExitSeventyWithTheCauseOnAnInternalError() {
        StringWriter err = new StringWriter();

        int code = Main.executionFailed(new IllegalStateException("invariant broken"), new PrintWriter(err, true));

        assertThat(code).isEqualTo(ExitCodes.INTERNAL).isEqualTo(70);
        assertThat(err.toString()).startsWith("promotion-gates: internal error: invariant broken (IllegalStateException)");
    }

    @Test
    void shouldNeverCreateAStoreToExplainAPolicy() {
        Path absent = directory.resolve("no-store-here");

        Result result = cli.run("policy", "explain", "--policy", workspace.policyArg(), "--store", absent.toString(),
                "-e", "staging", "--artifact", workspace.artifactArg());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("promotion-gates: no audit store in " + absent + System.lineSeparator());
        assertThat(absent).doesNotExist();
    }

    @Test
    void shouldExplainFromAnExistingStoreWithoutWritingToIt() throws Exception {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        long before = size(workspace.store());

        Result result = cli.run("policy", "explain", "--policy", workspace.policyArg(), "--store", workspace.storeArg(),
                "-e", "staging", "--artifact", workspace.artifactArg());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(size(workspace.store())).isEqualTo(before);
    }

    /** The total size of a store's files. */
    private static long size(Path store) throws java.io.IOException {
        try (var files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
