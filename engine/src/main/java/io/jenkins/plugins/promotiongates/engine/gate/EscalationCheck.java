package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.EscalationRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.MAX_LISTED;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.missing;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.put;

/**
 * Escalation rules: a change touching sensitive paths, or provenance from another repository than the job's,
 * needs a human decision.
 */
final class EscalationCheck implements GateCheck {
    @Override
    public String name() {
        return "escalation";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return escalation(context.env(), context.request());
    }

    private static CheckResult escalation(EnvironmentPolicy env, PromotionRequest request) {
        Optional<EscalationRule> configured = env.escalation();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("escalation", "No escalation rules are configured for " + env.name()
                    + ".");
        }
        EscalationRule rule = configured.get();
        Map<String, String> evidence = new TreeMap<>();
        List<String> reasons = new ArrayList<>(2);
        if (!rule.sensitivePaths().isEmpty()) {
            if (request.changedPaths().isEmpty()) {
                return mode(missing("escalation", "the changed paths are unknown, so " + env.name() + " cannot tell "
                        + "whether sensitive paths (" + rule.sensitivePaths().summary() + ") were touched",
                        ev("missing", "changedPaths")), rule.mode());
            }
            List<String> touched = new ArrayList<>();
            for (String path : request.changedPaths()) {
                String match = rule.sensitivePaths().firstMatch(path);
                if (match != null) {
                    touched.add(path + " (" + match + ")");
                }
            }
            if (!touched.isEmpty()) {
                evidence.put("sensitivePathsTouched", String.join(", ", touched.subList(0, Math.min(touched.size(),
                        MAX_LISTED))) + (touched.size() > MAX_LISTED ? ", … (" + touched.size() + ")" : ""));
                reasons.add(touched.size() + " changed path(s) touch sensitive paths, e.g. " + touched.get(0));
            }
        }
        if (rule.provenanceSourceMustMatchJobRepository()) {
            String repository = request.run().repository();
            if (repository == null) {
                return mode(missing("escalation", "the run names no source repository to compare with the "
                        + "provenance source", ev("missing", "repository")), rule.mode());
            }
            String expected = RepositoryNames.normalize(repository);
            evidence.put("jobRepository", expected);
            String differing = null;
            boolean anySource = false;
            for (ArtifactEvidence artifact : request.artifacts()) {
                ProvenanceEvidence provenance = artifact.provenance();
                if (provenance != null && provenance.sourceRepository() != null) {
                    anySource = true;
                    String source = RepositoryNames.normalize(provenance.sourceRepository());
                    if (!source.equals(expected) && differing == null) {
                        differing = source;
                    }
                }
            }
            if (!anySource) {
                return mode(missing("escalation", "no provenance states a source repository to compare with the "
                        + "job's repository " + expected, put(evidence, "missing", "provenance.sourceRepository")),
                        rule.mode());
            }
            if (differing != null) {
                evidence.put("provenanceSource", differing);
                reasons.add("the provenance source " + differing + " differs from the job's repository " + expected);
            }
        }
        if (reasons.isEmpty()) {
            return CheckResult.passed("escalation", "Nothing in the request needs a human decision beyond the "
                    + "configured approvals.", evidence);
        }
        return mode(CheckResult.pending("escalation", ReasonCode.ESCALATION_REQUIRED, "A human must decide: "
                + String.join("; ", reasons) + ".", evidence), rule.mode());
    }
}
