package io.jenkins.plugins.promotiongates.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The verification fixtures every benchmark of our code shares with the node baseline: the sigstore-java 1.0.0 jar,
 * its bundle and the public-good trusted root, from the engine's test fixtures (run.sh runs from the repository root;
 * {@code -p fixtures=DIR} points elsewhere).
 */
record BenchFixtures(Path trustedRoot, Path bundle, Path artifact, String identity, String issuer) {
    static final String DEFAULT_DIRECTORY = "engine/src/test/resources/fixtures";
    static final String IDENTITY = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";
    static final String ISSUER = "https://token.actions.githubusercontent.com";
    static final String ARTIFACT_NAME = "sigstore-java-1.0.0.jar";

    static BenchFixtures in(String directory) {
        Path root = Paths.get(directory).toAbsolutePath();
        Path jar = root.resolve("maven/sigstore-java/1.0.0/" + ARTIFACT_NAME);
        BenchFixtures fixtures = new BenchFixtures(root.resolve("trusted-roots/public-good.json"),
                jar.resolveSibling(ARTIFACT_NAME + ".sigstore.json"), jar, IDENTITY, ISSUER);
        for (Path file : new Path[] {fixtures.trustedRoot, fixtures.bundle, fixtures.artifact}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("Fixture " + file + " missing: run from the repository root or pass "
                        + "-p fixtures=DIR");
            }
        }
        return fixtures;
    }

    String bundleJson() throws IOException {
        return Files.readString(bundle, StandardCharsets.UTF_8);
    }
}
