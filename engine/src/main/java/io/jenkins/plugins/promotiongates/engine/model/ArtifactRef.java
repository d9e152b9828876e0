package io.jenkins.plugins.promotiongates.engine.model;

import java.util.Objects;

/** An artifact as the gates see it: its name (file name or coordinates) and its digest. */
public record ArtifactRef(String name, Digest digest) {
    public ArtifactRef {
        Identifiers.requireSafeText("artifact name", name, 1024);
        Objects.requireNonNull(digest, "digest");
    }
}
