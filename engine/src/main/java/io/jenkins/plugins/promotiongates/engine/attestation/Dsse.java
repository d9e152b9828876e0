package io.jenkins.plugins.promotiongates.engine.attestation;

import java.nio.charset.StandardCharsets;

/** What a DSSE signature covers (DSSE protocol v1, "Signature definition"). */
final class Dsse {
    static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private Dsse() {
    }

    /** {@code PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in bytes, decimal. */
    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] pae = new byte[head.length + payload.length];
        System.arraycopy(head, 0, pae, 0, head.length);
        System.arraycopy(payload, 0, pae, head.length, payload.length);
        return pae;
    }
}
