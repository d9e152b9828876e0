package io.jenkins.plugins.promotiongates.engine.anomaly;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.time.Instant;
import java.util.Objects;

/**
 * An admin lifted a quarantine; audited as {@code QUARANTINE_LIFTED}.
 *
 * @param identity whose quarantine was lifted
 * @param admin    who lifted it
 * @param reason   why, in the admin's words
 * @param liftedAt when
 * @param lifted   the quarantine that ended
 */
public record QuarantineLift(Identity identity, String admin, String reason, Instant liftedAt, Quarantine lifted)
        implements QuarantineEvent {
    public QuarantineLift {
        Objects.requireNonNull(identity, "identity");
        Identifiers.requireSafeText("admin", admin, 256);
        Identifiers.requireSafeText("lift reason", reason, 4096);
        Objects.requireNonNull(liftedAt, "liftedAt");
        Objects.requireNonNull(lifted, "lifted");
        if (!lifted.identity().equals(identity)) {
            throw new IllegalArgumentException("the lifted quarantine is about " + lifted.identity() + ", not "
                    + identity);
        }
    }

    @Override
    public Instant time() {
        return liftedAt;
    }
}
