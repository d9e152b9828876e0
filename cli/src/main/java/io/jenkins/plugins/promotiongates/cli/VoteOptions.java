package io.jenkins.plugins.promotiongates.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalResult;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.jenkins.plugins.promotiongates.engine.gate.DecisionRenderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * A vote from a shell. Outside Jenkins there is no security realm: the voter's id and groups are what the caller
 * states (default $USER), so protect the store the way you protect who may run this command. Every rule of the UI
 * still applies: no self-approval, N-of-M, binding to the exact digests, one vote per person.
 */
public final class VoteOptions {
    /** Which promotion the vote is for; the same options as {@code status} and {@code wait}. */
    @Mixin
    PromotionOptions promotion = new PromotionOptions();

    @Option(names = "--as", paramLabel = "USER", description = "Who votes (default: $USER).")
    @CheckForNull
    String voter;

    @Option(names = "--group", paramLabel = "GROUP", description = "A group the voter belongs to; repeat for several.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--digest", paramLabel = "ALG:HEX",
            description = "The digests you reviewed; the vote counts only if they are exactly the pending ones.")
    List<String> digests = new ArrayList<>();

    @Option(names = "--approvers", paramLabel = "FILE", description = "Who is an approver now (lines USER = GROUP,"
            + " GROUP): when the quorum is reached every counted vote is judged against it.")
    @CheckForNull
    java.nio.file.Path approvers;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Comment (required to reject).")
    @CheckForNull
    String comment;

    /** The approvers file if given, else each voter as they stated themselves when voting. */
    io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory directory() throws CliException {
        return approvers == null ? io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory.asVoted()
                : ApproversFile.load(approvers);
    }

    String correlationId() throws CliException {
        return promotion.correlationId();
    }

    ApprovalVote vote(CliContext context, ApprovalVote.Verdict verdict, PendingApproval pending) throws CliException {
        List<Digest> shown;
        try {
            shown = digests.isEmpty()
                    ? pending.request().artifacts().stream().map(a -> a.artifact().digest()).toList()
                    : digests.stream().map(Digest::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
        return new ApprovalVote(pending.request().correlationId(), voter != null ? voter : context.user(),
                Set.copyOf(groups), true, false, verdict, comment, pending.request().run().id(),
                pending.request().environment(), shown, pending.decision().policyHash());
    }

    /** {@code {counted, code, message, decision}} on one line; a refused vote exits 1 as in text. */
    static int printJson(ApprovalResult result, Output output) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("counted", result.counted());
        body.put("code", result.reason().code().name());
        body.put("message", result.reason().message());
        body.put("decision", new DecisionRenderer().toTree(result.decision()));
        output.out().println(Json.write(body));
        output.out().flush();
        return result.counted() ? DecisionOutput.exitCode(result.decision()) : ExitCodes.DENIED;
    }

    static int print(ApprovalResult result, Output output) {
        if (result.counted()) {
            output.out().println(output.green("vote counted") + ": " + result.reason().message());
        } else {
            output.err().println(output.red("vote refused") + " [" + result.reason().code() + "]: "
                    + result.reason().message());
        }
        output.out().println("promotion " + result.decision().correlationId() + " is now " + result.decision().outcome());
        output.out().flush();
        output.err().flush();
        if (!result.counted()) {
            return ExitCodes.DENIED;
        }
        return DecisionOutput.exitCode(result.decision());
    }
}
