package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code status} and {@code wait}: a promotion's decision now, read-only, and a bounded wait for it. */
class StatusAndWaitCommandTest {
    private static final String CANARY_42 = "shop/release#42/canary";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private long storedEvents() {
        try (FileAuditStore store = new FileAuditStore(workspace.store(), Clock.fixed(TUESDAY_MORNING, ZoneOffset.UTC))) {
            return store.lastSequence();
        }
    }

    @Test
    void shouldShowAPendingPromotionWithoutWritingAndExitThree() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        long before = storedEvents();

        Result status = cli.run("status", "--store", workspace.storeArg(), "--correlation-id", CANARY_42);
        Result byRun = cli.run("status", "--store", workspace.storeArg(), "--job", "shop/release", "--run", "42",
                "--environment", "canary", "--json");

        assertThat(status.exitCode()).as(status.err()).isEqualTo(3);
        assertThat(status.out()).contains("NEEDS APPROVAL").contains(CANARY_42);
        assertThat(byRun.exitCode()).isEqualTo(3);
        assertThat(byRun.out().lines()).singleElement().asString().contains("\"outcome\":\"PENDING\"");
        assertThat(storedEvents()).as("status never writes").isEqualTo(before);
    }

    @Test
    void shouldReportATimedOutRequestAsDeniedWithoutRecordingIt() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        long before = storedEvents();
        cli.advance(Duration.ofDays(1).plusMinutes(1));

        Result status = cli.run("status", "--store", workspace.storeArg(), "--correlation-id", CANARY_42);

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("APPROVAL_TIMED_OUT");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void shouldStopWaitingAtTheTimeoutWhileStillPending() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");

        Result waited = cli.run("wait", "--store", workspace.storeArg(), "--correlation-id", CANARY_42,
                "--timeout", "PT0.02S", "--interval", "PT0.005S");

        assertThat(waited.exitCode()).isEqualTo(3);
        assertThat(waited.err()).contains("still pending after waiting PT0.02S");
    }

    @Test
    void shouldReturnAtOnceWhenThePromotionIsDecided() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", CANARY_42, "--as", "bob",
                "--group", "release-managers");
        cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", CANARY_42, "--as", "carol",
                "--group", "security");

        Result waited = cli.run("wait", "--store", workspace.storeArg(), "--correlation-id", CANARY_42,
                "--timeout", "PT1H");

        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(waited.out()).contains("ALLOWED");
    }

    @Test
    void shouldRefuseAnUnboundedWaitAndAnUnknownPromotion() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");

        Result forever = cli.run("wait", "--store", workspace.storeArg(), "--correlation-id", CANARY_42,
                "--timeout", "P2D");
        Result unknown = cli.run("status", "--store", workspace.storeArg(), "--correlation-id", "shop/x#1/canary");

        assertThat(forever.exitCode()).isEqualTo(2);
        assertThat(forever.err()).contains("--timeout must be at most PT24H");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no promotion shop/x#1/canary is recorded");
    }
}
