package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static io.jenkins.plugins.promotiongates.cli.GateCommandTest.check;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code record-deployment}: a gated success is what the next environment's promotion order reads. */
class RecordDeploymentCommandTest {
    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private Result deploy(String environment, String run, String outcome) {
        return cli.run("record-deployment", "--store", workspace.storeArg(), "--environment", environment,
                "--job", "shop/release", "--run", run, "--outcome", outcome, "--detail", "https://ci.example.org/42");
    }

    @Test
    void shouldLetTheNextEnvironmentPassItsOrderCheckAfterAGatedSuccess() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();

        Result deployed = deploy("staging", "42", "success");
        Result canary = cli.run(workspace.gate("canary", "alice", "42"));

        assertThat(deployed.exitCode()).isZero();
        assertThat(deployed.out()).isEqualTo("recorded deployment of shop/release#42 to staging: SUCCESS"
                + System.lineSeparator());
        assertThat(check(canary.json(), "order").get("status").asText()).isEqualTo("PASSED");
        assertThat(canary.failedCodes()).containsExactly("APPROVAL_REQUIRED");
    }

    @Test
    void shouldNotCountAnUngatedDeployment() {
        assertThat(cli.run(workspace.gate("staging", "alice", "41")).exitCode()).isZero();

        Result deployed = deploy("staging", "42", "success");
        Result canary = cli.run(workspace.gate("canary", "alice", "42"));

        assertThat(deployed.exitCode()).isZero();
        assertThat(canary.exitCode()).isEqualTo(1);
        assertThat(canary.failedCodes()).contains("PROMOTION_ORDER_VIOLATED");
    }

    @Test
    void shouldNotCountAFailedDeployment() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();

        assertThat(deploy("staging", "42", "failure").out()).contains(": FAILURE");
        Result canary = cli.run(workspace.gate("canary", "alice", "42"));

        assertThat(canary.exitCode()).isEqualTo(1);
        assertThat(canary.failedCodes()).contains("PROMOTION_ORDER_VIOLATED");
    }

    @Test
    void shouldExitTwoOnAnUnknownOutcome() {
        Result result = deploy("staging", "42", "partly");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--outcome must be success, failure or rolledBack, got 'partly'");
    }

    @Test
    void shouldExitTwoOnAHostileEnvironmentName() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();

        Result result = deploy("../staging", "42", "success");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown environment '../staging': the policy in the store defines "
                + "staging, canary, production");
    }

    @Test
    void shouldRefuseAnEnvironmentThePolicyDoesNotDefineAndRecordNothing() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        long before = cli.run("audit", "export", "--store", workspace.storeArg()).out().lines().count();

        Result result = deploy("prod", "42", "success");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("promotion-gates: unknown environment 'prod': the policy in the store "
                + "defines staging, canary, production" + System.lineSeparator());
        assertThat(cli.run("audit", "export", "--store", workspace.storeArg()).out().lines().count()).isEqualTo(before);
    }

    @Test
    void shouldWarnThatAnUngatedOrDeniedDeploymentWillNotCount() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        assertThat(cli.run(workspace.gate("canary", "alice", "42")).exitCode())
                .as("denied: nothing deployed to staging yet").isEqualTo(1);

        Result ungated = deploy("production", "42", "success");
        Result denied = deploy("canary", "42", "success");
        Result gated = deploy("staging", "42", "success");

        assertThat(ungated.exitCode()).isZero();
        assertThat(ungated.err()).contains("promotion-gates: warning: shop/release#42 was never gated for production: "
                + "this deployment is recorded but will not count");
        assertThat(denied.exitCode()).isZero();
        assertThat(denied.err()).contains("promotion-gates: warning: shop/release#42 was not allowed to canary "
                + "(decision DENY)");
        assertThat(gated.err()).isEmpty();
    }
}
