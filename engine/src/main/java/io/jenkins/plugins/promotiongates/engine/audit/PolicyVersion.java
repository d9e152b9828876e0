package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.time.Instant;
import java.util.Objects;

/**
 * A version of the policy recorded in the store; the latest one is in force for every controller sharing the store.
 *
 * @param hash       SHA-256 of the content, lower-case hex
 * @param content    the policy file as recorded
 * @param author     who recorded it
 * @param recordedAt the store's time of recording
 * @param sequence   the POLICY_CHANGED event that recorded it
 */
public record PolicyVersion(String hash, String content, String author, Instant recordedAt, long sequence) {
    public PolicyVersion {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(content, "content");
        Identifiers.requireSafeText("author", author, 256);
        Objects.requireNonNull(recordedAt, "recordedAt");
    }

    /** The SHA-256 (hex) of policy content as UTF-8: the hash a policy version and every decision carry. */
    public static String hashOf(String content) {
        return CanonicalEncoding.hex(CanonicalEncoding.sha256()
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static PolicyVersion of(AuditEvent event) {
        String content = event.payloadValue(PayloadKeys.POLICY_CONTENT);
        if (event.type() != AuditEventType.POLICY_CHANGED || event.policyHash() == null || content == null) {
            throw new CorruptRecordException("event " + event.sequence() + " is not a complete POLICY_CHANGED event");
        }
        return new PolicyVersion(event.policyHash(), content, event.actor(), event.time(), event.sequence());
    }

    /** The version a POLICY_CHANGED event being appended records, once linked at {@code sequence} and {@code time}. */
    static PolicyVersion of(NewEvent event, long sequence, Instant time) {
        String content = event.payload().get(PayloadKeys.POLICY_CONTENT);
        if (event.policyHash() == null || content == null) {
            throw new IllegalArgumentException("a POLICY_CHANGED event needs a policy hash and content");
        }
        return new PolicyVersion(event.policyHash(), content, event.actor(), time, sequence);
    }
}
