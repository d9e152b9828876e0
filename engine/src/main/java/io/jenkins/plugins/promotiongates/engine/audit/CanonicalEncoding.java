package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical byte form of an event (all fields but the hash), which is hashed and which the file store writes.
 * It is defined byte for byte, independent of JSON libraries, field order in classes or the JVM:
 *
 * <pre>
 * u8  version (1)          i64 sequence           32 bytes prevHash       i64 epochSecond   i32 nano
 * str eventId   str type   str? correlationId     str actor   str actorKind str? environment
 * i32 n, n × str digests   str? job   str? run    str? policyHash         str? outcome
 * i32 n, n × (str code, str gate, str message)    i32 n, n × (str key, str value), keys ascending
 * str? uniqueKey
 * </pre>
 *
 * Integers are big-endian; {@code str} is an i32 byte length followed by UTF-8; {@code str?} uses length -1 for
 * null. Sequence and previous hash sit at fixed offsets so that {@link ChainVerifier} can check a stored record
 * without decoding it.
 */
public final class CanonicalEncoding {
    static final byte VERSION = 1;
    static final int SEQUENCE_OFFSET = 1;
    static final int PREV_HASH_OFFSET = 9;
    static final int HASH_LENGTH = 32;
    /** Version, sequence, previous hash and time: the smallest possible prefix of a record. */
    static final int FIXED_PREFIX = PREV_HASH_OFFSET + HASH_LENGTH + 12;
    private static final HexFormat HEX = HexFormat.of();

    private CanonicalEncoding() {
    }

    /** The canonical bytes of the event (its hash field is not part of them). */
    public static byte[] encode(AuditEvent event) {
        Writer writer = new Writer(512);
        writer.write(event);
        return writer.toByteArray();
    }

    /** SHA-256 of the canonical bytes, lower-case hex. */
    public static String hashHex(AuditEvent event) {
        return HEX.formatHex(sha256().digest(encode(event)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    static byte[] parseHash(String hex) {
        return HEX.parseHex(hex);
    }

    static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** A reusable encoder: one growing buffer for many events (used by writers and the verifier). */
    static final class Writer {
        private byte[] buffer;
        private int size;

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        void reset() {
            size = 0;
        }

        /** Drops everything after {@code newSize} (an event that was refused after being encoded). */
        void truncate(int newSize) {
            size = newSize;
        }

        byte[] buffer() {
            return buffer;
        }

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        /** Appends the event's canonical bytes. */
        void write(AuditEvent event) {
            u8(VERSION);
            i64(event.sequence());
            bytes(parseHash(event.prevHash()));
            Instant time = event.time();
            i64(time.getEpochSecond());
            i32(time.getNano());
            fields(event.eventId(), event.type(), event.correlationId(), event.actor(), event.actorKind(),
                    event.environment(), event.digests(), event.job(), event.run(), event.policyHash(),
                    event.outcome(), event.reasons(), event.payload(), event.uniqueKey());
        }

        /**
         * Appends the canonical bytes of an event not yet linked into the chain: sequence, previous hash and time are
         * zero until {@link #link} fills them in. Lets appenders encode in their own threads, off the file store's
         * writer thread.
         */
        void writeUnlinked(NewEvent event) {
            u8(VERSION);
            ensure(FIXED_PREFIX - 1);
            Arrays.fill(buffer, size, size + FIXED_PREFIX - 1, (byte) 0);
            size += FIXED_PREFIX - 1;
            fields(event.eventId(), event.type(), event.correlationId(), event.actor(), event.actorKind(),
                    event.environment(), event.digests(), event.job(), event.run(), event.policyHash(),
                    event.outcome(), event.reasons(), event.payload(), event.uniqueKey());
        }

        private void fields(String eventId, AuditEventType type, @CheckForNull String correlationId, String actor,
                ActorKind actorKind, @CheckForNull String environment, List<String> digests, @CheckForNull String job,
                @CheckForNull String run, @CheckForNull String policyHash, @CheckForNull Outcome outcome,
                List<AuditReason> reasons, Map<String, String> payload, @CheckForNull String uniqueKey) {
            str(eventId);
            str(type.name());
            str(correlationId);
            str(actor);
            str(actorKind.name());
            str(environment);
            i32(digests.size());
            for (String digest : digests) {
                str(digest);
            }
            str(job);
            str(run);
            str(policyHash);
            str(outcome == null ? null : outcome.name());
            i32(reasons.size());
            for (AuditReason reason : reasons) {
                str(reason.code().name());
                str(reason.gate());
                str(reason.message());
            }
            i32(payload.size());
            for (Map.Entry<String, String> entry : payload.entrySet()) {
                str(entry.getKey());
                str(entry.getValue());
            }
            str(uniqueKey);
        }

        void u8(int value) {
            ensure(1);
            buffer[size++] = (byte) value;
        }

        void i32(int value) {
            ensure(4);
            buffer[size++] = (byte) (value >>> 24);
            buffer[size++] = (byte) (value >>> 16);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void i64(long value) {
            i32((int) (value >>> 32));
            i32((int) value);
        }

        void bytes(byte[] value) {
            bytes(value, 0, value.length);
        }

        void bytes(byte[] value, int offset, int length) {
            ensure(length);
            System.arraycopy(value, offset, buffer, size, length);
            size += length;
        }

        void str(@CheckForNull String value) {
            if (value == null) {
                i32(-1);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            i32(utf8.length);
            bytes(utf8);
        }

        void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }

    /** Fills in the chain fields of a record written by {@link Writer#writeUnlinked}. */
    static void link(byte[] record, int offset, long sequence, byte[] prevHash, Instant time) {
        SegmentFile.writeInt(record, offset + SEQUENCE_OFFSET, (int) (sequence >>> 32));
        SegmentFile.writeInt(record, offset + SEQUENCE_OFFSET + 4, (int) sequence);
        System.arraycopy(prevHash, 0, record, offset + PREV_HASH_OFFSET, HASH_LENGTH);
        int timeOffset = offset + PREV_HASH_OFFSET + HASH_LENGTH;
        long seconds = time.getEpochSecond();
        SegmentFile.writeInt(record, timeOffset, (int) (seconds >>> 32));
        SegmentFile.writeInt(record, timeOffset + 4, (int) seconds);
        SegmentFile.writeInt(record, timeOffset + 8, time.getNano());
    }

    /** Decodes canonical bytes; any inconsistency is a {@link CorruptRecordException}. */
    static AuditEvent decode(byte[] data, int offset, int length, String hashHex) {
        Reader reader = new Reader(data, offset, length);
        try {
            int version = reader.u8();
            if (version != VERSION) {
                throw new CorruptRecordException("unknown record version " + version);
            }
            long sequence = reader.i64();
            String prevHash = HEX.formatHex(reader.bytes(HASH_LENGTH));
            Instant time = Instant.ofEpochSecond(reader.i64(), reader.i32());
            String eventId = reader.required();
            AuditEventType type = AuditEventType.valueOf(reader.required());
            String correlationId = reader.str();
            String actor = reader.required();
            ActorKind actorKind = ActorKind.valueOf(reader.required());
            String environment = reader.str();
            int digestCount = reader.count();
            List<String> digests = new ArrayList<>(digestCount);
            for (int i = 0; i < digestCount; i++) {
                digests.add(reader.required());
            }
            String job = reader.str();
            String run = reader.str();
            String policyHash = reader.str();
            String outcome = reader.str();
            int reasonCount = reader.count();
            List<AuditReason> reasons = new ArrayList<>(reasonCount);
            for (int i = 0; i < reasonCount; i++) {
                reasons.add(new AuditReason(ReasonCode.valueOf(reader.required()), reader.required(), reader.required()));
            }
            int payloadCount = reader.count();
            Map<String, String> payload = new TreeMap<>();
            for (int i = 0; i < payloadCount; i++) {
                payload.put(reader.required(), reader.required());
            }
            String uniqueKey = reader.str();
            if (reader.remaining() != 0) {
                throw new CorruptRecordException(reader.remaining() + " unexpected bytes after the last field");
            }
            return new AuditEvent(sequence, eventId, type, time, correlationId, actor, actorKind, environment, digests,
                    job, run, policyHash, outcome == null ? null : Outcome.valueOf(outcome), reasons, payload,
                    uniqueKey, prevHash, hashHex);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw new CorruptRecordException("invalid field: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes only what the projections need ({@link EventIndex.Entry}), skipping the rest without creating strings.
     * Used when replaying records whose hash chain was just verified, so no field validation is repeated.
     */
    static EventIndex.Entry decodeForIndex(byte[] data, int offset, int length) {
        Reader reader = new Reader(data, offset, length);
        try {
            int version = reader.u8();
            if (version != VERSION) {
                throw new CorruptRecordException("unknown record version " + version);
            }
            long sequence = reader.i64();
            reader.skipBytes(HASH_LENGTH);
            Instant time = Instant.ofEpochSecond(reader.i64(), reader.i32());
            reader.skip();
            AuditEventType type = AuditEventType.valueOf(reader.required());
            String correlationId = reader.str();
            String actor = reader.required();
            reader.skip();
            String environment = reader.str();
            boolean deployment = type == AuditEventType.DEPLOYMENT;
            int digestCount = reader.count();
            List<String> digests = deployment ? new ArrayList<>(digestCount) : List.of();
            for (int i = 0; i < digestCount; i++) {
                if (deployment) {
                    digests.add(reader.required());
                } else {
                    reader.skip();
                }
            }
            reader.skip();
            reader.skip();
            String policyHash = reader.str();
            String outcome = reader.str();
            int reasonCount = reader.count();
            for (int i = 0; i < reasonCount * 3; i++) {
                reader.skip();
            }
            boolean needsPayload = deployment || type == AuditEventType.QUARANTINE
                    || type == AuditEventType.QUARANTINE_LIFTED || type == AuditEventType.POLICY_CHANGED;
            Map<String, String> payload = new TreeMap<>();
            int payloadCount = reader.count();
            for (int i = 0; i < payloadCount; i++) {
                if (needsPayload) {
                    payload.put(reader.required(), reader.required());
                } else {
                    reader.skip();
                    reader.skip();
                }
            }
            String uniqueKey = reader.str();
            if (reader.remaining() != 0) {
                throw new CorruptRecordException(reader.remaining() + " unexpected bytes after the last field");
            }
            PolicyVersion policy = null;
            if (type == AuditEventType.POLICY_CHANGED) {
                String content = payload.get(PayloadKeys.POLICY_CONTENT);
                if (policyHash == null || content == null) {
                    throw new CorruptRecordException("POLICY_CHANGED event " + sequence + " lacks its hash or content");
                }
                policy = new PolicyVersion(policyHash, content, actor, time, sequence);
            }
            return new EventIndex.Entry(sequence, time, type, correlationId, actor, environment, digests,
                    outcome == null ? null : Outcome.valueOf(outcome), uniqueKey,
                    deployment ? payload.get(PayloadKeys.DEPLOYMENT_OUTCOME) : null,
                    type == AuditEventType.QUARANTINE || type == AuditEventType.QUARANTINE_LIFTED
                            ? payload.get(PayloadKeys.SUBJECT) : null, policy);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw new CorruptRecordException("invalid field: " + e.getMessage(), e);
        }
    }

    /** Sequence number at its fixed offset, without decoding the rest. */
    static long sequenceAt(byte[] data, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[offset + SEQUENCE_OFFSET + i] & 0xff);
        }
        return value;
    }

    private static final class Reader {
        private final byte[] data;
        private int position;
        private final int end;

        Reader(byte[] data, int offset, int length) {
            this.data = data;
            this.position = offset;
            this.end = offset + length;
        }

        int remaining() {
            return end - position;
        }

        private void need(int count) {
            if (count < 0 || count > remaining()) {
                throw new CorruptRecordException("field needs " + count + " bytes, only " + remaining() + " left");
            }
        }

        int u8() {
            need(1);
            return data[position++] & 0xff;
        }

        int i32() {
            need(4);
            int value = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                    | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
            position += 4;
            return value;
        }

        long i64() {
            return ((long) i32() << 32) | (i32() & 0xffffffffL);
        }

        byte[] bytes(int count) {
            need(count);
            byte[] value = Arrays.copyOfRange(data, position, position + count);
            position += count;
            return value;
        }

        int count() {
            int count = i32();
            if (count < 0 || count > remaining() / 4) {
                throw new CorruptRecordException("implausible element count " + count);
            }
            return count;
        }

        void skipBytes(int count) {
            need(count);
            position += count;
        }

        /** Skips a {@code str?} without creating a string. */
        void skip() {
            int length = i32();
            if (length != -1) {
                skipBytes(length);
            }
        }

        @CheckForNull
        String str() {
            int length = i32();
            if (length == -1) {
                return null;
            }
            need(length);
            String value = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        String required() {
            String value = str();
            if (value == null) {
                throw new CorruptRecordException("a required field is null");
            }
            return value;
        }
    }
}
