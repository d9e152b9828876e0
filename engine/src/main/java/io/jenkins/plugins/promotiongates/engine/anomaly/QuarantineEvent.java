package io.jenkins.plugins.promotiongates.engine.anomaly;

import java.time.Instant;

/**
 * A change of quarantine state, as the audit trail stores it ({@code QUARANTINE} or {@code QUARANTINE_LIFTED});
 * {@link QuarantineRegistry#restore} replays them in order to rebuild the registry.
 */
public sealed interface QuarantineEvent permits Quarantine, QuarantineLift {
    /** Whom the event is about. */
    Identity identity();

    /** When it happened. */
    Instant time();
}
