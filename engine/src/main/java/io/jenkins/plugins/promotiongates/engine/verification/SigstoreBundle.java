package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Sigstore bundle (v0.1 to v0.3) read from its protobuf-JSON form. Parsed here rather than with the library's
 * reader because that reader refuses public-key bundles and entries without inclusion proof, which this verifier
 * must report with their own precise cause.
 */
// Parsed values (and the nested records below): their byte arrays are read, never compared or hashed as a whole.
@SuppressWarnings("ArrayRecordComponent")
record SigstoreBundle(String mediaType, String version, @CheckForNull MessageSignature messageSignature,
        @CheckForNull Dsse dsse, List<X509Certificate> certificates, boolean publicKeyHint,
        List<TlogEntry> tlogEntries, List<byte[]> rfc3161Timestamps) {

    static final Map<String, String> MEDIA_TYPES = Map.of(
            "application/vnd.dev.sigstore.bundle+json;version=0.1", "0.1",
            "application/vnd.dev.sigstore.bundle+json;version=0.2", "0.2",
            "application/vnd.dev.sigstore.bundle+json;version=0.3", "0.3",
            "application/vnd.dev.sigstore.bundle.v0.3+json", "0.3");

    /** The signed content when the bundle signs an artifact digest. */
    record MessageSignature(@CheckForNull String digestAlgorithm, @CheckForNull byte[] digest, byte[] signature) {
    }

    /** The signed content when the bundle carries a DSSE envelope. */
    record Dsse(String payloadType, byte[] payload, List<byte[]> signatures) {
        /** DSSE pre-authentication encoding: what the signature covers. */
        byte[] pae() {
            byte[] type = payloadType.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String header = "DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ";
            byte[] head = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] pae = new byte[head.length + payload.length];
            System.arraycopy(head, 0, pae, 0, head.length);
            System.arraycopy(payload, 0, pae, head.length, payload.length);
            return pae;
        }
    }

    /** One transparency log entry with its proofs. */
    record TlogEntry(long logIndex, byte[] logId, String kind, String kindVersion, long integratedTime,
            @CheckForNull byte[] signedEntryTimestamp, @CheckForNull InclusionProof inclusionProof,
            byte[] canonicalizedBody) {
    }

    /** Merkle inclusion proof and the checkpoint it is anchored to. */
    record InclusionProof(long logIndex, byte[] rootHash, long treeSize, List<byte[]> hashes,
            @CheckForNull String checkpoint) {
    }

    /** Thrown for JSON that is not a bundle this verifier supports; the message says expected vs actual. */
    static final class UnsupportedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String expected;
        private final String actual;

        UnsupportedException(String expected, String actual) {
            super("expected " + expected + ", actual " + actual);
            this.expected = expected;
            this.actual = actual;
        }

        VerificationFailure.UnsupportedBundle failure() {
            return new VerificationFailure.UnsupportedBundle(expected, actual);
        }
    }

    static SigstoreBundle parse(String json) throws UnsupportedException {
        JsonNode root;
        try {
            root = JsonTrees.read(json.strip());
        } catch (JsonProcessingException e) {
            throw new UnsupportedException("a Sigstore bundle (JSON)", "unparsable JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UnsupportedException("a Sigstore bundle (JSON object)", "not a JSON object");
        }
        requireEachFieldOnce(root);
        String mediaType = text(root, "mediaType", "media_type");
        if (mediaType == null) {
            String actual = root.has("payloadType") ? "a bare DSSE envelope (no verification material)"
                    : root.has("Payload") || root.has("rekorBundle") ? "a legacy cosign bundle" : "no mediaType";
            throw new UnsupportedException("a Sigstore bundle with mediaType " + MEDIA_TYPES.keySet(), actual);
        }
        String version = MEDIA_TYPES.get(mediaType);
        if (version == null) {
            throw new UnsupportedException("bundle mediaType one of " + MEDIA_TYPES.keySet(), mediaType);
        }
        JsonNode material = field(root, "verificationMaterial", "verification_material");
        if (material == null) {
            throw new UnsupportedException("verificationMaterial", "absent");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        JsonNode certificate = field(material, "certificate");
        JsonNode chain = field(material, "x509CertificateChain", "x509_certificate_chain");
        if (certificate != null) {
            certificates.add(certificate(certificate));
        } else if (chain != null) {
            JsonNode list = field(chain, "certificates");
            if (list != null) {
                for (JsonNode node : list) {
                    certificates.add(certificate(node));
                }
            }
        }
        boolean publicKeyHint = field(material, "publicKey", "public_key") != null;
        List<TlogEntry> entries = new ArrayList<>();
        JsonNode tlogEntries = field(material, "tlogEntries", "tlog_entries");
        if (tlogEntries != null) {
            for (JsonNode node : tlogEntries) {
                entries.add(tlogEntry(node));
            }
        }
        List<byte[]> timestamps = new ArrayList<>();
        JsonNode tsData = field(material, "timestampVerificationData", "timestamp_verification_data");
        JsonNode rfc3161 = tsData == null ? null : field(tsData, "rfc3161Timestamps", "rfc3161_timestamps");
        if (rfc3161 != null) {
            for (JsonNode node : rfc3161) {
                timestamps.add(bytes(node, "signedTimestamp", "signed_timestamp"));
            }
        }
        MessageSignature messageSignature = null;
        Dsse dsse = null;
        JsonNode message = field(root, "messageSignature", "message_signature");
        JsonNode envelope = field(root, "dsseEnvelope", "dsse_envelope");
        if (message != null && envelope != null) {
            throw new UnsupportedException("either messageSignature or dsseEnvelope", "both");
        }
        if (message != null) {
            JsonNode digest = field(message, "messageDigest", "message_digest");
            messageSignature = new MessageSignature(digest == null ? null : text(digest, "algorithm"),
                    digest == null ? null : bytes(digest, "digest"), bytes(message, "signature"));
        } else if (envelope != null) {
            List<byte[]> signatures = new ArrayList<>();
            JsonNode sigs = field(envelope, "signatures");
            if (sigs != null) {
                for (JsonNode sig : sigs) {
                    signatures.add(bytes(sig, "sig"));
                }
            }
            String payloadType = text(envelope, "payloadType", "payload_type");
            dsse = new Dsse(payloadType == null ? "" : payloadType, bytes(envelope, "payload"), signatures);
        }
        return new SigstoreBundle(mediaType, version, messageSignature, dsse, List.copyOf(certificates),
                publicKeyHint, List.copyOf(entries), List.copyOf(timestamps));
    }

    /**
     * Protobuf JSON reads a field under its JSON name ({@code mediaType}) or its proto name ({@code media_type});
     * an object with both says two things about one field, like a duplicate key, and is refused.
     */
    private static void requireEachFieldOnce(JsonNode node) throws UnsupportedException {
        if (node.isObject()) {
            for (var names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String jsonName = jsonName(name);
                if (!jsonName.equals(name) && node.has(jsonName)) {
                    throw new UnsupportedException("each field once, under its JSON or its proto name",
                            "both '" + jsonName + "' and '" + name + "'");
                }
            }
        }
        for (JsonNode child : node) {
            requireEachFieldOnce(child);
        }
    }

    /** The protobuf JSON name of a proto field name: {@code log_index} is {@code logIndex}. */
    private static String jsonName(String protoName) {
        StringBuilder json = new StringBuilder(protoName.length());
        boolean upper = false;
        for (int i = 0; i < protoName.length(); i++) {
            char c = protoName.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                json.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return json.toString();
    }

    private static TlogEntry tlogEntry(JsonNode node) throws UnsupportedException {
        JsonNode kindVersion = field(node, "kindVersion", "kind_version");
        JsonNode logId = field(node, "logId", "log_id");
        JsonNode promise = field(node, "inclusionPromise", "inclusion_promise");
        JsonNode proof = field(node, "inclusionProof", "inclusion_proof");
        InclusionProof inclusionProof = null;
        if (proof != null) {
            List<byte[]> hashes = new ArrayList<>();
            JsonNode list = field(proof, "hashes");
            if (list != null) {
                for (JsonNode hash : list) {
                    hashes.add(decode(hash.asText(), "inclusionProof.hashes"));
                }
            }
            JsonNode checkpoint = field(proof, "checkpoint");
            inclusionProof = new InclusionProof(number(proof, "logIndex", "log_index"),
                    bytes(proof, "rootHash", "root_hash"), number(proof, "treeSize", "tree_size"), hashes,
                    checkpoint == null ? null : text(checkpoint, "envelope"));
        }
        byte[] set = promise == null ? null : bytes(promise, "signedEntryTimestamp", "signed_entry_timestamp");
        return new TlogEntry(number(node, "logIndex", "log_index"), logId == null ? new byte[0]
                : bytes(logId, "keyId", "key_id"), kindVersion == null ? "" : orEmpty(text(kindVersion, "kind")),
                kindVersion == null ? "" : orEmpty(text(kindVersion, "version")),
                number(node, "integratedTime", "integrated_time"), set == null || set.length == 0 ? null : set,
                inclusionProof, bytes(node, "canonicalizedBody", "canonicalized_body"));
    }

    private static X509Certificate certificate(JsonNode node) throws UnsupportedException {
        byte[] der = bytes(node, "rawBytes", "raw_bytes");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new UnsupportedException("a DER X.509 certificate in verificationMaterial", "unreadable: "
                    + e.getMessage());
        }
    }

    @CheckForNull
    static JsonNode field(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    @CheckForNull
    static String text(JsonNode node, String... names) {
        JsonNode value = field(node, names);
        return value == null ? null : value.asText();
    }

    private static String orEmpty(@CheckForNull String value) {
        return value == null ? "" : value;
    }

    private static long number(JsonNode node, String... names) throws UnsupportedException {
        JsonNode value = field(node, names);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.asText());
        } catch (NumberFormatException e) {
            throw new UnsupportedException(names[0] + " as an integer", "'" + value.asText() + "'");
        }
    }

    private static byte[] bytes(JsonNode node, String... names) throws UnsupportedException {
        JsonNode value = field(node, names);
        return value == null ? new byte[0] : decode(value.asText(), names[0]);
    }

    static byte[] decode(String base64, String field) throws UnsupportedException {
        try {
            return Base64.getDecoder().decode(base64.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedException(field + " in base64", "invalid base64: " + e.getMessage());
        }
    }
}
