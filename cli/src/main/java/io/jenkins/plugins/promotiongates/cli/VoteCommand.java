package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.service.ApprovalResult;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Shared body of {@code approve} and {@code reject}. */
abstract class VoteCommand implements Callable<Integer> {
    private final CliContext context;
    private final ApprovalVote.Verdict verdict;

    @Spec
    private CommandSpec spec;

    @Mixin
    private VoteOptions vote;

    @Mixin
    private StoreOptions store;

    @picocli.CommandLine.Option(names = "--json", description = "Print the result as one JSON object on one line.")
    private boolean json;

    VoteCommand(CliContext context, ApprovalVote.Verdict verdict) {
        this.context = context;
        this.verdict = verdict;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        String correlationId = vote.correlationId();
        try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store, vote.directory())) {
            Optional<PendingApproval> pending = session.service().pendingApprovals().stream()
                    .filter(p -> p.request().correlationId().equals(correlationId)).findFirst();
            if (pending.isEmpty()) {
                String message = "no pending approval " + correlationId
                        + (store.isEmbedded() ? " in " + store.directory(context.environment()) : "");
                if (json) {
                    // a script reading --json gets its one object here too
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("counted", false);
                    body.put("code", null);
                    body.put("message", message);
                    body.put("decision", null);
                    output.out().println(Json.write(body));
                    output.out().flush();
                }
                output.err().println("promotion-gates: " + message);
                output.err().flush();
                return ExitCodes.DENIED;
            }
            ApprovalResult result = session.service().decide(vote.vote(context, verdict, pending.get()));
            return json ? VoteOptions.printJson(result, output) : VoteOptions.print(result, output);
        }
    }
}
