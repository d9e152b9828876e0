package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code approve --approvers FILE}: counted votes are judged against the admin's file when the quorum is reached. */
class ApproversFileTest {
    private static final String CANARY_42 = "shop/release#42/canary";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private Result approve(String voter, String group, Path approvers) {
        return cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", CANARY_42, "--as", voter,
                "--group", group, "--approvers", approvers.toString());
    }

    @Test
    void shouldNotCountAnApproverRemovedFromTheFileBeforeTheQuorum() throws IOException {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        Path approvers = directory.resolve("approvers.txt");
        Files.writeString(approvers, "# who may approve\nbob = release-managers\ncarol = security\nerin = release-managers\n");
        assertThat(approve("bob", "release-managers", approvers).exitCode()).isEqualTo(3);
        Files.writeString(approvers, "carol = security\nerin = release-managers\n");

        Result carol = approve("carol", "security", approvers);

        assertThat(carol.exitCode()).as("bob no longer counts: still pending").isEqualTo(3);
        assertThat(cli.run("pending", "--store", workspace.storeArg()).out()).contains("approvals 1/2 [carol]");
        assertThat(cli.run("audit", "show", CANARY_42, "--store", workspace.storeArg()).out())
                .contains("APPROVAL_VOTE_DISCOUNTED");
        assertThat(approve("erin", "release-managers", approvers).exitCode()).isZero();
    }

    @Test
    void shouldRefuseAnApproversFileWithAMalformedLine() throws IOException {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        Path approvers = directory.resolve("approvers.txt");
        Files.writeString(approvers, "bob = release-managers\ncarol security\n");

        Result result = approve("bob", "release-managers", approvers);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("approvers.txt:2: expected USER = GROUP, GROUP");
    }
}
