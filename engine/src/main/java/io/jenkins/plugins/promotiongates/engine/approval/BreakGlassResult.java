package io.jenkins.plugins.promotiongates.engine.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;

import java.util.Objects;

/**
 * What breaking the glass did.
 *
 * @param applied  true when overriding unblocked the promotion (the decision is no longer DENY)
 * @param decision the decision with window/freeze failures turned into passes marked
 *                 {@link io.jenkins.plugins.promotiongates.engine.model.ReasonCode#BREAK_GLASS}; the original decision
 *                 when the request itself was refused (no permission, no reason)
 * @param reason   why it was applied or not
 * @param review   the mandatory post-incident review; present exactly when applied
 */
public record BreakGlassResult(boolean applied, Decision decision, CheckResult reason, @CheckForNull ReviewItem review) {
    public BreakGlassResult {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        if (applied != (review != null)) {
            throw new IllegalArgumentException("an applied break-glass must open a review item, and only then");
        }
    }
}
