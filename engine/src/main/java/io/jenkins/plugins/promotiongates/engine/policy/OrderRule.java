package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.time.Duration;
import java.util.Objects;

/**
 * The same digest must have been deployed successfully to {@code after} at least {@code soak} ago.
 *
 * @param mode  enforce or warn
 * @param after the environment that must come first (by default the previous one in promotion order)
 * @param soak  how long it must have run there (canary soak); zero means any earlier success counts
 */
public record OrderRule(RuleMode mode, String after, Duration soak) {
    public OrderRule {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(after, "after");
        if (soak.isNegative()) {
            throw new IllegalArgumentException("soak must not be negative, got " + soak);
        }
    }
}
