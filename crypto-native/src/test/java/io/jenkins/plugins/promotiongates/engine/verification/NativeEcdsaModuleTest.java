package io.jenkins.plugins.promotiongates.engine.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.promotiongates.cryptonative.CorrettoEcdsa;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The module as the engine sees it: listed for ServiceLoader, preferred where its library loads, and left out (the
 * engine keeps BouncyCastle) where the provider's jar is missing. In the engine's package, for Signatures.
 */
class NativeEcdsaModuleTest {
    /** The engine's verification fixtures (a sibling module's test resources). */
    private static final Path FIXTURES = Path.of("../engine/src/test/resources/fixtures").toAbsolutePath();
    private static final String RELEASE = "maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar";
    private static final String RELEASE_IDENTITY = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";
    private static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

    @Test
    void shouldBeListedForTheEnginesServiceLoader() {
        assertThat(ServiceLoader.load(NativeEcdsa.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(CorrettoEcdsa.class);
    }

    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void shouldBePreferredOnLinuxX8664() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        Path root = FIXTURES.resolve("trusted-roots/public-good.json");

        assertThat(Signatures.preferred().ecdsaProvider()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(TrustedRoot.load(root).signatures().ecdsaProvider()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(TrustedRoot.load(root, EcdsaBackend.NATIVE_IF_AVAILABLE).signatures().ecdsaProvider())
                .isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(TrustedRoot.load(root, EcdsaBackend.JAVA).signatures().ecdsaProvider()).isEqualTo("BC");
        assertThat(Probe.verifyRelease(FIXTURES.toString())).isEqualTo("AmazonCorrettoCryptoProvider: verified");
    }

    @Test
    void shouldFallBackToBouncyCastleWhenTheProvidersJarIsMissing() throws Exception {
        String[] classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator, -1);
        List<URL> withoutNative = new ArrayList<>();
        for (String entry : classPath) {
            if (!entry.isEmpty() && !entry.contains("AmazonCorrettoCryptoProvider")) {
                withoutNative.add(Path.of(entry).toUri().toURL());
            }
        }
        assertThat(withoutNative).as("the native provider's jar is on the test class path").hasSizeLessThan(
                classPath.length);

        // This module's service stays listed; only the provider's classes are gone.
        try (URLClassLoader isolated = new URLClassLoader(withoutNative.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            Class<?> check = Class.forName(Probe.class.getName(), true, isolated);
            assertThat(check.getClassLoader()).isSameAs(isolated);
            assertThat(check.getMethod("verifyRelease", String.class).invoke(null, FIXTURES.toString()))
                    .isEqualTo("BC: verified");
        }
    }

    /** Public: also called in another class loader. */
    public static final class Probe {
        /** Verifies the sigstore-java release with the preferred backend and says which backend that was. */
        public static String verifyRelease(String fixtures) throws IOException {
            Path root = Path.of(fixtures);
            ArtifactVerifier verifier = ArtifactVerifier.builder().trustedRoot(root.resolve(
                    "trusted-roots/public-good.json")).build();
            VerificationResult result = verifier.verify(new ArtifactRef("sigstore-java-1.0.0.jar",
                    ArtifactDigester.digest(root.resolve(RELEASE), Digest.Algorithm.SHA256)), Files.readString(
                    root.resolve(RELEASE + ".sigstore.json"), StandardCharsets.UTF_8), IdentityPolicy.exact(
                    RELEASE_IDENTITY, GITHUB_ISSUER), null, null);
            return Signatures.preferred().ecdsaProvider() + ": " + (result.verified() ? "verified"
                    : "denied " + result.failures());
        }
    }
}
