package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.audit.ChainReport.BrokenLink;
import io.jenkins.plugins.promotiongates.engine.audit.ChainReport.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a hash chain from its first event and names the first broken link. It streams: one event at a time, one
 * reused {@link MessageDigest} and encoding buffer, so a million events need no more memory than one. Stored file
 * records are checked from their bytes without decoding ({@link #verifyDirectory}).
 */
public final class ChainVerifier {
    private final MessageDigest sha256 = CanonicalEncoding.sha256();
    private final CanonicalEncoding.Writer writer = new CanonicalEncoding.Writer(1024);
    private final byte[] computed = new byte[CanonicalEncoding.HASH_LENGTH];
    private final byte[] previousHash = new byte[CanonicalEncoding.HASH_LENGTH];
    private long expectedSequence = 1;
    private long verified;
    @CheckForNull
    private BrokenLink broken;
    private final List<String> warnings = new ArrayList<>();

    /** Verifies a chain from its first event. */
    public ChainVerifier() {
    }

    /**
     * Verifies the continuation of a chain already verified up to {@code nextSequence - 1}, whose last hash is
     * {@code previousHash} (a file store catching up on frames other processes appended).
     */
    ChainVerifier(long nextSequence, byte[] previousHash) {
        this.expectedSequence = nextSequence;
        System.arraycopy(previousHash, 0, this.previousHash, 0, this.previousHash.length);
    }

    /** Verifies events in the order given (e.g. read back from a JSON Lines export). */
    public static ChainReport verify(Iterable<AuditEvent> events) {
        ChainVerifier verifier = new ChainVerifier();
        for (AuditEvent event : events) {
            if (!verifier.accept(event)) {
                break;
            }
        }
        return verifier.report();
    }

    /** Verifies every event of a store, streaming. */
    public static ChainReport verify(AuditStore store) {
        ChainVerifier verifier = new ChainVerifier();
        try {
            store.scan(0, event -> {
                if (!verifier.accept(event)) {
                    throw new StopScan();
                }
            });
        } catch (StopScan stop) {
            // the first broken link is recorded; nothing after it can be trusted
        } catch (StoreUnavailableException unreadable) {
            verifier.fail(Problem.CORRUPT_RECORD, unreadable.getMessage(), null);
        }
        return verifier.report();
    }

    /**
     * Verifies the segment files of a {@link FileAuditStore} directory read-only, without taking the store's lock
     * (the CLI's {@code audit verify}). A torn tail in the last segment is a warning; any other damage is a broken
     * link, and so is a log that ends before, or holds another event at, the last acknowledged event the store
     * recorded ({@code audit.ack}): an acknowledged record was cut or replaced.
     */
    public static ChainReport verifyDirectory(Path directory) {
        ChainVerifier verifier = new ChainVerifier();
        try {
            AcknowledgementFile.Ack acknowledged;
            try {
                acknowledged = AcknowledgementFile.read(directory);
            } catch (CorruptRecordException e) {
                verifier.fail(Problem.CORRUPT_RECORD, e.getMessage(), directory.resolve(AcknowledgementFile.NAME)
                        .toString());
                return verifier.report();
            }
            String end = null;
            List<Path> segments;
            try {
                segments = SegmentFile.list(directory);
            } catch (CorruptRecordException e) {
                verifier.fail(Problem.CORRUPT_RECORD, e.getMessage(), directory.toString());
                return verifier.report();
            }
            for (int i = 0; i < segments.size() && verifier.broken == null; i++) {
                try (SegmentFile.Reader reader = new SegmentFile.Reader(segments.get(i))) {
                    while (reader.next()) {
                        byte[] buffer = reader.buffer();
                        int canonicalLength = reader.bodyLength() - CanonicalEncoding.HASH_LENGTH;
                        if (!verifier.acceptEncoded(buffer, reader.bodyStart(), canonicalLength,
                                buffer, reader.bodyStart() + canonicalLength,
                                () -> reader.file().getFileName() + "@" + reader.frameOffset())) {
                            break;
                        }
                        int hash = reader.bodyStart() + canonicalLength;
                        if (acknowledged != null && verifier.verified == acknowledged.sequence()
                                && !Arrays.equals(buffer, hash, hash + CanonicalEncoding.HASH_LENGTH,
                                acknowledged.hash(), 0, CanonicalEncoding.HASH_LENGTH)) {
                            verifier.fail(Problem.HASH_MISMATCH, "another event than the acknowledged "
                                    + acknowledged.describe(), reader.file().getFileName() + "@" + reader.frameOffset());
                            break;
                        }
                    }
                    if (verifier.broken == null) {
                        end = reader.file().getFileName() + "@" + (reader.problem() == null ? reader.dataEnd()
                                : reader.frameOffset());
                    }
                    if (verifier.broken == null && reader.problem() != null) {
                        String where = reader.file().getFileName() + "@" + reader.frameOffset();
                        boolean last = i == segments.size() - 1;
                        if (acknowledged != null && verifier.verified < acknowledged.sequence()) {
                            verifier.fail(Problem.CORRUPT_RECORD, reader.problem() + ", but "
                                    + acknowledged.describe() + " was acknowledged: not a torn tail", where);
                        } else if (last && !reader.intactFrameFollows()) {
                            verifier.warnings.add("torn tail of " + (reader.size() - reader.frameOffset())
                                    + " unacknowledged bytes at " + where + " (" + reader.problem()
                                    + "); the store cuts it when it next opens");
                        } else {
                            verifier.fail(Problem.CORRUPT_RECORD, reader.problem(), where);
                        }
                    }
                }
            }
            if (verifier.broken == null && acknowledged != null && verifier.verified < acknowledged.sequence()) {
                verifier.expectedSequence = verifier.verified + 1;
                verifier.fail(Problem.ACKNOWLEDGED_RECORD_MISSING, "the log ends after sequence " + verifier.verified
                        + ", but " + acknowledged.describe() + " was acknowledged: acknowledged records were cut off",
                        end == null ? directory.toString() : end);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read audit segments in " + directory, e);
        }
        return verifier.report();
    }

    /** Feeds the next event; false once the chain is broken (later events are not checked). */
    public boolean accept(AuditEvent event) {
        if (broken != null) {
            return false;
        }
        writer.reset();
        writer.write(event);
        byte[] storedHash = CanonicalEncoding.parseHash(event.hash());
        return acceptEncoded(writer.buffer(), 0, writer.size(), storedHash, 0, () -> null);
    }

    /** Checks one record given as canonical bytes plus its stored hash. */
    boolean acceptEncoded(byte[] data, int offset, int length, byte[] storedHash, int hashOffset, Location location) {
        if (broken != null) {
            return false;
        }
        if (length < CanonicalEncoding.FIXED_PREFIX || data[offset] != CanonicalEncoding.VERSION) {
            return fail(Problem.CORRUPT_RECORD, "not a version " + CanonicalEncoding.VERSION + " record", location.get());
        }
        long sequence = CanonicalEncoding.sequenceAt(data, offset);
        if (sequence != expectedSequence) {
            return fail(Problem.SEQUENCE_MISMATCH, "expected sequence " + expectedSequence + ", found " + sequence
                    + " (events deleted or reordered)", location.get());
        }
        int prev = offset + CanonicalEncoding.PREV_HASH_OFFSET;
        if (!Arrays.equals(data, prev, prev + CanonicalEncoding.HASH_LENGTH, previousHash, 0, previousHash.length)) {
            return fail(Problem.PREV_HASH_MISMATCH, "expected previous hash " + CanonicalEncoding.hex(previousHash)
                    + ", found " + CanonicalEncoding.hex(Arrays.copyOfRange(data, prev, prev + CanonicalEncoding.HASH_LENGTH)),
                    location.get());
        }
        sha256.update(data, offset, length);
        try {
            sha256.digest(computed, 0, computed.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 output buffer too small", e);
        }
        if (!Arrays.equals(computed, 0, computed.length, storedHash, hashOffset, hashOffset + computed.length)) {
            return fail(Problem.HASH_MISMATCH, "content hashes to " + CanonicalEncoding.hex(computed) + " but the stored hash is "
                    + CanonicalEncoding.hex(Arrays.copyOfRange(storedHash, hashOffset, hashOffset + computed.length))
                    + " (the event was edited)", location.get());
        }
        System.arraycopy(computed, 0, previousHash, 0, computed.length);
        expectedSequence++;
        verified++;
        return true;
    }

    private boolean fail(Problem problem, String detail, @CheckForNull String location) {
        broken = new BrokenLink(expectedSequence, problem, detail, location);
        return false;
    }

    public ChainReport report() {
        return new ChainReport(verified, expectedSequence - 1, CanonicalEncoding.hex(previousHash), broken, warnings);
    }

    /** Where a record is stored, computed only when a problem is reported. */
    @FunctionalInterface
    interface Location {
        @CheckForNull
        String get();
    }

    private static final class StopScan extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopScan() {
            super("chain broken", null, false, false);
        }
    }
}
