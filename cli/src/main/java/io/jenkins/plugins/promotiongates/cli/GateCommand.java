package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.model.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code promotion-gates gate}: the full gate — verify, evaluate the policy against the ledger, record, decide. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Run the full gate for a promotion: verify signatures and provenance, evaluate the policy "
                + "against the ledger, record the decision in the audit trail.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:allowed", "1:denied (reasons printed)", "2:usage or configuration error",
                "3:needs approval (decide with approve/reject)"})
final class GateCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Policy file (YAML or JSON).")
    private Path policy;

    @Mixin
    private RequestOptions request;

    @Mixin
    private StoreOptions store;

    @Option(names = "--json", description = "Print the decision as one JSON object.")
    private boolean json;

    GateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        try (ServiceSession session = ServiceSession.open(context, store, policy)) {
            Decision decision = session.service().requestPromotion(request.submission(context, output));
            return DecisionOutput.print(decision, json, output);
        }
    }
}
