package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.model.Decision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code promotion-gates status}: the decision of a promotion now, without recording anything (a due time-out or a
 * policy changed while it waited is computed, as every controller sharing the store would see it).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a promotion's decision now (never writes); exit code as for gate.")
final class StatusCommand implements Callable<Integer> {
    private final CliContext context;
    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private PromotionOptions promotion;
    @Option(names = "--json", description = "Print the decision as one JSON object.")
    private boolean json;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        String correlationId = promotion.correlationId();
        try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
            return DecisionOutput.print(current(session, correlationId), json, output);
        }
    }

    static Decision current(ServiceSession session, String correlationId) throws CliException {
        Optional<Decision> decision = session.service().currentDecision(correlationId);
        return decision.orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "no promotion " + correlationId + " is recorded in the store"));
    }
}
