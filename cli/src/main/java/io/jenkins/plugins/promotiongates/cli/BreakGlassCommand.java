package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.service.BreakGlassSubmission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code promotion-gates break-glass}: emergency override of a window or freeze, loudly audited. */
@Command(name = "break-glass", mixinStandardHelpOptions = true,
        description = "Override a change window or freeze for a denied promotion (never signature, provenance, "
                + "credential or entitlement checks). Requires a reason; opens a review someone else must close.")
final class BreakGlassCommand implements Callable<Integer> {
    private final CliContext context;
    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Policy file in force.")
    private java.nio.file.Path policy;
    @Option(names = "--correlation-id", required = true, paramLabel = "ID", description = "The denied promotion.")
    private String correlationId;
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (mandatory, audited).")
    private String reason;
    @Option(names = "--as", paramLabel = "USER", description = "Who breaks the glass (default: $USER).")
    private String user;
    @Option(names = "--group", paramLabel = "GROUP",
            description = "A group you belong to; the policy's breakGlass.groups must include one. Repeat for several.")
    private java.util.List<String> groups = new java.util.ArrayList<>();
    @Option(names = "--json", description = "Print the resulting decision as JSON.")
    private boolean json;

    BreakGlassCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        if (reason.isBlank()) {
            // The service would silently keep the current decision; say why instead.
            throw new CliException(ExitCodes.USAGE, "--reason must say why the glass is broken (it is audited)");
        }
        Output output = context.output(spec);
        try (ServiceSession session = ServiceSession.open(context, store, policy)) {
            Decision decision = session.service().breakGlass(new BreakGlassSubmission(correlationId,
                    user != null ? user : context.user(), java.util.Set.copyOf(groups), true, reason));
            return DecisionOutput.print(decision, json, output);
        }
    }
}
