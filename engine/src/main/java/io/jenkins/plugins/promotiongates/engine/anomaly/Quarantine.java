package io.jenkins.plugins.promotiongates.engine.anomaly;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.time.Instant;
import java.util.Objects;

/**
 * An identity is quarantined: every promotion it requests (or its job runs) is denied until an admin lifts it.
 *
 * @param identity who is quarantined
 * @param reason   why, e.g. the anomaly signal's message
 * @param since    when the quarantine began
 * @param by       {@link #BY_POLICY} when an anomaly signal triggered it, otherwise the admin who imposed it
 */
public record Quarantine(Identity identity, String reason, Instant since, String by) implements QuarantineEvent {
    /** The {@code by} of quarantines that the anomaly policy imposed. */
    public static final String BY_POLICY = "policy";

    public Quarantine {
        Objects.requireNonNull(identity, "identity");
        Identifiers.requireSafeText("quarantine reason", reason, 4096);
        Objects.requireNonNull(since, "since");
        Identifiers.requireSafeText("quarantined by", by, 256);
    }

    @Override
    public Instant time() {
        return since;
    }
}
