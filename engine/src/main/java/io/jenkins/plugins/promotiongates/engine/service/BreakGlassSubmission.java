package io.jenkins.plugins.promotiongates.engine.service;

import java.util.Objects;
import java.util.Set;

/**
 * An emergency override of a change window or freeze for one denied promotion. It never overrides signature,
 * provenance, credential scope or entitlement checks; it needs a written reason and opens a post-incident review.
 *
 * @param correlationId           the denied promotion
 * @param user                    who breaks the glass
 * @param groups                  the groups the security realm reports for the user; the policy's
 *                                {@code breakGlass.groups} must include one of them
 * @param hasBreakGlassPermission whether the user holds the Break-glass permission
 * @param reason                  the written reason (mandatory)
 */
public record BreakGlassSubmission(String correlationId, String user, Set<String> groups,
        boolean hasBreakGlassPermission, String reason) {
    public BreakGlassSubmission {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(user, "user");
        groups = Set.copyOf(groups);
        Objects.requireNonNull(reason, "reason");
    }
}
