package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code promotion-gates record-deployment}: close a promotion with how the deployment went. */
@Command(name = "record-deployment", mixinStandardHelpOptions = true,
        description = "Record how a deployment went; a success is what the next environment's promotion order reads.")
final class RecordDeploymentCommand implements Callable<Integer> {
    private final CliContext context;
    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Option(names = {"--environment", "-e"}, required = true, paramLabel = "ENV", description = "Where it was deployed.")
    private String environment;
    @Option(names = "--outcome", required = true, paramLabel = "OUTCOME",
            description = "success, failure or rolledBack.")
    private String outcome;
    @Option(names = "--job", defaultValue = "cli", paramLabel = "NAME", description = "Job (default: ${DEFAULT-VALUE}).")
    private String job;
    @Option(names = "--run", defaultValue = "1", paramLabel = "ID", description = "Run (default: ${DEFAULT-VALUE}).")
    private String run;
    @Option(names = "--detail", defaultValue = "", paramLabel = "TEXT", description = "Link to logs, reason.")
    private String detail;

    RecordDeploymentCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        DeploymentReport.DeploymentOutcome parsed = switch (outcome.toLowerCase(Locale.ROOT)) {
            case "success" -> DeploymentReport.DeploymentOutcome.SUCCESS;
            case "failure" -> DeploymentReport.DeploymentOutcome.FAILURE;
            case "rolledback", "rolled-back" -> DeploymentReport.DeploymentOutcome.ROLLED_BACK;
            default -> throw new CliException(ExitCodes.USAGE,
                    "--outcome must be success, failure or rolledBack, got '" + outcome + "'");
        };
        try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
            session.service().recordDeployment(new DeploymentReport(environment, RunRef.of(job, run), parsed, detail));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
        output.out().println("recorded deployment of " + job + "#" + run + " to " + environment + ": " + parsed);
        output.out().flush();
        return ExitCodes.OK;
    }
}
