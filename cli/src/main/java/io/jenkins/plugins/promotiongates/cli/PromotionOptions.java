package io.jenkins.plugins.promotiongates.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.CorrelationIds;
import picocli.CommandLine.Option;

/** Names one promotion: by correlation id, or by job, run and environment (as {@code gate} computed it). */
public final class PromotionOptions {
    @Option(names = "--correlation-id", paramLabel = "ID",
            description = "The promotion (as printed by gate); or give --job, --run and --environment.")
    @CheckForNull
    String correlationId;

    @Option(names = "--job", paramLabel = "NAME", defaultValue = "cli", description = "Job (default: ${DEFAULT-VALUE}).")
    String job;

    @Option(names = "--run", paramLabel = "ID", defaultValue = "1", description = "Run (default: ${DEFAULT-VALUE}).")
    String run;

    @Option(names = {"--environment", "-e"}, paramLabel = "ENV", description = "Environment of the promotion.")
    @CheckForNull
    String environment;

    String correlationId() throws CliException {
        if (correlationId != null) {
            return correlationId;
        }
        if (environment == null) {
            throw new CliException(ExitCodes.USAGE, "name the promotion with --correlation-id, or with --environment "
                    + "(and --job/--run if not the defaults)");
        }
        return CorrelationIds.of(RunRef.of(job, run), environment);
    }
}
