package io.jenkins.plugins.promotiongates.engine.notification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header: {@code sha256=} and the lower-case hex HMAC-SHA256 of the raw body under the webhook's
 * secret, as GitHub's {@code X-Hub-Signature-256}. Receivers compute it over the bytes they received and compare in
 * constant time ({@link #matches}).
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Promotion-Gates-Signature-256";
    /** The delivery id (a UUID, the same for every attempt of one delivery): receivers refuse one seen before. */
    public static final String DELIVERY_HEADER = "X-Promotion-Gates-Delivery";
    /** When this attempt was sent (Unix seconds, also {@code sentAt} in the body): receivers refuse old ones. */
    public static final String TIMESTAMP_HEADER = "X-Promotion-Gates-Timestamp";
    /** The notification kind. */
    public static final String EVENT_HEADER = "X-Promotion-Gates-Event";

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Whether a received header value is the signature of the body (constant-time comparison). */
    public static boolean matches(byte[] secret, byte[] body, String header) {
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.getBytes(StandardCharsets.US_ASCII));
    }
}
