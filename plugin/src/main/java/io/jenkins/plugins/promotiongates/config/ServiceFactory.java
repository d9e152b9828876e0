package io.jenkins.plugins.promotiongates.config;

import io.jenkins.plugins.promotiongates.engine.service.PromotionService;

/**
 * Builds the engine's {@link PromotionService} from the global settings. Pluggable so tests use a fake service and
 * so the engine's implementation is wired in one place. A factory may keep resources open across the services it
 * builds (the embedded store can be opened once per directory): the configuration calls {@link #releaseUnused()}
 * after it switched to a new service and {@link #close()} on shutdown.
 */
@FunctionalInterface
public interface ServiceFactory extends AutoCloseable {
    PromotionService create(ServiceSettings settings);

    /**
     * Delivers the notifications that are due for the service built last (the plugin's timer calls it every minute,
     * as SYSTEM); never called by a gate, a vote or a page.
     */
    default void deliverNotifications() {
    }

    /** Closes what only the services built before the last one used (a store that is no longer configured). */
    default void releaseUnused() {
    }

    /** Closes everything (Jenkins shuts down). */
    @Override
    default void close() {
    }
}
