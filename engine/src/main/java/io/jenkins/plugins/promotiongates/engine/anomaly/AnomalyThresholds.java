package io.jenkins.plugins.promotiongates.engine.anomaly;

import java.time.Duration;

/**
 * Policy data that turns behaviour into signals and signals into action.
 *
 * @param denials              how many denials for one identity within {@code denialWindow} raise a signal
 * @param denialWindow         the sliding window for denials
 * @param quarantineOnDenials  whether that signal quarantines the identity (deny all until an admin lifts it)
 * @param burstRequests        how many promotion requests within {@code burstWindow} count as a burst
 * @param burstWindow          the sliding window for bursts
 * @param productionAttempts   how many production requests within {@code denialWindow} count as repeated attempts
 */
public record AnomalyThresholds(int denials, Duration denialWindow, boolean quarantineOnDenials, int burstRequests,
        Duration burstWindow, int productionAttempts) {
    public AnomalyThresholds {
        if (denials < 1 || burstRequests < 1 || productionAttempts < 1) {
            throw new IllegalArgumentException("anomaly thresholds must be at least 1");
        }
        if (denialWindow.isNegative() || denialWindow.isZero() || burstWindow.isNegative() || burstWindow.isZero()) {
            throw new IllegalArgumentException("anomaly windows must be positive");
        }
    }

    /** Defaults: 5 denials in 10 minutes quarantine; 30 requests a minute is a burst; 3 production tries in 10 minutes. */
    public static AnomalyThresholds defaults() {
        return new AnomalyThresholds(5, Duration.ofMinutes(10), true, 30, Duration.ofMinutes(1), 3);
    }
}
