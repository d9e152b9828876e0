package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.allowlist.Allowlist;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.missing;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.put;

/** The deployment allowlist: the job, the source repository and every artifact name must be on it. */
final class AllowlistCheck implements GateCheck {
    @Override
    public String name() {
        return "allowlist";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return allowlist(context.env(), context.request());
    }

    private static CheckResult allowlist(EnvironmentPolicy env, PromotionRequest request) {
        Optional<Allowlist> configured = env.allowlist();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("allowlist", "No deployment allowlist is configured for " + env.name()
                    + ".");
        }
        Allowlist allowlist = configured.get();
        Map<String, String> evidence = new TreeMap<>();
        if (!allowlist.jobs().isEmpty()) {
            String job = request.run().job();
            evidence.put("job", job);
            String match = allowlist.jobs().firstMatch(job);
            if (match == null) {
                return mode(CheckResult.failed("allowlist", ReasonCode.NOT_ON_ALLOWLIST, "Job " + job
                        + " is not on the " + env.name() + " allowlist; expected one of: "
                        + allowlist.jobs().summary() + ".", put(evidence, "allowed", allowlist.jobs().summary())),
                        allowlist.mode());
            }
            evidence.put("job.matched", match);
        }
        if (!allowlist.repositories().isEmpty()) {
            String repository = request.run().repository();
            if (repository == null) {
                return mode(missing("allowlist", "the run names no source repository, and the " + env.name()
                        + " allowlist restricts repositories", put(evidence, "missing", "repository")),
                        allowlist.mode());
            }
            String normalized = RepositoryNames.normalize(repository);
            evidence.put("repository", normalized);
            String match = allowlist.repositories().firstMatch(normalized);
            if (match == null) {
                return mode(CheckResult.failed("allowlist", ReasonCode.NOT_ON_ALLOWLIST, "Repository " + normalized
                        + " is not on the " + env.name() + " allowlist; expected one of: "
                        + allowlist.repositories().summary() + ".", put(evidence, "allowed",
                        allowlist.repositories().summary())), allowlist.mode());
            }
            evidence.put("repository.matched", match);
        }
        if (!allowlist.artifacts().isEmpty()) {
            if (request.artifacts().isEmpty()) {
                return mode(missing("allowlist", "the request names no artifacts", put(evidence, "missing",
                        "artifacts")), allowlist.mode());
            }
            for (ArtifactEvidence artifact : request.artifacts()) {
                String name = artifact.artifact().name();
                if (allowlist.artifacts().firstMatch(name) == null) {
                    evidence.put("artifact", name);
                    return mode(CheckResult.failed("allowlist", ReasonCode.NOT_ON_ALLOWLIST, "Artifact " + name
                            + " is not on the " + env.name() + " allowlist; expected a name matching: "
                            + allowlist.artifacts().summary() + ".", put(evidence, "allowed",
                            allowlist.artifacts().summary())), allowlist.mode());
                }
            }
            evidence.put("artifacts", String.valueOf(request.artifacts().size()));
        }
        return CheckResult.passed("allowlist", "The job, repository and artifacts are on the " + env.name()
                + " allowlist.", evidence);
    }
}
