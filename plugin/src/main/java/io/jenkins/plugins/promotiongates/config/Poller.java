package io.jenkins.plugins.promotiongates.config;

import jenkins.util.Timer;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Re-checks waiting promotions periodically, so that a decision nobody clicked (the policy's timeout, a decision
 * made through another controller or the CLI) still reaches the waiting step.
 */
@FunctionalInterface
public interface Poller {
    /** Runs {@code check} every {@code period} until the returned handle is closed. */
    AutoCloseable every(Duration period, Runnable check);

    /** Jenkins' shared timer. */
    Poller JENKINS_TIMER = (period, check) -> {
        ScheduledFuture<?> future = Timer.get().scheduleWithFixedDelay(check, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    };
}
