package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.util.Objects;

/**
 * An emergency request to promote despite a closed change window or a freeze.
 *
 * @param user                    who breaks the glass
 * @param hasBreakGlassPermission whether the caller's authorization grants the separate Break-glass permission
 *                                (Approve is not enough)
 * @param reason                  the written justification; required, kept in the audit trail and the review item
 */
public record BreakGlassRequest(String user, boolean hasBreakGlassPermission, String reason) {
    public BreakGlassRequest {
        Identifiers.requireSafeText("user", user, 256);
        Objects.requireNonNull(reason, "reason");
        if (reason.length() > Vote.MAX_COMMENT_LENGTH) {
            throw new IllegalArgumentException("break-glass reason is " + reason.length() + " characters long; at most "
                    + Vote.MAX_COMMENT_LENGTH + " are allowed");
        }
    }
}
