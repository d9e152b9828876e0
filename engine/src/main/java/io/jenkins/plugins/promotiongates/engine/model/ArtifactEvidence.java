package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.Objects;

/** One artifact with what verification established about it; a null part means that evidence is missing. */
public record ArtifactEvidence(ArtifactRef artifact, @CheckForNull SignatureEvidence signature,
        @CheckForNull ProvenanceEvidence provenance) {
    public ArtifactEvidence {
        Objects.requireNonNull(artifact, "artifact");
    }
}
