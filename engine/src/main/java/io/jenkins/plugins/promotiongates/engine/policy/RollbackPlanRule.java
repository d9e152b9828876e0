package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.util.Objects;

/** A rollback plan (path or URL) must accompany the promotion. */
public record RollbackPlanRule(RuleMode mode) {
    public RollbackPlanRule {
        Objects.requireNonNull(mode, "mode");
    }
}
