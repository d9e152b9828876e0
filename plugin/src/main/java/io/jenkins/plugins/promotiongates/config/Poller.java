package io.jenkins.plugins.promotiongates.config;

import java.time.Duration;

/**
 * Re-checks waiting promotions periodically, so that a decision nobody clicked (the policy's timeout, a decision
 * made through another controller or the CLI) still reaches the waiting step. The plugin's own timer
 * ({@link BackgroundWork#poller()}) runs it, never core's shared {@code jenkins.util.Timer}.
 */
@FunctionalInterface
public interface Poller {
    /** Runs {@code check} every {@code period} until the returned handle is closed. */
    AutoCloseable every(Duration period, Runnable check);
}
