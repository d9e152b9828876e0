package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.gate.DecisionRenderer;
import io.jenkins.plugins.promotiongates.engine.audit.StoreBusyException;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

/** Prints a decision for people or as JSON, and maps its outcome to the exit code. */
final class DecisionOutput {
    private static final DecisionRenderer RENDERER = new DecisionRenderer();

    private DecisionOutput() {
    }

    static int print(Decision decision, boolean json, Output output) {
        if (json) {
            // compact: one object per line (the renderer pretty-prints for the plugin's pages)
            output.out().println(Json.write(RENDERER.toTree(decision)));
        } else {
            // the renderer prints Instant.toString(), which drops zero millis; people compare these times
            output.out().print(RENDERER.toText(decision).replace("decided at " + decision.decidedAt() + ")",
                    "decided at " + Times.text(decision.decidedAt()) + ")"));
            String verdict = switch (decision.outcome()) {
                case ALLOW -> output.green("ALLOWED");
                case PENDING -> output.yellow("NEEDS APPROVAL");
                case DENY -> output.red("DENIED");
            };
            output.out().println(output.bold(verdict) + " — " + decision.environment() + " (correlation id "
                    + decision.correlationId() + ")");
        }
        output.out().flush();
        return exitCode(decision);
    }

    static int exitCode(Decision decision) {
        return switch (decision.outcome()) {
            case ALLOW -> ExitCodes.OK;
            case PENDING -> ExitCodes.NEEDS_APPROVAL;
            case DENY -> storeWasBusy(decision) ? ExitCodes.BUSY : ExitCodes.DENIED;
        };
    }

    /**
     * Whether the denial only says that the embedded store's writer lock stayed held by other processes for longer
     * than the command waits (the engine denies STORE_UNAVAILABLE naming the StoreBusyException): nothing was
     * recorded, and running the command again may pass, so it exits "busy, retry" rather than "denied".
     */
    private static boolean storeWasBusy(Decision decision) {
        return decision.checks().stream().anyMatch(check -> check.code() == ReasonCode.STORE_UNAVAILABLE
                && check.message().contains(StoreBusyException.class.getSimpleName()));
    }
}
