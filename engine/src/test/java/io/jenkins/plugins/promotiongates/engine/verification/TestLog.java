package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A transparency log under the test's control: it re-signs SETs and checkpoints of real bundles (to move an entry in
 * time) and logs new key-signed entries, so tests can reach states that no public log will ever produce.
 */
final class TestLog {
    static final String ORIGIN = "rekor.sigstore.dev";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final KeyPair keyPair;
    private final byte[] logId;

    TestLog() {
        this.keyPair = newP256();
        this.logId = sha256(keyPair.getPublic().getEncoded());
    }

    static KeyPair newP256() {
        return newEc("secp256r1");
    }

    static KeyPair newEc(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] data) {
        return sign("SHA256withECDSA", key, data);
    }

    static byte[] sign(String algorithm, PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** The base trusted root with this log added, its key valid over [start, end] (end open when null). */
    String trustedRoot(String baseRootJson, Instant start, @CheckForNull Instant end) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(baseRootJson);
            ObjectNode log = ((ArrayNode) root.get("tlogs")).addObject();
            log.put("baseUrl", "https://" + ORIGIN);
            log.put("hashAlgorithm", "SHA2_256");
            ObjectNode key = log.putObject("publicKey");
            key.put("rawBytes", Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded()));
            key.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
            ObjectNode validFor = key.putObject("validFor");
            validFor.put("start", start.toString());
            if (end != null) {
                validFor.put("end", end.toString());
            }
            log.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(logId));
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundle's first entry moved to this log at {@code integratedTime}, SET and checkpoint re-signed. */
    String resign(String bundleJson, long integratedTime) {
        try {
            ObjectNode bundle = (ObjectNode) MAPPER.readTree(bundleJson);
            ObjectNode entry = (ObjectNode) bundle.get("verificationMaterial").get("tlogEntries").get(0);
            entry.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(logId));
            entry.put("integratedTime", Long.toString(integratedTime));
            long logIndex = Long.parseLong(entry.get("logIndex").asText());
            byte[] body = Base64.getDecoder().decode(entry.get("canonicalizedBody").asText());
            entry.putObject("inclusionPromise").put("signedEntryTimestamp",
                    Base64.getEncoder().encodeToString(signEntry(body, integratedTime, logIndex)));
            ObjectNode checkpoint = (ObjectNode) entry.get("inclusionProof").get("checkpoint");
            String envelope = checkpoint.get("envelope").asText();
            String note = envelope.substring(0, envelope.indexOf("\n\n") + 1);
            checkpoint.put("envelope", signNote(note));
            return MAPPER.writeValueAsString(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A v0.3 bundle for {@code artifact}, signed by {@code signer} (a managed key) and logged here. */
    String logKeySigned(byte[] artifact, KeyPair signer, long integratedTime) {
        return logKeySigned(artifact, signer, integratedTime, "256");
    }

    /** As above, with SHA-{@code bits} (256, 384 or 512) as the digest and ECDSA hash. */
    String logKeySigned(byte[] artifact, KeyPair signer, long integratedTime, String bits) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-" + bits).digest(artifact);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] signature = sign("SHA" + bits + "withECDSA", signer.getPrivate(), artifact);
        String body = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":"
                + "\"sha" + bits + "\",\"value\":\"" + HexFormat.of().formatHex(digest) + "\"}},\"signature\":{\"content\":\""
                + Base64.getEncoder().encodeToString(signature) + "\",\"publicKey\":{\"content\":\""
                + Base64.getEncoder().encodeToString(pem("PUBLIC KEY", signer.getPublic().getEncoded())
                        .getBytes(StandardCharsets.US_ASCII)) + "\"}}}}";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] leafHash = sha256(new byte[] {0}, bodyBytes);
        String note = ORIGIN + " - 42\n1\n" + Base64.getEncoder().encodeToString(leafHash) + "\n";
        ObjectNode bundle = MAPPER.createObjectNode();
        bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
        ObjectNode material = bundle.putObject("verificationMaterial");
        material.putObject("publicKey").put("hint", "test-key");
        ObjectNode entry = material.putArray("tlogEntries").addObject();
        entry.put("logIndex", "0");
        entry.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(logId));
        ObjectNode kindVersion = entry.putObject("kindVersion");
        kindVersion.put("kind", "hashedrekord");
        kindVersion.put("version", "0.0.1");
        entry.put("integratedTime", Long.toString(integratedTime));
        entry.putObject("inclusionPromise").put("signedEntryTimestamp",
                Base64.getEncoder().encodeToString(signEntry(bodyBytes, integratedTime, 0)));
        ObjectNode proof = entry.putObject("inclusionProof");
        proof.put("logIndex", "0");
        proof.put("rootHash", Base64.getEncoder().encodeToString(leafHash));
        proof.put("treeSize", "1");
        proof.putArray("hashes");
        proof.putObject("checkpoint").put("envelope", signNote(note));
        entry.put("canonicalizedBody", Base64.getEncoder().encodeToString(bodyBytes));
        ObjectNode message = bundle.putObject("messageSignature");
        ObjectNode messageDigest = message.putObject("messageDigest");
        messageDigest.put("algorithm", "SHA2_" + bits);
        messageDigest.put("digest", Base64.getEncoder().encodeToString(digest));
        message.put("signature", Base64.getEncoder().encodeToString(signature));
        return bundle.toString();
    }

    private byte[] signEntry(byte[] body, long integratedTime, long logIndex) {
        String canonical = "{\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"integratedTime\":"
                + integratedTime + ",\"logID\":\"" + HexFormat.of().formatHex(logId) + "\",\"logIndex\":" + logIndex
                + "}";
        return sign(keyPair.getPrivate(), canonical.getBytes(StandardCharsets.UTF_8));
    }

    private String signNote(String note) {
        byte[] signature = sign(keyPair.getPrivate(), note.getBytes(StandardCharsets.UTF_8));
        byte[] hinted = new byte[4 + signature.length];
        System.arraycopy(Arrays.copyOf(logId, 4), 0, hinted, 0, 4);
        System.arraycopy(signature, 0, hinted, 4, signature.length);
        return note + "\n\u2014 " + ORIGIN + " " + Base64.getEncoder().encodeToString(hinted) + "\n";
    }
}
