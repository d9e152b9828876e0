package io.jenkins.plugins.promotiongates.engine.notification;

import java.time.Duration;

/**
 * How the outbox retries.
 *
 * @param maxAttempts attempts per delivery before it is given up (the last NOTIFICATION_FAILED stays the record)
 * @param firstRetry  wait after the first failure; doubled after each further failure
 * @param maxRetry    the longest wait between attempts
 * @param lease       how long an attempt taken without a result blocks the next one (a controller that stopped
 *                    mid-send); after it the delivery is tried again with the same delivery id
 * @param maxAge      events older than this are not notified (a first start on an old store sends nothing stale)
 */
public record OutboxSettings(int maxAttempts, Duration firstRetry, Duration maxRetry, Duration lease,
        Duration maxAge) {
    public OutboxSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /** 5 attempts, 1, 2, 4, 8 minutes apart; 10 minutes' lease; 24 hours' horizon. */
    public static OutboxSettings defaults() {
        return new OutboxSettings(5, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(10),
                Duration.ofHours(24));
    }

    /** The wait after the n-th failed attempt. */
    Duration backoff(int failedAttempts) {
        Duration wait = firstRetry;
        for (int i = 1; i < failedAttempts && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
