package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Exactly what an approval is given for. A vote or a consumption counts only for an equal binding, so an approval
 * can't be replayed for another run, environment, artifact digest or policy version.
 *
 * @param runId       the run as {@code job#run}, e.g. {@code shop/backend#42}
 * @param environment the target environment
 * @param digests     the artifacts' digests, sorted and without duplicates (so the order the artifacts were listed in
 *                    does not matter)
 * @param policyHash  SHA-256 of the policy in force when the approval was requested
 */
public record ApprovalBinding(String runId, String environment, List<Digest> digests, String policyHash) {
    public ApprovalBinding {
        Identifiers.requireSafeText("run id", runId, 1282);
        Identifiers.requireEnvironmentName(environment);
        Objects.requireNonNull(digests, "digests");
        digests = digests.stream().map(d -> Objects.requireNonNull(d, "digest"))
                .distinct().sorted(Comparator.comparing(Digest::toString)).toList();
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("an approval binding needs at least one artifact digest");
        }
        Identifiers.requireSafeText("policy hash", policyHash, 256);
    }

    /** The binding of a promotion request under the given policy version. */
    public static ApprovalBinding of(PromotionRequest request, String policyHash) {
        return new ApprovalBinding(request.run().id(), request.environment(),
                request.artifacts().stream().map(a -> a.artifact().digest()).toList(), policyHash);
    }

    /** The binding of bare artifact references (the CLI and the credential check have no evidence objects). */
    public static ApprovalBinding of(String runId, String environment, List<ArtifactRef> artifacts, String policyHash) {
        return new ApprovalBinding(runId, environment, artifacts.stream().map(ArtifactRef::digest).toList(), policyHash);
    }

    /**
     * The fields in which {@code other} differs from this binding, as evidence for a refusal: for each differing
     * field {@code expected.<field>} and {@code actual.<field>}. Empty when both are equal.
     */
    public Map<String, String> differences(ApprovalBinding other) {
        Map<String, String> diff = new TreeMap<>();
        compare(diff, "runId", runId, other.runId);
        compare(diff, "environment", environment, other.environment);
        compare(diff, "digests", digests.toString(), other.digests.toString());
        compare(diff, "policyHash", policyHash, other.policyHash);
        return diff;
    }

    private static void compare(Map<String, String> diff, String field, String expected, String actual) {
        if (!expected.equals(actual)) {
            diff.put("expected." + field, expected);
            diff.put("actual." + field, actual);
        }
    }

    /** The job of {@link #runId()} (Jenkins job names cannot contain {@code #}): whose permissions judge the voters. */
    public String job() {
        int hash = runId.lastIndexOf('#');
        return hash < 0 ? runId : runId.substring(0, hash);
    }
}
