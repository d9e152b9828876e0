package io.jenkins.plugins.promotiongates.engine.verification;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SetInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SignatureInvalid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.BEACON;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native ECDSA backend, the BouncyCastle fallback and the JDK's provider (the CLI's one-shot verify) give the same
 * outcome, cause for cause, on the whole corpus and on every mutation of the malformed-bundle test; the native backend is used where its library loads, and a
 * provider that cannot load or misbehaves is never used.
 */
class SignatureBackendsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RELEASE = "maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar";
    private static final String RELEASE_IDENTITY = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";
    private static final Map<String, ArtifactVerifier> VERIFIERS = new ConcurrentHashMap<>();

    /**
     * The native backend, built here from the provider's jar (test scope) as the crypto-native module's CorrettoEcdsa
     * builds it: the engine itself has no native module. Tests comparing with it are skipped where it does not load.
     */
    private static Signatures nativeBackend() {
        Signatures backend = Signatures.load(SignatureBackendsTest::corretto).orElse(null);
        assumeTrue(backend != null, "no native ECDSA on " + System.getProperty("os.name") + "/"
                + System.getProperty("os.arch"));
        return backend;
    }

    private static Provider corretto() {
        AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
        if (provider.getLoadingError() != null) {
            throw new IllegalStateException("native library not loaded", provider.getLoadingError());
        }
        return provider;
    }

    @Test
    void shouldKeepBouncyCastleWithoutANativeModule() {
        // the provider's jar is on this class path, but no NativeEcdsa module (crypto-native tests the module)
        assertThat(Signatures.nativeCode()).isEmpty();
        assertThat(Signatures.preferred().ecdsaProvider()).isEqualTo("BC");
        assertThat(Signatures.java().ecdsaProvider()).isEqualTo("BC");
        assertThat(Signatures.jdk().ecdsaProvider()).isEqualTo("SunEC");
    }

    @Test
    void shouldPrepareATrustedRootForTheBackendAskedFor() throws IOException {
        Path file = FIXTURES.resolve("trusted-roots/public-good.json");

        assertThat(TrustedRoot.load(file).signatures().ecdsaProvider()).isEqualTo("BC");
        assertThat(TrustedRoot.load(file, EcdsaBackend.NATIVE_IF_AVAILABLE).signatures().ecdsaProvider())
                .isEqualTo("BC");
        assertThat(TrustedRoot.load(file, EcdsaBackend.JAVA).signatures().ecdsaProvider()).isEqualTo("BC");
        assertThat(TrustedRoot.load(file, EcdsaBackend.JDK).signatures().ecdsaProvider()).isEqualTo("SunEC");
    }

    static Stream<CorpusTest.Row> rows() throws IOException {
        return CorpusTest.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldGiveTheSameOutcomeWithEveryBackendForEveryManifestRow(CorpusTest.Row row) throws IOException {
        Path artifact = FIXTURES.resolve(row.artifact());
        String bundle = Files.readString(FIXTURES.resolve(row.bundle()), StandardCharsets.UTF_8);
        Digest digest = ArtifactDigester.digest(artifact, ArtifactVerifier.digestAlgorithmFor(bundle));
        Path caseDir = FIXTURES.resolve(row.casePath());
        ProvenanceExpectations expectations = CorpusTest.expectations(Files.isDirectory(caseDir) ? caseDir
                : caseDir.getParent());
        IdentityPolicy identity = IdentityPolicy.exact(row.identity(), row.issuer());
        ArtifactRef ref = new ArtifactRef(artifact.getFileName().toString(), digest);

        VerificationResult java = verifier(row.trustedRoot(), Signatures.java()).verify(ref, bundle, identity, null,
                expectations);
        VerificationResult jdk = verifier(row.trustedRoot(), Signatures.jdk()).verify(ref, bundle, identity, null,
                expectations);
        assertThat(jdk.verified()).as("%s: %s", row, jdk.failures()).isEqualTo(row.expected().equals("pass"));
        assertSameOutcome(jdk, java);
        VerificationResult fast = verifier(row.trustedRoot(), nativeBackend()).verify(ref, bundle, identity, null,
                expectations);

        assertThat(fast.verified()).as("%s: %s", row, fast.failures()).isEqualTo(row.expected().equals("pass"));
        assertSameOutcome(fast, java);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jenkins.plugins.promotiongates.engine.verification.MalformedBundleTest#mutations")
    void shouldGiveTheSameOutcomeWithEveryBackendForEveryMutation(MalformedBundleTest.Mutation mutation)
            throws IOException {
        JsonNode root = MAPPER.readTree(FIXTURES.resolve(mutation.bundle()).toFile());
        MalformedBundleTest.apply(root, mutation);
        ArtifactRef artifact = new ArtifactRef("a.txt", ArtifactDigester.digest(FIXTURES.resolve("conformance/a.txt"),
                Digest.Algorithm.SHA256));
        IdentityPolicy identity = IdentityPolicy.exact(BEACON, GITHUB_ISSUER);

        VerificationResult java = verifier("trusted-roots/public-good.json", Signatures.java()).verify(artifact,
                root.toString(), identity, null, null);
        assertSameOutcome(verifier("trusted-roots/public-good.json", Signatures.jdk()).verify(artifact,
                root.toString(), identity, null, null), java);
        VerificationResult fast = verifier("trusted-roots/public-good.json", nativeBackend()).verify(artifact,
                root.toString(), identity, null, null);

        assertSameOutcome(fast, java);
    }

    @Test
    void shouldDenyATamperedArtifactSignatureWithEveryBackend() throws IOException {
        ObjectNode bundle = release();
        ObjectNode message = (ObjectNode) bundle.get("messageSignature");
        message.put("signature", flipLastByte(message.get("signature").asText()));

        for (Signatures backend : List.of(Signatures.java(), Signatures.jdk(), nativeBackend())) {
            VerificationResult result = verifyRelease(bundle, backend);
            assertThat(result.verified()).as(backend.toString()).isFalse();
            assertThat(result.failures()).as(backend.toString()).hasAtLeastOneElementOfType(SignatureInvalid.class);
        }
    }

    @Test
    void shouldDenyATamperedSignedEntryTimestampWithEveryBackend() throws IOException {
        ObjectNode bundle = release();
        ObjectNode promise = (ObjectNode) bundle.at("/verificationMaterial/tlogEntries/0/inclusionPromise");
        promise.put("signedEntryTimestamp", flipLastByte(promise.get("signedEntryTimestamp").asText()));

        for (Signatures backend : List.of(Signatures.java(), Signatures.jdk(), nativeBackend())) {
            VerificationResult result = verifyRelease(bundle, backend);
            assertThat(result.verified()).as(backend.toString()).isFalse();
            assertThat(result.failures()).as(backend.toString()).hasAtLeastOneElementOfType(SetInvalid.class);
        }
    }

    @Test
    void shouldVerifyTheReleaseBundleWithEveryBackend() throws IOException {
        for (Signatures backend : List.of(Signatures.java(), Signatures.jdk(), nativeBackend())) {
            VerificationResult result = verifyRelease(release(), backend);
            assertThat(result.failures()).as(backend.toString()).isEmpty();
            assertThat(result.verified()).isTrue();
        }
    }

    @Test
    void shouldVerifyConcurrentlyWithTheSharedNativeKeys() throws Exception {
        String bundle = release().toString();
        Digest digest = ArtifactDigester.digest(FIXTURES.resolve(RELEASE), Digest.Algorithm.SHA256);
        ArtifactVerifier verifier = verifier("trusted-roots/public-good.json", nativeBackend());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> verifier.verify(new ArtifactRef("sigstore-java-1.0.0.jar", digest),
                        bundle, IdentityPolicy.exact(RELEASE_IDENTITY, GITHUB_ISSUER), null, null).verified()));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNotUseAProviderThatCannotLoad() {
        assertThat(Signatures.load(() -> {
            throw new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider in java.library.path");
        })).isEmpty();
        assertThat(Signatures.load(() -> {
            throw new IllegalStateException("native library not loaded");
        })).isEmpty();
    }

    @Test
    void shouldNotUseAProviderThatAcceptsAnySignatureOrCrashes() {
        assertThat(Signatures.load(() -> new SingleSignatureProvider(AcceptingSpi.class))).isEmpty();
        assertThat(Signatures.load(() -> new SingleSignatureProvider(CrashingSpi.class))).isEmpty();
    }

    @Test
    void shouldTurnAProviderCrashIntoASignatureException() throws GeneralSecurityException {
        Signatures crashing = new Signatures(new SingleSignatureProvider(CrashingSpi.class));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey key = generator.generateKeyPair().getPublic();

        assertThatThrownBy(() -> crashing.verifyMessage(key, new byte[] {1}, new byte[] {2}))
                .isInstanceOf(SignatureException.class).hasMessageContaining("crashed");
    }

    private static ObjectNode release() throws IOException {
        return (ObjectNode) MAPPER.readTree(FIXTURES.resolve(RELEASE + ".sigstore.json").toFile());
    }

    private static VerificationResult verifyRelease(JsonNode bundle, Signatures backend) throws IOException {
        Digest digest = ArtifactDigester.digest(FIXTURES.resolve(RELEASE), Digest.Algorithm.SHA256);
        return verifier("trusted-roots/public-good.json", backend).verify(new ArtifactRef("sigstore-java-1.0.0.jar",
                digest), bundle.toString(), IdentityPolicy.exact(RELEASE_IDENTITY, GITHUB_ISSUER), null, null);
    }

    private static String flipLastByte(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[bytes.length - 1] ^= 1;
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ArtifactVerifier verifier(String trustedRoot, Signatures backend) {
        return VERIFIERS.computeIfAbsent(trustedRoot + " " + backend.ecdsaProvider(), key -> {
            try {
                return ArtifactVerifier.builder().trustedRoot(TrustedRoot.parse(Files.readString(
                        FIXTURES.resolve(trustedRoot), StandardCharsets.UTF_8), trustedRoot, backend)).build();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Same verdict and the same causes in the same order (messages may quote the provider). */
    private static void assertSameOutcome(VerificationResult fast, VerificationResult java) {
        assertThat(fast.verified()).as("other %s vs BouncyCastle %s", fast.failures(), java.failures())
                .isEqualTo(java.verified());
        assertThat(fast.failures().stream().map(f -> f.getClass().getSimpleName() + " " + f.reasonCode()).toList())
                .as("other %s vs BouncyCastle %s", fast.failures(), java.failures())
                .isEqualTo(java.failures().stream().map(f -> f.getClass().getSimpleName() + " " + f.reasonCode())
                        .toList());
        assertThat(fast.identity()).isEqualTo(java.identity());
        assertThat(fast.integratedTime()).isEqualTo(java.integratedTime());
    }

    /** A provider with one ECDSA signature implementation, for the misbehaving cases. */
    private static final class SingleSignatureProvider extends Provider {
        private static final long serialVersionUID = 1L;

        SingleSignatureProvider(Class<? extends SignatureSpi> spi) {
            super("Test" + spi.getSimpleName(), "1", "test");
            put("Signature.SHA256withECDSA", spi.getName());
        }
    }

    /** A signature implementation that ignores its input; subclasses decide the verdict. */
    private abstract static class IgnoringSpi extends SignatureSpi {
        @Override
        protected void engineInitVerify(PublicKey publicKey) {
        }

        @Override
        protected void engineInitSign(java.security.PrivateKey privateKey) {
        }

        @Override
        protected void engineUpdate(byte b) {
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
        }

        @Override
        protected byte[] engineSign() {
            return new byte[0];
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
        }

        @Override
        @Deprecated
        @SuppressWarnings("InlineMeSuggester") // overrides the JDK's deprecated SPI method, which nothing calls
        protected Object engineGetParameter(String param) {
            return null;
        }
    }

    /** Says yes to everything. */
    public static final class AcceptingSpi extends IgnoringSpi {
        @Override
        protected boolean engineVerify(byte[] sigBytes) {
            return true;
        }
    }

    /** Fails with an unchecked exception, as a native binding might. */
    public static final class CrashingSpi extends IgnoringSpi {
        @Override
        protected boolean engineVerify(byte[] sigBytes) {
            throw new IllegalStateException("crashed");
        }
    }
}
