package io.jenkins.plugins.promotiongates.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.evidence.CollectedEvidence;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusal;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusedException;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.CorrelationIds;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a promotion request is made of, shared by {@code gate} and {@code policy explain}. */
public final class RequestOptions {
    @Option(names = {"--environment", "-e"}, required = true, paramLabel = "ENV",
            description = "Target environment (staging, canary, production, or as the policy defines).")
    String environment;

    @Option(names = "--artifact", required = true, paramLabel = "FILE", arity = "1..*",
            description = "Artifact(s) to promote; repeat or list several.")
    List<Path> artifacts = new ArrayList<>();

    @Option(names = "--bundle", paramLabel = "FILE", arity = "1..*",
            description = "Sigstore bundle per artifact (default: ARTIFACT.sigstore.json beside it, if present).")
    List<Path> bundles = new ArrayList<>();

    @Option(names = "--provenance", paramLabel = "FILE", arity = "1..*",
            description = "SLSA provenance bundle per artifact (default: ARTIFACT.intoto.jsonl beside it, if present).")
    List<Path> provenance = new ArrayList<>();

    @Option(names = "--requester", paramLabel = "ID", description = "Who asks (default: $USER).")
    @CheckForNull
    String requester;

    @Option(names = "--agent", description = "The requester is an automated agent (it then needs --entitlement).")
    boolean agent;

    @Option(names = "--entitlement", paramLabel = "FILE",
            description = "The agent's signed entitlement (compact JWS from your identity broker); implies --agent.")
    @CheckForNull
    Path entitlement;

    @Option(names = "--rollback-plan", paramLabel = "PATH|URL", description = "Where the rollback plan is.")
    @CheckForNull
    String rollbackPlan;

    @Option(names = "--junit", paramLabel = "FILE", arity = "1..*",
            description = "JUnit XML report(s) of the tests of this build.")
    List<Path> junitReports = new ArrayList<>();

    @Option(names = "--job", paramLabel = "NAME", defaultValue = "cli",
            description = "Job (pipeline) name, for the allowlist and the audit trail (default: ${DEFAULT-VALUE}).")
    String job;

    @Option(names = "--run", paramLabel = "ID", defaultValue = "1",
            description = "Run id within the job; one promotion per run and environment (default: ${DEFAULT-VALUE}).")
    String run;

    @Option(names = "--started-by", paramLabel = "USER", description = "Who started the run (may never approve it).")
    @CheckForNull
    String startedBy;

    @Option(names = "--repository", paramLabel = "URL", description = "Source repository the job builds.")
    @CheckForNull
    String repository;

    @Option(names = "--commit-author", paramLabel = "USER", description = "Authors of the promoted commits (never approvers).")
    List<String> commitAuthors = new ArrayList<>();

    @Option(names = "--changed-path", paramLabel = "PATH", description = "Paths the change touches (sensitive-path escalation).")
    List<String> changedPaths = new ArrayList<>();

    @Option(names = "--freeze-exception", description = "Ask to pass a freeze through its exception route (needs approval).")
    boolean freezeException;

    @Option(names = "--action", paramLabel = "ACTION", defaultValue = "promote",
            description = "promote or rollback (default: ${DEFAULT-VALUE}).")
    String action;

    RunRef runRef() {
        return new RunRef(job, run, startedBy, repository, commitAuthors);
    }

    PromotionSubmission submission(CliContext context, Output output) throws CliException {
        try {
            boolean isAgent = agent || entitlement != null;
            String id = requester != null ? requester : context.user();
            Requester who = isAgent ? Requester.agent(id) : Requester.human(id);
            RunRef runRef = runRef();
            List<EvidenceRefusal> refused = new ArrayList<>();
            String token = null;
            if (entitlement != null) {
                try {
                    token = Evidence.entitlement(entitlement);
                } catch (EvidenceRefusedException e) {
                    refused.add(e.refusal());
                }
            }
            PromotionRequest.Action requested = switch (action) {
                case "promote" -> PromotionRequest.Action.PROMOTE;
                case "rollback" -> PromotionRequest.Action.ROLLBACK;
                default -> throw new CliException(ExitCodes.USAGE, "--action must be promote or rollback, got '"
                        + action + "'");
            };
            CollectedEvidence evidence = Evidence.gather(artifacts, bundles, provenance, junitReports, output);
            return evidence.applyTo(PromotionSubmission.builder(CorrelationIds.of(runRef, environment), environment,
                            who, runRef))
                    .refusals(refused.stream().map(EvidenceRefusal::toCheck).toList())
                    .action(requested).rollbackPlan(rollbackPlan).entitlementToken(token)
                    .freezeExceptionRequested(freezeException).changedPaths(changedPaths).build();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "invalid request: " + e.getMessage(), e);
        }
    }
}
