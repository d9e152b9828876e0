package io.jenkins.plugins.promotiongates.engine.anomaly;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something unusual about one identity, raised by {@link AnomalyDetector}. Written to the audit trail as an
 * {@code ANOMALY_SIGNAL} event; {@link QuarantineRegistry#apply} turns a denials signal into a quarantine when the
 * policy says so.
 *
 * @param type       what was seen
 * @param identity   who
 * @param observedAt the time of the observation that raised it
 * @param window     the sliding window counted over; {@link Duration#ZERO} for first-time and broader signals
 * @param count      how many matching observations the window held (1 for first-time and broader signals)
 * @param threshold  the policy threshold that was reached (1 for first-time and broader signals)
 * @param subject    the environment or repository concerned, if the signal is about one
 * @param message    one sentence for people
 */
public record AnomalySignal(Type type, Identity identity, Instant observedAt, Duration window, int count,
        int threshold, @CheckForNull String subject, String message) {
    /** The kinds of signal. */
    public enum Type {
        /** At least {@code denials} denials within {@code denialWindow}. */
        REPEATED_DENIALS,
        /** At least {@code burstRequests} requests within {@code burstWindow}. */
        REQUEST_BURST,
        /** An environment this identity never asked for before. */
        FIRST_TIME_ENVIRONMENT,
        /** A repository this identity never worked on before. */
        FIRST_TIME_REPOSITORY,
        /** An environment later in the promotion order than any this identity asked for before. */
        BROADER_THAN_HISTORY,
        /** At least {@code productionAttempts} production requests not allowed within {@code denialWindow}. */
        REPEATED_PRODUCTION_ATTEMPTS
    }

    public AnomalySignal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(observedAt, "observedAt");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(message, "message");
        if (count < 0 || threshold < 1) {
            throw new IllegalArgumentException("count must be >= 0 and threshold >= 1, got " + count + " and "
                    + threshold);
        }
    }
}
