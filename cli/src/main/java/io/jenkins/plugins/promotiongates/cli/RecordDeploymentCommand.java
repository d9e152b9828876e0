package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.jenkins.plugins.promotiongates.engine.service.CorrelationIds;
import io.jenkins.plugins.promotiongates.engine.service.PolicyUnavailableException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    @Option(names = "--json", description = "Print the record as one JSON object on one line.")
    private boolean json;

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
        String correlationId;
        String warning;
        try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
            List<String> environments = session.policy().environmentNames();
            if (!environments.contains(environment)) {
                // A typo ("prod") would be recorded and then never count; refuse it while the operator is watching.
                throw new CliException(ExitCodes.USAGE, "unknown environment '" + environment
                        + "': the policy in the store defines " + String.join(", ", environments));
            }
            RunRef ref = RunRef.of(job, run);
            correlationId = CorrelationIds.of(ref, environment);
            Optional<Decision> decision = session.service().currentDecision(correlationId);
            if (decision.isEmpty()) {
                warning = job + "#" + run + " was never gated for " + environment + ": this deployment is recorded "
                        + "but will not count toward the next environment's promotion order";
            } else if (!decision.get().isAllowed()) {
                warning = job + "#" + run + " was not allowed to " + environment + " (decision "
                        + decision.get().outcome() + "): this deployment is recorded but will not count toward the "
                        + "next environment's promotion order";
            } else {
                warning = null;
            }
            session.service().recordDeployment(new DeploymentReport(environment, ref, parsed, detail));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        } catch (PolicyUnavailableException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("recorded", true);
            body.put("correlationId", correlationId);
            body.put("environment", environment);
            body.put("job", job);
            body.put("run", run);
            body.put("outcome", parsed.name());
            body.put("counts", warning == null);
            body.put("warning", warning);
            output.out().println(Json.write(body));
        } else {
            output.out().println("recorded deployment of " + job + "#" + run + " to " + environment + ": " + parsed);
        }
        if (warning != null) {
            output.err().println("promotion-gates: warning: " + warning);
            output.err().flush();
        }
        output.out().flush();
        return ExitCodes.OK;
    }
}
