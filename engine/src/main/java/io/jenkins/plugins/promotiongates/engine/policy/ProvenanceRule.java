package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.allowlist.GlobSet;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.util.Objects;

/**
 * What the SLSA provenance must state. Each configured list must match (globs); an empty list does not restrict.
 * Source repositories are compared in normalized form ({@code host/owner/name}).
 *
 * @param mode               enforce or warn
 * @param builderIds         accepted builder ids
 * @param sourceRepositories accepted source repositories, normalized
 * @param refs               accepted git refs, e.g. {@code refs/tags/v*}
 */
public record ProvenanceRule(RuleMode mode, GlobSet builderIds, GlobSet sourceRepositories, GlobSet refs) {
    public ProvenanceRule {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(builderIds, "builderIds");
        Objects.requireNonNull(sourceRepositories, "sourceRepositories");
        Objects.requireNonNull(refs, "refs");
        if (builderIds.isEmpty() && sourceRepositories.isEmpty() && refs.isEmpty()) {
            throw new IllegalArgumentException("a provenance rule needs builderIds, sourceRepositories or refs");
        }
    }
}
