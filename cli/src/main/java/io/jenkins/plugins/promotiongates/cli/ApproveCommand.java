package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import picocli.CommandLine.Command;

/** {@code promotion-gates approve}: approve a pending promotion (N-of-M, never your own). */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a pending promotion in the store, with the same rules as the Jenkins page.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:counted, and enough approvals: allowed", "1:vote refused (reason printed)",
                "2:usage error", "3:counted; more approvals needed"})
final class ApproveCommand extends VoteCommand {
    ApproveCommand(CliContext context) {
        super(context, ApprovalVote.Verdict.APPROVE);
    }
}
