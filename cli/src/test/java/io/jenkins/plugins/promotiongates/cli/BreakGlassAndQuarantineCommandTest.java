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

import static io.jenkins.plugins.promotiongates.cli.CliHarness.SATURDAY;
import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code break-glass} (windows and freezes only, with a reason, opening a review) and {@code quarantine lift}. */
class BreakGlassAndQuarantineCommandTest {
    private static final String PRODUCTION_42 = "shop/release#42/production";

    @TempDir
    private Path directory;
    private Workspace workspace;

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private Result breakGlass(CliHarness cli, String correlationId, String reason, String... extra) {
        String[] base = {"break-glass", "--policy", workspace.policyArg(), "--store", workspace.storeArg(),
                "--correlation-id", correlationId, "--reason", reason, "--as", "sam", "--group", "sre-oncall"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return cli.run(args);
    }

    /** Run 42 through staging and an approved canary, deployed there an hour ago: production's order holds. */
    private void soakedInCanary(CliHarness cli) {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        for (String[] voter : new String[][] {{"bob", "release-managers"}, {"carol", "security"}}) {
            cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", "shop/release#42/canary",
                    "--as", voter[0], "--group", voter[1]);
        }
        assertThat(cli.run("record-deployment", "--store", workspace.storeArg(), "--environment", "canary",
                "--job", "shop/release", "--run", "42", "--outcome", "success").exitCode()).isZero();
        cli.advance(Duration.ofMinutes(61));
    }

    /** Break-glass overrides the window only: production still needs its two approvals. */
    @Test
    void shouldOverrideAClosedWindowAndOpenAReview() {
        CliHarness cli = new CliHarness(SATURDAY);
        soakedInCanary(cli);
        Result denied = cli.run(workspace.gate("production", "alice", "42"));
        assertThat(denied.exitCode()).as(denied.out()).isEqualTo(1);
        assertThat(denied.failedCodes()).containsExactly("OUTSIDE_CHANGE_WINDOW", "APPROVAL_REQUIRED");

        Result result = breakGlass(cli, PRODUCTION_42, "SEV-1: payment outage, hotfix", "--json");

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(3);
        assertThat(result.json().get("outcome").asText()).isEqualTo("PENDING");
        assertThat(result.json().toString()).contains("BREAK_GLASS");
        try (FileAuditStore store = new FileAuditStore(workspace.store(), Clock.fixed(SATURDAY, ZoneOffset.UTC))) {
            assertThat(store.openBreakGlassReviews()).containsExactly(PRODUCTION_42);
        }
        assertThat(cli.run("audit", "show", "--store", workspace.storeArg(), PRODUCTION_42).out())
                .contains("BREAK_GLASS").contains("sam").contains("SEV-1: payment outage, hotfix");
    }

    @Test
    void shouldNeverOverrideASignatureDenial() {
        CliHarness cli = new CliHarness(TUESDAY_MORNING);
        Path otherSigner = workspace.policyVariant("other-signer.yaml", "refs/tags/v1.0.0", "refs/tags/v9.9.9");
        String[] gate = GateCommandTest.replacePolicy(workspace.gate("production", "alice", "42"), otherSigner);
        assertThat(cli.run(gate).exitCode()).isEqualTo(1);

        Result result = cli.run("break-glass", "--group", "sre-oncall", "--policy", otherSigner.toString(),
                "--store", workspace.storeArg(), "--correlation-id", PRODUCTION_42, "--reason", "please", "--as", "sam",
                "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.json().get("outcome").asText()).isEqualTo("DENY");
        assertThat(result.failedCodes()).contains("IDENTITY_MISMATCH");
        assertThat(cli.run("audit", "show", "--store", workspace.storeArg(), PRODUCTION_42).out())
                .as("the attempt is audited").contains("BREAK_GLASS").contains("applied: false");
    }

    @Test
    void shouldRefuseABlankReason() {
        CliHarness cli = new CliHarness(SATURDAY);
        assertThat(cli.run(workspace.gate("production", "alice", "42")).exitCode()).isEqualTo(1);

        Result result = breakGlass(cli, PRODUCTION_42, "  ");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--reason must say why");
    }

    @Test
    void shouldDenyBreakingTheGlassOfAnUnknownPromotion() {
        CliHarness cli = new CliHarness(SATURDAY);

        Result result = breakGlass(cli, "shop/release#404/production", "sev-1", "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.failedCodes()).containsExactly("INVALID_REQUEST");
        assertThat(result.json().get("checks").get(0).get("message").asText())
                .contains("no recorded promotion shop/release#404/production");
    }

    @Test
    void shouldQuarantineAfterRepeatedDenialsAndLiftIt() {
        CliHarness cli = new CliHarness(TUESDAY_MORNING);
        for (int run = 1; run <= 3; run++) {
            assertThat(cli.run(workspace.gate("qa", "mallory", Integer.toString(run))).exitCode()).isEqualTo(1);
        }
        Result quarantined = cli.run(workspace.gate("staging", "mallory", "4"));
        assertThat(quarantined.exitCode()).isEqualTo(1);
        assertThat(quarantined.failedCodes()).containsExactly("IDENTITY_QUARANTINED");

        Result lifted = cli.run("quarantine", "lift", "user:mallory", "--reason", "reviewed: a typo in the job",
                "--as", "admin", "--store", workspace.storeArg());
        Result again = cli.run("quarantine", "lift", "user:mallory", "--reason", "twice", "--store",
                workspace.storeArg());

        assertThat(lifted.exitCode()).isZero();
        assertThat(lifted.out()).isEqualTo("quarantine of user:mallory lifted" + System.lineSeparator());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).contains("user:mallory is not quarantined");
        assertThat(cli.run(workspace.gate("staging", "mallory", "5")).exitCode()).isZero();
    }

    @Test
    void shouldExitTwoWhenTheLiftHasNoReason() {
        Result result = new CliHarness(TUESDAY_MORNING).run("quarantine", "lift", "user:mallory", "--store",
                workspace.storeArg());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--reason=TEXT'");
    }
}
