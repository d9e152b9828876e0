package io.jenkins.plugins.promotiongates.engine.policy;

import java.nio.file.Path;
import java.util.Objects;

/** A named Sigstore {@code trusted_root.json}, its path resolved relative to the policy file. */
public record TrustedRoot(String name, Path path) {
    public TrustedRoot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }
}
