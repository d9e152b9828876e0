package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyValidationException;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.read;
import static org.assertj.core.api.Assertions.assertThat;

/** Verification results are reused only for exactly the same verifier, identity, bundle, provenance and digest. */
class VerifierCacheTest {
    private static final String TAMPERED = "tampered/sigstore-java-1.0.0-byteflip_fail/";

    private final ServiceFixture fixture = new ServiceFixture();
    private final AtomicInteger calls = new AtomicInteger();
    private final VerifierCache cache = new VerifierCache(VerifierCache.DEFAULT_RESULTS,
            (verifier, artifact, bundle, identity, provenance) -> {
                calls.incrementAndGet();
                return verifier.verify(artifact, bundle, identity, provenance, null);
            });

    private VerifierCache.EnvironmentVerification staging(Policy policy) {
        EnvironmentPolicy environment = policy.environment("staging").orElseThrow();
        return cache.forEnvironment(policy, environment, environment.signature().orElseThrow());
    }

    @Test
    void shouldReuseTheResultForTheSameBundleDigestAndIdentity() {
        SubmittedArtifact jar = ServiceFixture.jar();

        VerificationResult first = staging(fixture.policy).verify(jar.artifact(), jar.bundleJson(), null, 0);
        VerificationResult second = staging(fixture.policy).verify(jar.artifact(), jar.bundleJson(), null, 0);

        assertThat(first.verified()).isTrue();
        assertThat(second).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldVerifyATamperedArtifactAfreshAndDenyItEvenWithTheCachedGenuineBundle() {
        SubmittedArtifact jar = ServiceFixture.jar();
        assertThat(staging(fixture.policy).verify(jar.artifact(), jar.bundleJson(), null, 0).verified()).isTrue();
        ArtifactRef tampered = new ArtifactRef(ServiceFixture.JAR, ServiceFixture.digestOf(TAMPERED + "artifact"));
        String sameBundle = read(FIXTURES.resolve(TAMPERED + "bundle.sigstore.json"));
        assertThat(sameBundle).isEqualTo(jar.bundleJson());

        VerificationResult result = staging(fixture.policy).verify(tampered, sameBundle, null, 0);

        assertThat(result.verified()).isFalse();
        assertThat(result.signature().failure()).isEqualTo(ReasonCode.DIGEST_MISMATCH);
        assertThat(calls).hasValue(2);
    }

    @Test
    void shouldNotServeAnotherBundleProvenanceOrIdentityFromTheCache() {
        SubmittedArtifact jar = ServiceFixture.jar();
        SubmittedArtifact pom = ServiceFixture.pom();
        VerifierCache.EnvironmentVerification staging = staging(fixture.policy);
        staging.verify(jar.artifact(), jar.bundleJson(), null, 0);

        VerificationResult otherBundle = staging.verify(jar.artifact(), pom.bundleJson(), null, 0);
        staging.verify(jar.artifact(), jar.bundleJson(), pom.bundleJson(), 0);

        assertThat(otherBundle.verified()).isFalse();
        assertThat(calls).hasValue(3);
        Policy otherIdentity = parse(fixture.policyText.replaceFirst("refs/tags/v1\\.0\\.0", "refs/tags/v9.9.9"));
        VerificationResult wrongSigner = staging(otherIdentity).verify(jar.artifact(), jar.bundleJson(), null, 0);
        assertThat(wrongSigner.verified()).isFalse();
        assertThat(wrongSigner.signature().failure()).isEqualTo(ReasonCode.IDENTITY_MISMATCH);
        assertThat(calls).hasValue(4);
    }

    @Test
    void shouldKeepTheVerifierBuiltFromThePinnedContentWhenTheTrustedRootFileChanges(@TempDir Path directory)
            throws IOException {
        Path root = directory.resolve("trusted-roots/public-good.json");
        Files.createDirectories(root.getParent());
        Files.copy(FIXTURES.resolve("trusted-roots/public-good.json"), root);
        Policy policy = parse(fixture.policyText, directory);
        SubmittedArtifact jar = ServiceFixture.jar();
        VerifierCache.EnvironmentVerification before = staging(policy);
        before.verify(jar.artifact(), jar.bundleJson(), null, 0);

        // The root was read when the policy was applied; the file is not looked at again.
        Files.setLastModifiedTime(root, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.delete(root);
        VerifierCache.EnvironmentVerification after = staging(policy);
        VerificationResult result = after.verify(jar.artifact(), jar.bundleJson(), null, 0);

        assertThat(after).isSameAs(before);
        assertThat(result.verified()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldEvictTheLeastRecentlyUsedResultBeyondItsBound() {
        VerifierCache small = new VerifierCache(1, (verifier, artifact, bundle, identity, provenance) -> {
            calls.incrementAndGet();
            return verifier.verify(artifact, bundle, identity, provenance, null);
        });
        EnvironmentPolicy environment = fixture.policy.environment("staging").orElseThrow();
        VerifierCache.EnvironmentVerification staging = small.forEnvironment(fixture.policy, environment,
                environment.signature().orElseThrow());
        SubmittedArtifact jar = ServiceFixture.jar();
        SubmittedArtifact pom = ServiceFixture.pom();

        staging.verify(jar.artifact(), jar.bundleJson(), null, 0);
        staging.verify(pom.artifact(), pom.bundleJson(), null, 0);
        staging.verify(jar.artifact(), jar.bundleJson(), null, 0);

        assertThat(calls).hasValue(3);
    }

    private static Policy parse(String yaml) {
        return parse(yaml, FIXTURES);
    }

    private static Policy parse(String yaml, Path base) {
        try {
            return PolicyLoader.parse(yaml, "test-policy.yaml", base);
        } catch (PolicyValidationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
