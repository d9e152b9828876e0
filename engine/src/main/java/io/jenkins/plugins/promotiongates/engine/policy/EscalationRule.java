package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.allowlist.GlobSet;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.util.Objects;

/**
 * When a human must decide even though every other check passed.
 *
 * @param mode                                    enforce or warn
 * @param sensitivePaths                          changed paths matching one of these globs escalate
 * @param provenanceSourceMustMatchJobRepository  a provenance source other than the job's repository escalates
 */
public record EscalationRule(RuleMode mode, GlobSet sensitivePaths, boolean provenanceSourceMustMatchJobRepository) {
    public EscalationRule {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sensitivePaths, "sensitivePaths");
        if (sensitivePaths.isEmpty() && !provenanceSourceMustMatchJobRepository) {
            throw new IllegalArgumentException("an escalation rule needs sensitivePaths or "
                    + "provenanceSourceMustMatchJobRepository");
        }
    }
}
