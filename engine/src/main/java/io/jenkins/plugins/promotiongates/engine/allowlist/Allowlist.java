package io.jenkins.plugins.promotiongates.engine.allowlist;

import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.util.Objects;

/**
 * Which jobs, repositories and artifact names may be promoted to an environment. An empty set means that
 * dimension is not restricted; a configured dimension must match (deny by default). Repository globs are
 * written in normalized form ({@link RepositoryNames#normalize}).
 */
public record Allowlist(RuleMode mode, GlobSet jobs, GlobSet repositories, GlobSet artifacts) {
    public Allowlist {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(repositories, "repositories");
        Objects.requireNonNull(artifacts, "artifacts");
        if (jobs.isEmpty() && repositories.isEmpty() && artifacts.isEmpty()) {
            throw new IllegalArgumentException("an allowlist must list jobs, repositories or artifacts");
        }
    }
}
