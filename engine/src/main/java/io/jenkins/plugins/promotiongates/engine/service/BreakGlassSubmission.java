package io.jenkins.plugins.promotiongates.engine.service;

import java.util.Objects;

/**
 * An emergency override of a change window or freeze for one denied promotion. It never overrides signature,
 * provenance, credential scope or entitlement checks; it needs a written reason and opens a post-incident review.
 *
 * @param correlationId           the denied promotion
 * @param user                    who breaks the glass
 * @param hasBreakGlassPermission whether the user holds the Break-glass permission
 * @param reason                  the written reason (mandatory)
 */
public record BreakGlassSubmission(String correlationId, String user, boolean hasBreakGlassPermission, String reason) {
    public BreakGlassSubmission {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(reason, "reason");
    }
}
