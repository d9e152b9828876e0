package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;

import java.util.Objects;

/**
 * An artifact as submitted: name and digest (computed where the file is) plus the raw evidence documents.
 *
 * @param artifact       name and digest
 * @param bundleJson     the Sigstore bundle (JSON), if found
 * @param provenanceJson a separate provenance bundle or {@code .intoto.jsonl} line, if found
 */
public record SubmittedArtifact(ArtifactRef artifact, @CheckForNull String bundleJson, @CheckForNull String provenanceJson) {
    public SubmittedArtifact {
        Objects.requireNonNull(artifact, "artifact");
    }
}
