package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.util.Objects;

/**
 * What the run's test results must show.
 *
 * @param mode        enforce or warn
 * @param required    whether results must be present (missing results are then a denial)
 * @param maxFailures the most failed tests tolerated
 * @param minTotal    the fewest tests that must have run (an empty report proves nothing)
 */
public record TestsRule(RuleMode mode, boolean required, int maxFailures, int minTotal) {
    public TestsRule {
        Objects.requireNonNull(mode, "mode");
        if (maxFailures < 0 || minTotal < 0) {
            throw new IllegalArgumentException("maxFailures and minTotal must not be negative");
        }
    }
}
