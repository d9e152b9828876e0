package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
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
    void shouldExitFourWhenOtherWritersHoldTheStoreLongerThanTheStoreWait() throws Exception {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        // Another writer in the middle of an append (a lock of this JVM on audit.lock: the store sees it exactly as
        // it sees another store object of the directory appending; another process is shown by ConcurrentCliTest).
        try (FileChannel lockFile = FileChannel.open(workspace.store().resolve("audit.lock"), StandardOpenOption.WRITE);
                FileLock held = lockFile.lock()) {
            assertThat(held.isValid()).isTrue();
            Result gate = cli.run(workspace.gate("staging", "alice", "43", "--store-wait", "100ms"));
            Result deployment = cli.run("record-deployment", "--store", workspace.storeArg(), "--store-wait", "100ms",
                    "--environment", "staging", "--job", "shop/release", "--run", "42", "--outcome", "success");
            Result pending = cli.run("pending", "--store", workspace.storeArg());

            assertThat(gate.exitCode()).as(gate.out() + gate.err()).isEqualTo(ExitCodes.BUSY).isEqualTo(4);
            assertThat(gate.out()).contains("StoreBusyException: the writer lock stayed held for 100 ms, nothing was written");
            assertThat(deployment.exitCode()).as(deployment.err()).isEqualTo(4);
            assertThat(deployment.err()).startsWith("promotion-gates: store busy, retry: ");
            assertThat(pending.exitCode()).as("reads never wait for the writer lock: " + pending.err()).isZero();
        }
        try (FileAuditStore store = new FileAuditStore(workspace.store(), new MutableClock(TUESDAY_MORNING))) {
            assertThat(store.byCorrelationId("shop/release#43/staging")).as("nothing of the busy gate was written")
                    .isEmpty();
        }
    }

    @Test
    void shouldRefuseAStoreWaitThatIsNotADuration() {
        Result result = cli.run("pending", "--store", workspace.storeArg(), "--store-wait", "soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--store-wait: expected a duration such as 500ms, 5s or 1m, found 'soon'");
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
