package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/**
 * {@code promotion-gates wait}: polls a pending promotion until it is decided or the timeout passes. Bounded twice:
 * by the clock and by the number of polls the timeout allows, so it ends even when the clock stands still.
 */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = "Wait until a pending promotion is decided, at most --timeout; exit code as for gate "
                + "(3 if still pending).")
final class WaitCommand implements Callable<Integer> {
    /** Longer than any approval timeout a policy would set is a script waiting forever. */
    static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    private final CliContext context;
    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Mixin
    private PromotionOptions promotion;
    @Option(names = "--timeout", required = true, paramLabel = "DURATION",
            description = "How long to wait at most (ISO-8601, e.g. PT30M; at most PT24H).")
    private String timeout;
    @Option(names = "--interval", defaultValue = "PT10S", paramLabel = "DURATION",
            description = "Time between two polls (default: ${DEFAULT-VALUE}).")
    private String interval;
    @Option(names = "--json", description = "Print the final decision as one JSON object.")
    private boolean json;

    WaitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        Duration limit = duration("--timeout", timeout);
        Duration pause = duration("--interval", interval);
        if (limit.compareTo(MAX_TIMEOUT) > 0 || pause.isZero() || pause.compareTo(limit) > 0) {
            throw new CliException(ExitCodes.USAGE, "--timeout must be at most " + MAX_TIMEOUT + " and --interval "
                    + "more than zero and at most the timeout; got --timeout " + limit + " --interval " + pause);
        }
        String correlationId = promotion.correlationId();
        Instant deadline = context.clock().instant().plus(limit);
        long polls = limit.toMillis() / Math.max(1, pause.toMillis()) + 1;
        try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
            Decision decision = StatusCommand.current(session, correlationId);
            for (long poll = 1; decision.outcome() == Outcome.PENDING && poll < polls
                    && context.clock().instant().isBefore(deadline); poll++) {
                sleep(pause);
                decision = StatusCommand.current(session, correlationId);
            }
            if (decision.outcome() == Outcome.PENDING) {
                output.err().println("still pending after waiting " + limit + ": " + correlationId);
                output.err().flush();
            }
            return DecisionOutput.print(decision, json, output);
        }
    }

    private static Duration duration(String option, String text) throws CliException {
        try {
            Duration parsed = Duration.parse(text);
            if (parsed.isNegative()) {
                throw new CliException(ExitCodes.USAGE, option + " must not be negative, got " + text);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCodes.USAGE, option + " must be an ISO-8601 duration such as PT30M, got '"
                    + text + "'", e);
        }
    }

    private static void sleep(Duration pause) throws CliException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.USAGE, "interrupted while waiting", e);
        }
    }
}
