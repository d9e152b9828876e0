package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code approve}, {@code reject} and {@code pending} on an embedded store: the same rules as the Jenkins page. */
class ApprovalCommandsTest {
    private static final String CANARY_42 = "shop/release#42/canary";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    /** Staging, a successful deployment there, then canary: two approvals from distinct groups are needed. */
    static void pendingCanary(CliHarness cli, Workspace workspace, String run) {
        assertThat(cli.run(workspace.gate("staging", "alice", run)).exitCode()).isZero();
        assertThat(cli.run("record-deployment", "--store", workspace.storeArg(), "--environment", "staging",
                "--job", "shop/release", "--run", run, "--outcome", "success").exitCode()).isZero();
        assertThat(cli.run(workspace.gate("canary", "alice", run)).exitCode()).isEqualTo(3);
    }

    private Result vote(String command, String voter, String group, String... extra) {
        String[] base = {command, "--store", workspace.storeArg(), "--correlation-id", CANARY_42, "--as", voter,
                "--group", group};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return cli.run(args);
    }

    private Result pending(String... filter) {
        String[] base = {"pending", "--store", workspace.storeArg()};
        String[] args = new String[base.length + filter.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(filter, 0, args, base.length, filter.length);
        return cli.run(args);
    }

    @Test
    void shouldAllowAfterTwoApprovalsFromDistinctGroups() {
        pendingCanary(cli, workspace, "42");
        assertThat(pending().out()).contains(CANARY_42 + "  canary  requested by alice  approvals 0/2  expires "
                + "2026-11-25T08:30:00.000Z");

        cli.advance(Duration.ofMinutes(5));
        Result first = vote("approve", "bob", "release-managers");
        assertThat(first.exitCode()).as(first.err()).isEqualTo(3);
        assertThat(first.out()).contains("vote counted: ").contains("1 of 2")
                .contains("promotion " + CANARY_42 + " is now PENDING");
        assertThat(pending().out()).contains("approvals 1/2 [bob]");

        Result sameGroup = vote("approve", "dora", "release-managers");
        assertThat(sameGroup.exitCode()).as("a second approver of the same group does not complete it").isEqualTo(3);

        Result second = vote("approve", "carol", "security");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("promotion " + CANARY_42 + " is now ALLOW");
        assertThat(pending().out()).contains("no pending approvals");
    }

    /**
     * The walkthrough of docs/cli.md to its end: production only after the canary soak, then two approvals from
     * distinct groups, and a commit author of the run never counts.
     */
    @Test
    void shouldTakeTheWalkthroughToProductionAfterTheSoakAndTwoApprovals() {
        pendingCanary(cli, workspace, "42");
        vote("approve", "bob", "release-managers");
        assertThat(vote("approve", "carol", "security").exitCode()).isZero();
        assertThat(cli.run("record-deployment", "--store", workspace.storeArg(), "--environment", "canary",
                "--job", "shop/release", "--run", "42", "--outcome", "success").exitCode()).isZero();

        Result early = cli.run(workspace.gate("production", "alice", "42"));
        cli.advance(Duration.ofMinutes(61));
        Result pendingProduction = cli.run(workspace.gate("production", "alice", "42"));
        String[] production = {"approve", "--store", workspace.storeArg(), "--correlation-id",
                "shop/release#42/production", "--as", "dave", "--group", "security"};
        Result author = cli.run(production);
        production[6] = "bob";
        production[8] = "release-managers";
        Result bob = cli.run(production);
        production[6] = "carol";
        production[8] = "security";
        Result carol = cli.run(production);

        assertThat(early.exitCode()).isEqualTo(1);
        assertThat(early.failedCodes()).containsExactly("SOAK_TIME_NOT_MET", "APPROVAL_REQUIRED");
        assertThat(pendingProduction.exitCode()).as(pendingProduction.out()).isEqualTo(3);
        assertThat(author.exitCode()).isEqualTo(1);
        assertThat(author.out() + author.err()).contains("SELF_APPROVAL_FORBIDDEN");
        assertThat(bob.exitCode()).isEqualTo(3);
        assertThat(carol.exitCode()).as(carol.out() + carol.err()).isZero();
        assertThat(carol.out()).contains("promotion shop/release#42/production is now ALLOW");
    }

    @Test
    void shouldRefuseSelfApproval() {
        pendingCanary(cli, workspace, "42");

        Result result = vote("approve", "alice", "release-managers");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("vote refused [SELF_APPROVAL_FORBIDDEN]: ");
        assertThat(result.out()).contains("is now PENDING");
        assertThat(pending().out()).contains("approvals 0/2");
    }

    @Test
    void shouldRefuseARejectionWithoutAComment() {
        pendingCanary(cli, workspace, "42");

        Result result = vote("reject", "bob", "release-managers");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("vote refused [");
        assertThat(result.out()).contains("is now PENDING");
        assertThat(pending().out()).as("a refused rejection leaves the approval open").contains(CANARY_42);
        assertThat(vote("approve", "bob", "release-managers").exitCode()).isEqualTo(3);
        assertThat(vote("approve", "carol", "security").exitCode()).isZero();
    }

    @Test
    void shouldDenyWhenRejectedAfterAPartialApproval() {
        pendingCanary(cli, workspace, "42");
        assertThat(vote("approve", "bob", "release-managers").exitCode()).isEqualTo(3);

        Result result = vote("reject", "carol", "security", "--comment", "the changelog is missing");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("vote counted").contains("promotion " + CANARY_42 + " is now DENY");
        assertThat(pending().out()).contains("no pending approvals");
        assertThat(cli.run("audit", "show", "--store", workspace.storeArg(), CANARY_42).out())
                .contains("the changelog is missing");
    }

    @Test
    void shouldNameThePromotionByJobRunAndEnvironment() {
        pendingCanary(cli, workspace, "42");

        Result result = cli.run("approve", "--store", workspace.storeArg(), "--job", "shop/release", "--run", "42",
                "-e", "canary", "--as", "bob", "--group", "release-managers");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).contains("vote counted");
    }

    @Test
    void shouldRefuseAVoteOnDigestsOtherThanThePendingOnes() {
        pendingCanary(cli, workspace, "42");

        Result result = vote("approve", "bob", "release-managers", "--digest", "sha256:" + "0".repeat(64));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("vote refused [");
    }

    @Test
    void shouldExitOneWhenNothingIsPendingUnderThatId() {
        pendingCanary(cli, workspace, "42");

        Result result = cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", "shop/release#7/canary",
                "--as", "bob");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no pending approval shop/release#7/canary in " + workspace.storeArg());
    }

    @Test
    void shouldExitTwoWhenThePromotionIsNotNamed() {
        Result result = cli.run("approve", "--store", workspace.storeArg(), "--as", "bob");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("name the promotion with --correlation-id");
    }

    @Test
    void shouldFilterPendingApprovalsByEnvironment() {
        pendingCanary(cli, workspace, "42");
        pendingCanary(cli, workspace, "43");

        Result canary = pending("--environment", "canary");
        Result staging = pending("-e", "staging");

        assertThat(canary.exitCode()).isZero();
        assertThat(canary.out().lines()).hasSize(2).anySatisfy(line -> assertThat(line).startsWith(CANARY_42))
                .anySatisfy(line -> assertThat(line).startsWith("shop/release#43/canary"));
        assertThat(staging.exitCode()).isZero();
        assertThat(staging.out()).isEqualTo("no pending approvals" + System.lineSeparator());
    }

    @Test
    void shouldListNothingOnAFreshStore() {
        Result result = pending();

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("no pending approvals" + System.lineSeparator());
    }
}
