package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read commands never wait for a writer: each one runs while another writer holds the embedded store's writer
 * lock (as during its append) and answers from the committed log. They used to refuse with "locked by another
 * process" for as long as any writer had the store open, including while it hashed an artifact.
 */
class ReadsDuringAppendsTest {
    private static final String CANARY_42 = "shop/release#42/canary";
    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);
    private FileChannel lockFile;
    private FileLock held;

    @BeforeEach
    void setUp() throws IOException {
        workspace = CliHarness.workspace(directory);
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        // The writer lock as another writer holds it while it appends (a lock of this JVM: the store sees it as
        // another store object of the directory; ConcurrentCliTest shows other processes).
        lockFile = FileChannel.open(workspace.store().resolve("audit.lock"), StandardOpenOption.WRITE);
        held = lockFile.lock();
    }

    @AfterEach
    void tearDown() throws IOException {
        held.release();
        lockFile.close();
    }

    private Result read(String... args) {
        Result result = cli.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
        return result;
    }

    @Test
    void shouldListPendingApprovalsWhileAWriterHoldsTheLock() {
        assertThat(read("pending", "--store", workspace.storeArg()).out()).contains(CANARY_42);
    }

    @Test
    void shouldExportTheAuditTrailWhileAWriterHoldsTheLock() {
        assertThat(read("audit", "export", "--store", workspace.storeArg()).out().lines()).hasSizeGreaterThan(3);
    }

    @Test
    void shouldShowAPromotionWhileAWriterHoldsTheLock() {
        assertThat(read("audit", "show", "--store", workspace.storeArg(), CANARY_42).out()).contains("canary");
    }

    @Test
    void shouldExplainAPolicyFromTheStoreWhileAWriterHoldsTheLock() {
        assertThat(read("policy", "explain", "--policy", workspace.policyArg(), "--store", workspace.storeArg(),
                "-e", "staging", "--artifact", workspace.artifactArg()).out()).isNotBlank();
    }

    @Test
    void shouldReplayAPolicyOverTheStoreWhileAWriterHoldsTheLock() {
        assertThat(read("policy", "replay", "--policy", workspace.policyArg(), "--store", workspace.storeArg()).out())
                .isNotBlank();
    }

    @Test
    void shouldListReviewsWhileAWriterHoldsTheLock() {
        assertThat(read("review", "list", "--store", workspace.storeArg(), "--json").out()).isNotBlank();
    }
}
