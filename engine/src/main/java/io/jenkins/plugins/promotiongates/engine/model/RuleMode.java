package io.jenkins.plugins.promotiongates.engine.model;

/** How a rule acts: {@code enforce} blocks, {@code warn} only records what it would have denied. */
public enum RuleMode {
    ENFORCE,
    WARN
}
