package io.jenkins.plugins.promotiongates.engine.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.ProvenanceRule;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.artifactEvidence;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.count;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.label;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.missing;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.orNone;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.put;

/** Every artifact carries verified provenance from an accepted builder, source repository and ref. */
final class ProvenanceCheck implements GateCheck {
    @Override
    public String name() {
        return "provenance";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return provenance(context.env(), context.request());
    }

    private static CheckResult provenance(EnvironmentPolicy env, PromotionRequest request) {
        Optional<ProvenanceRule> configured = env.provenance();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("provenance", "No provenance rule is configured for " + env.name()
                    + ".");
        }
        ProvenanceRule rule = configured.get();
        if (request.artifacts().isEmpty()) {
            return mode(missing("provenance", "the request names no artifacts whose provenance could be checked",
                    ev("missing", "artifacts")), rule.mode());
        }
        for (ArtifactEvidence artifact : request.artifacts()) {
            CheckResult failure = provenanceFailure(env, rule, artifact);
            if (failure != null) {
                return mode(failure, rule.mode());
            }
        }
        ProvenanceEvidence first = Objects.requireNonNull(request.artifacts().get(0).provenance());
        Map<String, String> evidence = artifactEvidence(request.artifacts().get(0));
        evidence.put("builderId", orNone(first.builderId()));
        evidence.put("sourceRepository", orNone(first.sourceRepository()));
        evidence.put("sourceRef", orNone(first.sourceRef()));
        evidence.put("sourceCommit", orNone(first.sourceCommit()));
        evidence.put("artifacts", String.valueOf(request.artifacts().size()));
        return CheckResult.passed("provenance", count(request) + " built by an accepted builder from "
                + orNone(first.sourceRepository()) + " at " + orNone(first.sourceRef()) + ".", evidence);
    }

    @CheckForNull
    private static CheckResult provenanceFailure(EnvironmentPolicy env, ProvenanceRule rule,
            ArtifactEvidence artifact) {
        ProvenanceEvidence provenance = artifact.provenance();
        if (provenance == null) {
            return missing("provenance", "no provenance was found for " + label(artifact),
                    put(artifactEvidence(artifact), "missing", "provenance"));
        }
        if (!provenance.verified()) {
            return CheckResult.failed("provenance", provenance.failure(), "The provenance of " + label(artifact)
                    + " did not verify: " + provenance.detail(), put(artifactEvidence(artifact), "detail",
                    provenance.detail()));
        }
        if (!rule.builderIds().isEmpty()) {
            if (provenance.builderId() == null) {
                return missing("provenance", "the provenance of " + label(artifact) + " states no builder id",
                        put(provenanceEvidence(artifact, provenance), "missing", "builderId"));
            }
            if (!rule.builderIds().matches(provenance.builderId())) {
                return CheckResult.failed("provenance", ReasonCode.BUILDER_UNTRUSTED, label(artifact)
                        + " was built by " + provenance.builderId() + ", but " + env.name() + " accepts builders: "
                        + rule.builderIds().summary() + ".", put(provenanceEvidence(artifact, provenance), "expected", rule.builderIds().summary()));
            }
        }
        if (!rule.sourceRepositories().isEmpty()) {
            if (provenance.sourceRepository() == null) {
                return missing("provenance", "the provenance of " + label(artifact) + " states no source "
                        + "repository", put(provenanceEvidence(artifact, provenance), "missing", "sourceRepository"));
            }
            String normalized = RepositoryNames.normalize(provenance.sourceRepository());
            if (!rule.sourceRepositories().matches(normalized)) {
                return CheckResult.failed("provenance", ReasonCode.SOURCE_REPO_MISMATCH, label(artifact)
                        + " was built from " + normalized + ", but " + env.name() + " accepts sources: "
                        + rule.sourceRepositories().summary() + ".", put(provenanceEvidence(artifact, provenance), "expected",
                        rule.sourceRepositories().summary()));
            }
        }
        if (!rule.refs().isEmpty()) {
            if (provenance.sourceRef() == null) {
                return missing("provenance", "the provenance of " + label(artifact) + " states no source ref",
                        put(provenanceEvidence(artifact, provenance), "missing", "sourceRef"));
            }
            if (!rule.refs().matches(provenance.sourceRef())) {
                return CheckResult.failed("provenance", ReasonCode.SOURCE_REF_MISMATCH, label(artifact)
                        + " was built from ref " + provenance.sourceRef() + ", but " + env.name() + " accepts refs: "
                        + rule.refs().summary() + ".", put(provenanceEvidence(artifact, provenance), "expected", rule.refs().summary()));
            }
        }
        return null;
    }

    private static Map<String, String> provenanceEvidence(ArtifactEvidence artifact, ProvenanceEvidence provenance) {
        Map<String, String> evidence = artifactEvidence(artifact);
        evidence.put("builderId", orNone(provenance.builderId()));
        evidence.put("sourceRepository", orNone(provenance.sourceRepository()));
        evidence.put("sourceRef", orNone(provenance.sourceRef()));
        return evidence;
    }
}
