package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code promotion-gates pending}: promotions waiting for a human, newest first. */
@Command(name = "pending", mixinStandardHelpOptions = true,
        description = "List promotions waiting for approval, newest first.")
final class PendingCommand implements Callable<Integer> {
    private final CliContext context;
    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Option(names = {"--environment", "-e"}, paramLabel = "ENV", description = "Only this environment.")
    private String environment;
    @Option(names = "--json", description = "Print {\"pending\": [...]} as one JSON object on one line.")
    private boolean json;

    PendingCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
            List<PendingApproval> pending = session.service().pendingApprovals().stream()
                    .filter(p -> environment == null || p.request().environment().equals(environment)).toList();
            if (json) {
                output.out().println(Json.write(Map.of("pending", pending.stream().map(PendingCommand::toJson).toList())));
                output.out().flush();
                return ExitCodes.OK;
            }
            if (pending.isEmpty()) {
                output.out().println("no pending approvals");
            }
            for (PendingApproval approval : pending) {
                output.out().printf("%s  %s  requested by %s  approvals %d/%d%s  expires %s%n",
                        approval.request().correlationId(), approval.request().environment(),
                        approval.request().requester().id(), approval.approvedBy().size(), approval.required(),
                        approval.approvedBy().isEmpty() ? "" : " " + approval.approvedBy(), Times.text(approval.expiresAt()));
            }
            output.out().flush();
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> toJson(PendingApproval approval) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("correlationId", approval.request().correlationId());
        body.put("environment", approval.request().environment());
        body.put("requester", approval.request().requester().id());
        body.put("approvedBy", approval.approvedBy());
        body.put("approvals", approval.approvedBy().size());
        body.put("required", approval.required());
        body.put("expiresAt", approval.expiresAt().toString());
        body.put("digests", approval.request().artifacts().stream().map(a -> a.artifact().digest().toString()).toList());
        return body;
    }
}
