package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Signature checks for the key types Sigstore uses (ECDSA P-256/384/521, RSA PKCS#1 v1.5, Ed25519), with one ECDSA
 * backend chosen when a trusted root is loaded. ECDSA is most of a warm verification (five per keyless bundle), so
 * EC keys go to native code where the optional module promotion-gates-crypto-native is on the class path and its
 * library loads ({@link NativeEcdsa}: Amazon Corretto Crypto Provider, AWS-LC, linux-x86_64), else to BouncyCastle,
 * whose fixed-curve Java arithmetic is still several times faster than the JDK 17 provider; a process that verifies
 * once uses the JDK's own provider, which costs nothing to set up. The first two are provider instances, never
 * registered globally. RSA and Ed25519 use the JDK. Immutable and thread-safe.
 */
final class Signatures {
    /** DER DigestInfo prefixes (RFC 8017 §9.2) so that RSA can verify a signature over a precomputed digest. */
    private static final byte[] SHA256_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
    private static final byte[] SHA384_INFO = HexFormat.of().parseHex("3041300d060960864801650304020205000430");
    private static final byte[] SHA512_INFO = HexFormat.of().parseHex("3051300d060960864801650304020305000440");

    /** Known answer for {@link #selfTest()}: a P-256 key and its SHA256withECDSA signature over SELF_TEST_MESSAGE. */
    private static final byte[] SELF_TEST_KEY = HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107"
            + "034200047780e1ecd32094e749fc4f0b7fa5fb563620e42a030e95017775ff38f17d3836e7737dd1b1b72bbc846796abf3ac0c"
            + "c63b0913861e09414ba8f06e7137431c69");
    private static final byte[] SELF_TEST_SIGNATURE = HexFormat.of().parseHex("3045022100f7dd5151ca7dd25e9b24bc8723"
            + "97c6119002031b0509a27d2863c877dcf6ce130220457cc97b17683ce3edabe52ec7c4f6509f23aa3f9554da8897d63ff2db8f7"
            + "71f");
    private static final String SELF_TEST_MESSAGE = "promotion-gates ECDSA self-test";


    private final Provider ecdsa;

    /** ECDSA by this provider as it is; {@link #load} checks a provider first. */
    Signatures(Provider ecdsa) {
        this.ecdsa = ecdsa;
    }

    /** Native ECDSA when its module is present and its library loads on this platform, else BouncyCastle. */
    static Signatures preferred() {
        return nativeCode().orElseGet(Signatures::java);
    }

    /** BouncyCastle for ECDSA: pure Java, every platform. */
    static Signatures java() {
        return BouncyCastleHolder.JAVA;
    }

    /**
     * The JDK's own ECDSA (SunEC, falling back to BouncyCastle on a JDK without it): slower once warm, but nothing to
     * construct; BouncyCastle's provider registers all its algorithms when created (≈ 55 ms in a cold process).
     */
    static Signatures jdk() {
        return JdkHolder.JDK;
    }

    /** Created on first use: a process that verifies once with the JDK never pays for it. */
    private static final class BouncyCastleHolder {
        static final Signatures JAVA = new Signatures(new BouncyCastleProvider());
    }

    private static final class JdkHolder {
        static final Signatures JDK = Optional.ofNullable(Security.getProvider("SunEC")).map(Signatures::new)
                .orElseGet(Signatures::java);
    }

    /** Native ECDSA, or empty where the module is missing or its library cannot load (another OS or architecture). */
    static Optional<Signatures> nativeCode() {
        return NativeHolder.NATIVE;
    }

    /** Loads the native provider once, on first use: loading extracts and links a shared library. */
    private static final class NativeHolder {
        static final Optional<Signatures> NATIVE = load(Signatures::nativeModule);
    }

    /** The first native ECDSA module's provider; throws where there is none or it cannot load. */
    private static Provider nativeModule() {
        // The engine's own class loader: in Jenkins the thread's context class loader is not the plugin's.
        return ServiceLoader.load(NativeEcdsa.class, NativeEcdsa.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no native ECDSA module on the class path"))
                .provider();
    }

    /**
     * A backend on this provider if it can be created and passes {@link #selfTest()}, else empty: a missing module or
     * jar, a library for another platform or a provider that misbehaves leaves ECDSA to BouncyCastle.
     */
    static Optional<Signatures> load(Supplier<? extends Provider> provider) {
        try {
            Signatures candidate = new Signatures(provider.get());
            return candidate.selfTest() ? Optional.of(candidate) : Optional.empty();
        } catch (LinkageError | ServiceConfigurationError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The ECDSA provider's name, for diagnostics and tests. */
    String ecdsaProvider() {
        return ecdsa.getName();
    }

    /**
     * The key in the provider's own form, for keys used again and again (log, CT and CA keys): parsed once into
     * native form, or for BouncyCastle with its precomputed multiples of the key's point kept between verifications.
     * Through the X.509 encoding, because providers do not translate each other's key classes (SunEC refuses a
     * BouncyCastle key, whose algorithm is "ECDSA"), and the named curve spares BouncyCastle a primality check of
     * the field that explicit JDK parameters cost.
     */
    PublicKey prepare(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC", ecdsa).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return key; // still verifiable, only converted again on each use
        }
    }

    /**
     * Verifies {@code signature} over {@code data} with {@code algorithm} (a JCA name such as SHA384withECDSA). A
     * provider that fails in an unexpected way yields a {@link SignatureException}: never a pass.
     */
    boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
        return verify(algorithm, key, null, data, signature);
    }

    /** Verifies a signature over a message (DSSE PAE, checkpoint note, SET). */
    boolean verifyMessage(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        return verify(messageAlgorithm(key), key, message, signature);
    }

    /** Verifies a signature made over the artifact's digest (hashedrekord), without the artifact's bytes. */
    boolean verifyDigest(PublicKey key, Digest digest, byte[] signature) throws GeneralSecurityException {
        byte[] hash = HexFormat.of().parseHex(digest.hex());
        if (key instanceof ECPublicKey) {
            return verify("NONEwithECDSA", key, null, hash, signature);
        }
        if (key instanceof RSAPublicKey) {
            return verify("NONEwithRSA", key, switch (digest.algorithm()) {
                case SHA256 -> SHA256_INFO;
                case SHA384 -> SHA384_INFO;
                case SHA512 -> SHA512_INFO;
            }, hash, signature);
        }
        throw new SignatureException(key.getAlgorithm() + " signs the artifact itself, not its digest: "
                + "a hashedrekord over a digest cannot be verified with this key type");
    }

    private boolean verify(String algorithm, PublicKey key, @CheckForNull byte[] prefix, byte[] data,
            byte[] signature) throws GeneralSecurityException {
        Signature verifier = key instanceof ECPublicKey ? Signature.getInstance(algorithm, ecdsa)
                : Signature.getInstance(algorithm);
        try {
            verifier.initVerify(key);
            if (prefix != null) {
                verifier.update(prefix);
            }
            verifier.update(data);
            return verifier.verify(signature);
        } catch (RuntimeException e) {
            throw new SignatureException(verifier.getProvider().getName() + " failed: " + e, e);
        }
    }

    /**
     * A known-answer check before the native backend is trusted: a valid P-256 signature verifies and the same
     * signature over other data does not. A library that loads but misbehaves is never used.
     */
    private boolean selfTest() {
        try {
            PublicKey key = prepare(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(SELF_TEST_KEY)));
            byte[] message = SELF_TEST_MESSAGE.getBytes(StandardCharsets.US_ASCII);
            byte[] other = (SELF_TEST_MESSAGE + "!").getBytes(StandardCharsets.US_ASCII);
            return verify("SHA256withECDSA", key, message, SELF_TEST_SIGNATURE)
                    && !verify("SHA256withECDSA", key, other, SELF_TEST_SIGNATURE);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String messageAlgorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        return "Ed25519";
    }

    @Override
    public String toString() {
        return "Signatures[ECDSA by " + ecdsa.getName() + "]";
    }
}
