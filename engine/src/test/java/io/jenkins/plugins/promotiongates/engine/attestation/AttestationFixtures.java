package io.jenkins.plugins.promotiongates.engine.attestation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.function.UnaryOperator;

/** Keys, a fixed clock and a typical attestation for the attestation tests. */
final class AttestationFixtures {
    static final Instant VERIFIED = Instant.parse("2026-12-08T03:00:00Z");
    static final Clock CLOCK = Clock.fixed(VERIFIED, ZoneOffset.UTC);
    static final Digest APP = Digest.sha256("a".repeat(64));
    static final Digest LIB = new Digest(Digest.Algorithm.SHA512, "b".repeat(128));
    private static final ObjectMapper JSON = new ObjectMapper();

    private AttestationFixtures() {
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    static AttestationKey key(KeyPair pair) {
        return AttestationKey.fromPkcs8Pem(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), "test.pem");
    }

    static GateAttestation.Builder typical() {
        return GateAttestation.builder(CLOCK)
                .subject("app.jar", APP)
                .subject("lib.tar.gz", LIB)
                .verifierId("https://jenkins.example/promotion-gates")
                .resourceUri("https://jenkins.example/job/app/42/")
                .policy("https://jenkins.example/promotion-gates/policy", "c".repeat(64))
                .inputAttestation("https://jenkins.example/job/app/42/artifact/app.jar.sigstore.json",
                        Digest.sha256("d".repeat(64)))
                .verifiedLevel("SLSA_BUILD_LEVEL_2")
                .environment("production")
                .correlationId("corr-1")
                .approver("alice")
                .approver("bob")
                .reasonCode("ALLOWED");
    }

    /** The bundle JSON with {@code edit} applied to its tree (no re-signing). */
    static byte[] edit(byte[] bundle, UnaryOperator<ObjectNode> edit) {
        try {
            return JSON.writeValueAsBytes(edit.apply((ObjectNode) JSON.readTree(bundle)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundle with its payload text changed by {@code edit}, keeping the old signature. */
    static byte[] editPayload(byte[] bundle, UnaryOperator<String> edit) {
        return edit(bundle, root -> {
            ObjectNode envelope = (ObjectNode) root.get("dsseEnvelope");
            String payload = new String(Base64.getDecoder().decode(envelope.get("payload").asText()),
                    StandardCharsets.UTF_8);
            envelope.put("payload", Base64.getEncoder().encodeToString(edit.apply(payload)
                    .getBytes(StandardCharsets.UTF_8)));
            return root;
        });
    }

    /** A bundle around any payload, signed properly by {@code key}: for statements the builder would not write. */
    static byte[] signed(AttestationKey key, String payloadType, byte[] payload) {
        return edit(typical().build().sign(key), root -> {
            ObjectNode envelope = (ObjectNode) root.get("dsseEnvelope");
            envelope.put("payloadType", payloadType);
            envelope.put("payload", Base64.getEncoder().encodeToString(payload));
            ((ObjectNode) envelope.get("signatures").get(0)).put("sig", Base64.getEncoder().encodeToString(
                    key.sign(Dsse.pae(payloadType, payload))));
            return root;
        });
    }
}
