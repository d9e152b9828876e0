package io.jenkins.plugins.promotiongates.config;

import io.jenkins.plugins.promotiongates.engine.service.PromotionService;

/**
 * Builds the engine's {@link PromotionService} from the global settings. Pluggable so tests use a fake service and
 * so the engine's implementation is wired in one place.
 */
@FunctionalInterface
public interface ServiceFactory {
    PromotionService create(ServiceSettings settings);
}
