package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An agent's entitlement after its signature, issuer and validity were checked. When {@code valid} is false the
 * claims may be absent and {@code failure} says why (bad signature, untrusted key, expired, …).
 *
 * @param valid        signature, trusted issuer and time validity all checked out
 * @param agentId      the agent the broker issued it to
 * @param task         the one task it serves
 * @param repositories repositories it may act on
 * @param actions      actions it may perform, e.g. {@code promote}
 * @param environments environments it may promote to
 * @param issuer       the broker key id that signed it
 * @param issuedAt     issue time
 * @param expiresAt    expiry (issue time + TTL)
 * @param failure      {@link ReasonCode#OK} when valid
 * @param detail       a precise human explanation
 */
public record EntitlementEvidence(boolean valid, @CheckForNull String agentId, @CheckForNull String task,
        List<String> repositories, List<String> actions, List<String> environments, @CheckForNull String issuer,
        @CheckForNull Instant issuedAt, @CheckForNull Instant expiresAt, ReasonCode failure, String detail) {
    public EntitlementEvidence {
        repositories = List.copyOf(repositories);
        actions = List.copyOf(actions);
        environments = List.copyOf(environments);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
        if (valid != (failure == ReasonCode.OK)) {
            throw new IllegalArgumentException("valid must be true exactly when failure is OK");
        }
    }

    public static EntitlementEvidence invalid(ReasonCode failure, String detail) {
        return new EntitlementEvidence(false, null, null, List.of(), List.of(), List.of(), null, null, null, failure,
                detail);
    }
}
