package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CertificateChainInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.InclusionProofMissing;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SetInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.TimestampInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.UnsupportedBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.BEACON;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22: what sigstore-js, sigstore-python and sigstore-go verify is verified here too, and the tampered variants
 * stay refused (decisions and reasons in docs/verification.md, "Decisions shared with other Sigstore clients").
 */
class SigstoreClientsCompatibilityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String V01 = "conformance/happy-path-v0.1/bundle.sigstore.json";
    private static final String PUBLIC_GOOD = "trusted-roots/public-good.json";
    private static final String REKOR2 = "conformance/rekor2-happy-path/";
    /** A genuine staging TSA token, but over another bundle's signature: it cannot verify for any other bundle. */
    private static final String OTHER_IMPRINT = "conformance/rekor2-timestamp-payload-mismatch_fail/bundle.sigstore.json";
    private static final String JAR = "maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar";
    private static final String RELEASE = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";

    // --- v0.1 bundles: a signed entry timestamp instead of an inclusion proof ---------------------------------

    @Test
    void shouldAcceptAV01BundleWhoseEntryHasASignedEntryTimestampButNoInclusionProof() throws Exception {
        ObjectNode bundle = bundle(V01);
        entry(bundle).remove("inclusionProof");

        VerificationResult result = verifyA(bundle, PUBLIC_GOOD);

        assertThat(result.failures()).isEmpty();
        assertThat(result.integratedTime()).as("the SET-verified integration time").hasToString("2023-07-12T15:56:36Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/vnd.dev.sigstore.bundle+json;version=0.2",
        "application/vnd.dev.sigstore.bundle+json;version=0.3", "application/vnd.dev.sigstore.bundle.v0.3+json"})
    void shouldRefuseALaterBundleWithoutInclusionProof(String mediaType) throws Exception {
        ObjectNode bundle = bundle(V01);
        bundle.put("mediaType", mediaType);
        if (!mediaType.endsWith("0.2")) { // v0.3 carries the leaf alone
            ObjectNode material = (ObjectNode) bundle.get("verificationMaterial");
            material.set("certificate", material.remove("x509CertificateChain").get("certificates").get(0));
        }
        entry(bundle).remove("inclusionProof");

        assertThat(verifyA(bundle, PUBLIC_GOOD).failures()).singleElement().isInstanceOf(InclusionProofMissing.class);
    }

    @Test
    void shouldRefuseAV01BundleWithoutSignedEntryTimestamp() throws Exception {
        ObjectNode bundle = bundle(V01);
        entry(bundle).remove("inclusionPromise");

        assertThat(verifyA(bundle, PUBLIC_GOOD).failures()).first().isInstanceOfSatisfying(SetInvalid.class,
                failure -> assertThat(failure.detail()).contains("a v0.1 bundle's entry must carry a signed entry "
                        + "timestamp"));
    }

    @Test
    void shouldRefuseAV01BundleWithoutInclusionProofWhoseIntegrationTimeWasMoved() throws Exception {
        ObjectNode bundle = bundle(V01);
        entry(bundle).remove("inclusionProof");
        entry(bundle).put("integratedTime", "1689177390"); // six seconds earlier: the SET no longer verifies

        assertThat(verifyA(bundle, PUBLIC_GOOD).failures()).extracting(VerificationFailure::getClass)
                .containsExactly(SetInvalid.class);
    }

    @Test
    void shouldRefuseAV01BundleWithoutInclusionProofWhoseBodyIsAnotherArtifacts() throws Exception {
        ObjectNode bundle = bundle(V01);
        entry(bundle).remove("inclusionProof");
        String body = new String(Base64.getDecoder().decode(entry(bundle).get("canonicalizedBody").asText()),
                StandardCharsets.UTF_8);
        String digest = ArtifactDigester.digest(FIXTURES.resolve("conformance/a.txt"), Digest.Algorithm.SHA256).hex();
        assertThat(body).contains(digest);
        entry(bundle).put("canonicalizedBody", Base64.getEncoder().encodeToString(body.replace(digest,
                "ab".repeat(32)).getBytes(StandardCharsets.UTF_8)));

        assertThat(verifyA(bundle, PUBLIC_GOOD).failures()).extracting(VerificationFailure::getClass)
                .containsExactlyInAnyOrder(SetInvalid.class, VerificationFailure.DigestMismatch.class);
    }

    // --- certificate-authority chains in any order ----------------------------------------------------------

    @Test
    void shouldAcceptCertificateAuthorityChainsListedRootFirst() throws Exception {
        ObjectNode root = root(PUBLIC_GOOD);
        for (var ca : root.get("certificateAuthorities")) {
            ArrayNode certificates = (ArrayNode) ca.get("certChain").get("certificates");
            List<com.fasterxml.jackson.databind.JsonNode> reversed = new ArrayList<>();
            certificates.forEach(reversed::add);
            certificates.removeAll();
            for (int i = reversed.size() - 1; i >= 0; i--) {
                certificates.add(reversed.get(i));
            }
        }
        assertThat(root.get("certificateAuthorities").get(1).get("certChain").get("certificates")).hasSize(2);

        assertThat(verifyJar(root).failures()).isEmpty();
    }

    @Test
    void shouldPutAChainInPathOrderWhateverItsOrder() throws Exception {
        List<X509Certificate> chain = chain(root(PUBLIC_GOOD), 1); // [intermediate, root]

        assertThat(CertificatePath.of(chain).certificates()).containsExactlyElementsOf(chain);
        assertThat(CertificatePath.of(List.of(chain.get(1), chain.get(0))).certificates())
                .containsExactlyElementsOf(chain);
        assertThat(CertificatePath.of(List.of(chain.get(0))).certificates()).as("an intermediate as trust anchor")
                .containsExactly(chain.get(0));
    }

    @Test
    void shouldRefuseChainsThatDoNotFormOnePath() throws Exception {
        List<X509Certificate> chain = chain(root(PUBLIC_GOOD), 1);
        X509Certificate unrelated = chain(root("trusted-roots/staging-from-conformance-rekor2-happy-path.json"), 0)
                .get(0);

        assertThat(CertificatePath.of(List.of(chain.get(0), unrelated, chain.get(1))).problem())
                .contains("2 certificates are issued by no other certificate");
        assertThat(CertificatePath.of(List.of(chain.get(0), chain.get(1), chain.get(0))).problem())
                .contains("certificate 3 repeats certificate 1");
        assertThat(CertificatePath.of(List.of()).problem()).contains("empty");
    }

    @Test
    void shouldRefuseALeafUnderAChainThatDoesNotFormOnePath() throws Exception {
        ObjectNode root = root(PUBLIC_GOOD);
        ObjectNode staging = root("trusted-roots/staging-from-conformance-rekor2-happy-path.json");
        ((ArrayNode) root.get("certificateAuthorities").get(1).get("certChain").get("certificates"))
                .add(staging.get("certificateAuthorities").get(0).get("certChain").get("certificates").get(0));

        assertThat(verifyJar(root).failures()).singleElement().isInstanceOfSatisfying(CertificateChainInvalid.class,
                failure -> assertThat(failure.detail()).contains("does not form one path"));
    }

    // --- several RFC 3161 timestamps: a threshold of verified times --------------------------------------------

    @Test
    void shouldAcceptARekorV2BundleWhenOneOfItsTimestampsVerifies() throws Exception {
        for (boolean otherFirst : new boolean[] {true, false}) {
            ObjectNode bundle = bundle(REKOR2 + "bundle.sigstore.json");
            ArrayNode timestamps = timestamps(bundle);
            if (otherFirst) {
                timestamps.insert(0, timestamps(bundle(OTHER_IMPRINT)).get(0));
            } else {
                timestamps.add(timestamps(bundle(OTHER_IMPRINT)).get(0));
            }

            assertThat(verifyA(bundle, REKOR2 + "trusted_root.json").failures()).as("other first: " + otherFirst)
                    .isEmpty();
        }
    }

    @Test
    void shouldRefuseARekorV2BundleWhenNoneOfItsTimestampsVerifies() throws Exception {
        ObjectNode bundle = bundle(REKOR2 + "bundle.sigstore.json");
        ArrayNode timestamps = timestamps(bundle);
        timestamps.removeAll();
        timestamps.add(timestamps(bundle(OTHER_IMPRINT)).get(0));
        timestamps.add(timestamps(bundle(OTHER_IMPRINT)).get(0));

        assertThat(verifyA(bundle, REKOR2 + "trusted_root.json").failures()).singleElement()
                .isInstanceOfSatisfying(TimestampInvalid.class,
                        failure -> assertThat(failure.actual()).contains("2 RFC 3161 timestamp(s) did not verify"));
    }

    @Test
    void shouldCountTheSignedIntegrationTimeTowardsTheThreshold() throws Exception {
        ObjectNode bundle = bundle("conformance/happy-path-v0.2/bundle.sigstore.json");
        ((ObjectNode) bundle.get("verificationMaterial")).putObject("timestampVerificationData")
                .set("rfc3161Timestamps", timestamps(bundle(OTHER_IMPRINT)));

        assertThat(verifyA(bundle, PUBLIC_GOOD).failures()).as("a staging token, no TSA of public-good").isEmpty();
    }

    @Test
    void shouldStillRefuseASignedEntryTimestampThatDoesNotVerifyWhenATimestampDoes() throws Exception {
        String dir = "conformance/intoto-with-custom-trust-root/";
        ObjectNode bundle = bundle(dir + "bundle.sigstore.json");
        ObjectNode promise = (ObjectNode) entry(bundle).get("inclusionPromise");
        byte[] set = Base64.getDecoder().decode(promise.get("signedEntryTimestamp").asText());
        set[set.length - 1] ^= 1;
        promise.put("signedEntryTimestamp", Base64.getEncoder().encodeToString(set));
        ArtifactRef artifact = new ArtifactRef("artifact", ArtifactDigester.digest(FIXTURES.resolve(dir + "artifact"),
                Digest.Algorithm.SHA256));

        VerificationResult result = verifier(root(dir + "trusted_root.json")).verify(artifact, bundle.toString(),
                IdentityPolicy.exact(BEACON, GITHUB_ISSUER), null, null);

        assertThat(result.failures()).singleElement().isInstanceOf(SetInvalid.class);
    }

    @Test
    void shouldRefuseMoreTimestampsThanTheClientsLimit() throws Exception {
        ObjectNode bundle = bundle(REKOR2 + "bundle.sigstore.json");
        ArrayNode timestamps = timestamps(bundle);
        while (timestamps.size() <= 32) {
            timestamps.add(timestamps.get(0));
        }

        assertThat(verifyA(bundle, REKOR2 + "trusted_root.json").failures()).singleElement()
                .isInstanceOf(UnsupportedBundle.class);
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private static VerificationResult verifyA(ObjectNode bundle, String root) throws Exception {
        ArtifactRef artifact = new ArtifactRef("a.txt", ArtifactDigester.digest(FIXTURES.resolve("conformance/a.txt"),
                Digest.Algorithm.SHA256));
        return verifier(root(root)).verify(artifact, bundle.toString(), IdentityPolicy.exact(BEACON, GITHUB_ISSUER),
                null, null);
    }

    private static VerificationResult verifyJar(ObjectNode root) throws Exception {
        ArtifactRef artifact = new ArtifactRef("sigstore-java-1.0.0.jar", ArtifactDigester.digest(
                FIXTURES.resolve(JAR), Digest.Algorithm.SHA256));
        return verifier(root).verify(artifact, Files.readString(FIXTURES.resolve(JAR + ".sigstore.json"),
                StandardCharsets.UTF_8), IdentityPolicy.exact(RELEASE, GITHUB_ISSUER), null, null);
    }

    private static ArtifactVerifier verifier(ObjectNode root) {
        return ArtifactVerifier.builder().trustedRoot(TrustedRoot.parse(root.toString(), "test-root")).build();
    }

    private static ObjectNode bundle(String path) throws Exception {
        return (ObjectNode) MAPPER.readTree(FIXTURES.resolve(path).toFile());
    }

    private static ObjectNode root(String path) throws Exception {
        return (ObjectNode) MAPPER.readTree(FIXTURES.resolve(path).toFile());
    }

    private static ObjectNode entry(ObjectNode bundle) {
        return (ObjectNode) bundle.get("verificationMaterial").get("tlogEntries").get(0);
    }

    private static ArrayNode timestamps(ObjectNode bundle) {
        return (ArrayNode) bundle.get("verificationMaterial").get("timestampVerificationData")
                .get("rfc3161Timestamps");
    }

    private static List<X509Certificate> chain(ObjectNode root, int authority) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        for (var certificate : root.get("certificateAuthorities").get(authority).get("certChain")
                .get("certificates")) {
            chain.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(certificate.get("rawBytes").asText()))));
        }
        return chain;
    }
}
