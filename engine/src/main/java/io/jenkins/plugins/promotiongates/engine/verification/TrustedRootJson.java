package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.trustroot.CertificateAuthority;
import dev.sigstore.trustroot.ImmutableCertificateAuthority;
import dev.sigstore.trustroot.ImmutableLogId;
import dev.sigstore.trustroot.ImmutablePublicKey;
import dev.sigstore.trustroot.ImmutableSigstoreTrustedRoot;
import dev.sigstore.trustroot.ImmutableSubject;
import dev.sigstore.trustroot.ImmutableTransparencyLog;
import dev.sigstore.trustroot.ImmutableValidFor;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import dev.sigstore.trustroot.ValidFor;
import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code trusted_root.json} in the form Sigstore's tooling writes it straight into sigstore-java's trust
 * types, without the library's protobuf JSON parser: its descriptors and reflection are a fifth of a cold CLI
 * {@code verify}. Anything outside that form (another field, a field under its proto name, a null where the
 * tooling never writes one, a number, an enum value by number, unusual base64 or timestamps, a duplicate key,
 * anything after the object) makes {@link #read} return null, and the caller parses with the library as before.
 * So whatever is read here is read exactly as the library would read it, and every error message is the library's.
 *
 * <p>Keys: ECDSA P-256 and Ed25519 keys are built by the same BouncyCastle key factories sigstore-java's
 * {@code Keys} uses, called directly, because loading {@code Keys} registers a new BouncyCastle provider JVM-wide,
 * which instantiates every algorithm it has; other key types go to the library.
 */
final class TrustedRootJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
    /** RFC 3339 in UTC as the tooling writes it; years, hours and seconds in the range both parsers agree on. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[1-9]\\d{3}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?Z");
    /** The names of dev.sigstore.common.v1.HashAlgorithm and PublicKeyDetails (a test checks them). */
    static final Set<String> HASH_ALGORITHMS = Set.of("HASH_ALGORITHM_UNSPECIFIED", "SHA2_256", "SHA2_384",
            "SHA2_512", "SHA3_256", "SHA3_384");
    static final Set<String> KEY_DETAILS = Set.of("PUBLIC_KEY_DETAILS_UNSPECIFIED", "PKCS1_RSA_PKCS1V5",
            "PKCS1_RSA_PSS", "PKIX_RSA_PKCS1V5", "PKIX_RSA_PSS", "PKIX_RSA_PKCS1V15_2048_SHA256",
            "PKIX_RSA_PKCS1V15_3072_SHA256", "PKIX_RSA_PKCS1V15_4096_SHA256", "PKIX_RSA_PSS_2048_SHA256",
            "PKIX_RSA_PSS_3072_SHA256", "PKIX_RSA_PSS_4096_SHA256", "PKIX_ECDSA_P256_HMAC_SHA_256",
            "PKIX_ECDSA_P256_SHA_256", "PKIX_ECDSA_P384_SHA_384", "PKIX_ECDSA_P521_SHA_512", "PKIX_ED25519",
            "PKIX_ED25519_PH", "PKIX_ECDSA_P384_SHA_256", "PKIX_ECDSA_P521_SHA_256", "LMS_SHA256", "LMOTS_SHA256",
            "ML_DSA_65", "ML_DSA_87");
    private static final Object NULL = new Object();

    private TrustedRootJson() {
    }

    /** The trusted root, or null when the JSON is not in the usual form (then the library must parse it). */
    @CheckForNull
    static SigstoreTrustedRoot read(String json) {
        try {
            Map<String, Object> root = object(tree(json));
            fields(root, Set.of("mediaType", "tlogs", "certificateAuthorities", "ctlogs", "timestampAuthorities"));
            Object mediaType = root.getOrDefault("mediaType", "");
            if (!"".equals(mediaType) && !MEDIA_TYPE.equals(mediaType)) {
                return null; // the library's error
            }
            ImmutableSigstoreTrustedRoot.Builder builder = ImmutableSigstoreTrustedRoot.builder();
            for (Object log : array(root.getOrDefault("tlogs", List.of()))) {
                builder.addTLogs(log(object(log)));
            }
            for (Object ca : array(root.getOrDefault("certificateAuthorities", List.of()))) {
                builder.addCAs(authority(object(ca)));
            }
            for (Object log : array(root.getOrDefault("ctlogs", List.of()))) {
                builder.addCTLogs(log(object(log)));
            }
            for (Object tsa : array(root.getOrDefault("timestampAuthorities", List.of()))) {
                builder.addTSAs(authority(object(tsa)));
            }
            return builder.build();
        } catch (Unusual | IOException | CertificateException | RuntimeException e) {
            return null;
        }
    }

    private static TransparencyLog log(Map<String, Object> log) throws Unusual {
        fields(log, Set.of("baseUrl", "hashAlgorithm", "publicKey", "logId", "checkpointKeyId", "operator"));
        optionalString(log, "operator");
        Object checkpointKeyId = log.get("checkpointKeyId");
        if (checkpointKeyId != null && checkpointKeyId != NULL) {
            logId(object(checkpointKeyId));
        }
        Map<String, Object> key = object(required(log, "publicKey"));
        fields(key, Set.of("rawBytes", "keyDetails", "validFor"));
        String details = string(required(key, "keyDetails"));
        String algorithm = string(required(log, "hashAlgorithm"));
        if (!KEY_DETAILS.contains(details) || !HASH_ALGORITHMS.contains(algorithm)) {
            throw new Unusual();
        }
        return ImmutableTransparencyLog.builder()
                .baseUrl(URI.create(string(required(log, "baseUrl"))))
                .hashAlgorithm(algorithm)
                .logId(ImmutableLogId.builder().keyId(logId(object(required(log, "logId")))).build())
                .publicKey(new LogKey(bytes(required(key, "rawBytes")), details,
                        validFor(object(required(key, "validFor")))))
                .build();
    }

    private static byte[] logId(Map<String, Object> logId) throws Unusual {
        fields(logId, Set.of("keyId"));
        return bytes(required(logId, "keyId"));
    }

    private static CertificateAuthority authority(Map<String, Object> ca) throws Unusual, CertificateException {
        fields(ca, Set.of("subject", "uri", "certChain", "validFor", "operator"));
        optionalString(ca, "operator");
        Map<String, Object> subject = object(required(ca, "subject"));
        fields(subject, Set.of("organization", "commonName"));
        Map<String, Object> chain = object(required(ca, "certChain"));
        fields(chain, Set.of("certificates"));
        List<byte[]> certificates = new ArrayList<>();
        for (Object certificate : array(required(chain, "certificates"))) {
            Map<String, Object> der = object(certificate);
            fields(der, Set.of("rawBytes"));
            certificates.add(bytes(required(der, "rawBytes")));
        }
        if (certificates.isEmpty()) {
            throw new Unusual();
        }
        return ImmutableCertificateAuthority.builder()
                .certPath(Certificates.fromDer(certificates))
                .validFor(validFor(object(required(ca, "validFor"))))
                .uri(URI.create(string(required(ca, "uri"))))
                .subject(ImmutableSubject.builder().commonName(string(required(subject, "commonName")))
                        .organization(string(required(subject, "organization"))).build())
                .build();
    }

    private static ValidFor validFor(Map<String, Object> range) throws Unusual {
        fields(range, Set.of("start", "end"));
        Object end = range.get("end");
        return ImmutableValidFor.builder().start(instant(required(range, "start")))
                .end(end == null || end == NULL ? Optional.empty() : Optional.of(instant(end))).build();
    }

    private static Instant instant(Object value) throws Unusual {
        String text = string(value);
        if (!TIMESTAMP.matcher(text).matches()) {
            throw new Unusual();
        }
        return Instant.parse(text); // an impossible date throws, and the library reports it
    }

    /** Standard base64 with padding: what both the library's decoders read the same way. */
    private static byte[] bytes(Object value) throws Unusual {
        String text = string(value);
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        if (text.isEmpty() || text.length() % 4 != 0) {
            throw new Unusual();
        }
        for (int i = 0; i < text.length() - padding; i++) {
            char c = text.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/')) {
                throw new Unusual();
            }
        }
        return Base64.getDecoder().decode(text);
    }

    private static void optionalString(Map<String, Object> object, String name) throws Unusual {
        Object value = object.get(name);
        if (value != null && value != NULL) {
            string(value);
        }
    }

    private static Object required(Map<String, Object> object, String name) throws Unusual {
        Object value = object.get(name);
        if (value == null || value == NULL) {
            throw new Unusual();
        }
        return value;
    }

    private static void fields(Map<String, Object> object, Set<String> known) throws Unusual {
        if (!known.containsAll(object.keySet())) {
            throw new Unusual();
        }
    }

    private static String string(Object value) throws Unusual {
        if (value instanceof String text) {
            return text;
        }
        throw new Unusual();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) throws Unusual {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new Unusual();
    }

    private static List<?> array(Object value) throws Unusual {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new Unusual();
    }

    /** The JSON as maps, lists, strings and {@link #NULL}; numbers, booleans and duplicate keys are unusual here. */
    private static Object tree(String json) throws IOException, Unusual {
        try (JsonParser parser = JSON.createParser(json)) {
            Object value = value(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new Unusual();
            }
            return value;
        }
    }

    private static Object value(JsonParser parser, @CheckForNull JsonToken token) throws IOException, Unusual {
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> object = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (object.put(name, value(parser, parser.nextToken())) != null) {
                    throw new Unusual();
                }
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> array = new ArrayList<>();
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                array.add(value(parser, next));
            }
            return array;
        }
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return NULL;
        }
        throw new Unusual();
    }

    /** Outside the usual form: the library parses the file. */
    private static final class Unusual extends Exception {
        private static final long serialVersionUID = 1L;

        Unusual() {
            super(null, null, false, false);
        }
    }

    /**
     * A log's key, read by BouncyCastle's ECDSA and Ed25519 key factories (those sigstore-java's {@code Keys} asks
     * the registered provider for) without a provider; any other type by the library.
     */
    static final class LogKey extends dev.sigstore.trustroot.PublicKey {
        private final byte[] rawBytes;
        private final String keyDetails;
        private final ValidFor validFor;

        LogKey(byte[] rawBytes, String keyDetails, ValidFor validFor) {
            this.rawBytes = rawBytes.clone();
            this.keyDetails = keyDetails;
            this.validFor = validFor;
        }

        @Override
        public byte[] getRawBytes() {
            return rawBytes.clone();
        }

        @Override
        public String getKeyDetails() {
            return keyDetails;
        }

        @Override
        public ValidFor getValidFor() {
            return validFor;
        }

        @Override
        public PublicKey toJavaPublicKey() throws java.security.NoSuchAlgorithmException, InvalidKeySpecException {
            try {
                return switch (keyDetails) {
                    case "PKIX_ECDSA_P256_SHA_256" -> new EcdsaKeys().parse(rawBytes);
                    case "PKIX_ED25519" -> new Ed25519Keys().parse(rawBytes);
                    default -> ImmutablePublicKey.builder().rawBytes(rawBytes).keyDetails(keyDetails)
                            .validFor(validFor).build().toJavaPublicKey();
                };
            } catch (ArrayIndexOutOfBoundsException e) { // as Keys.parse
                throw new InvalidKeySpecException(e);
            }
        }
    }

    /** {@code KeyFactory.getInstance("ECDSA", "BC")}'s implementation. */
    @SuppressWarnings("unchecked") // BouncyCastle's KeyFactorySpi overrides the generic engineGetKeySpec raw
    private static final class EcdsaKeys extends org.bouncycastle.jcajce.provider.asymmetric.ec.KeyFactorySpi.ECDSA {
        PublicKey parse(byte[] der) throws InvalidKeySpecException {
            return engineGeneratePublic(new X509EncodedKeySpec(der));
        }
    }

    /** {@code KeyFactory.getInstance("Ed25519", "BC")}'s implementation. */
    @SuppressWarnings("unchecked") // as above
    private static final class Ed25519Keys
            extends org.bouncycastle.jcajce.provider.asymmetric.edec.KeyFactorySpi.Ed25519 {
        PublicKey parse(byte[] der) throws InvalidKeySpecException {
            return engineGeneratePublic(new X509EncodedKeySpec(der));
        }
    }
}
