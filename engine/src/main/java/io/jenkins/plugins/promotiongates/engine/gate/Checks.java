package io.jenkins.plugins.promotiongates.engine.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What the gate checks share: warn mode, missing-evidence results, evidence maps and labels for messages. */
final class Checks {
    static final String NONE = "(none)";
    /** How many items a message or evidence value lists before it abbreviates. */
    static final int MAX_LISTED = 10;

    private Checks() {
    }

    /** Warn mode records what an enforced rule would have blocked or escalated, without blocking. */
    static CheckResult mode(CheckResult result, RuleMode mode) {
        if (mode == RuleMode.WARN && result.status() == CheckStatus.PENDING) {
            return new CheckResult(result.gate(), CheckStatus.WARNED, result.code(), "[warn mode] " + result.message(),
                    result.evidence());
        }
        return result.inMode(mode);
    }

    static CheckResult missing(String gate, String what, Map<String, String> evidence) {
        return CheckResult.failed(gate, ReasonCode.MISSING_EVIDENCE, "missing evidence: " + what + ".", evidence);
    }

    static String describe(ApprovalRequirement requirement) {
        List<String> groups = requirement.approverGroups().stream().sorted().toList();
        return requirement.required() + (requirement.required() == 1 ? " approval" : " approvals")
                + (requirement.distinctGroups() ? " from distinct groups of " : " from ") + groups + " within "
                + requirement.timeout().toMinutes() + " minutes";
    }

    static void putRequirement(Map<String, String> evidence, String prefix, ApprovalRequirement requirement) {
        evidence.put(prefix + "required", String.valueOf(requirement.required()));
        evidence.put(prefix + "groups", String.join(",", requirement.approverGroups().stream().sorted().toList()));
        evidence.put(prefix + "distinctGroups", String.valueOf(requirement.distinctGroups()));
        evidence.put(prefix + "timeoutMinutes", String.valueOf(requirement.timeout().toMinutes()));
    }

    static String actionName(PromotionRequest.Action action) {
        return action == PromotionRequest.Action.PROMOTE ? "promote" : "rollback";
    }

    static String label(ArtifactEvidence artifact) {
        return artifact.artifact().name() + " (" + artifact.artifact().digest() + ")";
    }

    static String count(PromotionRequest request) {
        int size = request.artifacts().size();
        return size == 1 ? label(request.artifacts().get(0)) + " is" : "All " + size + " artifacts are";
    }

    static String artifactsLabel(PromotionRequest request) {
        List<ArtifactEvidence> artifacts = request.artifacts();
        if (artifacts.isEmpty()) {
            return "no artifacts";
        }
        if (artifacts.size() == 1) {
            return label(artifacts.get(0));
        }
        return artifacts.size() + " artifacts (" + String.join(", ", artifacts.stream()
                .limit(MAX_LISTED).map(artifact -> artifact.artifact().name()).toList())
                + (artifacts.size() > MAX_LISTED ? ", …" : "") + ")";
    }

    static Map<String, String> artifactEvidence(ArtifactEvidence artifact) {
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("artifact", artifact.artifact().name());
        evidence.put("digest", artifact.artifact().digest().toString());
        return evidence;
    }

    static String orNone(@CheckForNull String value) {
        return value == null ? NONE : value;
    }

    static Map<String, String> put(Map<String, String> evidence, String key, String value) {
        Map<String, String> copy = new TreeMap<>(evidence);
        copy.put(key, value);
        return copy;
    }

    /**
     * Evidence from key/value pairs; a null value is shown as "(none)". Sorted maps throughout, because
     * {@link CheckResult} copies evidence into a sorted map, and copying a sorted map is a linear build.
     */
    static Map<String, String> ev(@CheckForNull String... pairs) {
        Map<String, String> evidence = new TreeMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            evidence.put(Objects.requireNonNull(pairs[i]), orNone(pairs[i + 1]));
        }
        return evidence;
    }
}
