package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import picocli.CommandLine.Command;

/** {@code promotion-gates reject}: reject a pending promotion; a comment is required. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Reject a pending promotion (a --comment is required); it is denied even after partial approvals.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"1:rejected, or vote refused", "2:usage error"})
final class RejectCommand extends VoteCommand {
    RejectCommand(CliContext context) {
        super(context, ApprovalVote.Verdict.REJECT);
    }
}
