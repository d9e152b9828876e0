package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.List;
import java.util.Objects;

/**
 * The result of verifying a hash chain.
 *
 * @param eventsVerified  how many events were checked and found intact, from sequence 1
 * @param lastSequence    the sequence of the last intact event (0 if none)
 * @param headHash        the hash of the last intact event; compare it with an anchor kept elsewhere (a SIEM, a
 *                        ticket) to detect a truncated chain, which the chain alone cannot show
 * @param firstBrokenLink the first problem found, or null when the whole chain is intact
 * @param warnings        findings that are not integrity failures (a torn tail of unacknowledged bytes)
 */
public record ChainReport(long eventsVerified, long lastSequence, String headHash, @CheckForNull BrokenLink firstBrokenLink,
        List<String> warnings) {
    public ChainReport {
        Objects.requireNonNull(headHash, "headHash");
        warnings = List.copyOf(warnings);
    }

    public boolean isIntact() {
        return firstBrokenLink == null;
    }

    /** One line for people and logs. */
    public String summary() {
        if (firstBrokenLink == null) {
            return "Audit chain intact: " + eventsVerified + " events, head " + lastSequence + " hash " + headHash;
        }
        return "Audit chain BROKEN after " + eventsVerified + " intact events: " + firstBrokenLink.describe();
    }

    /**
     * The first broken link of a chain.
     *
     * @param sequence the sequence the chain expected at the broken link
     * @param problem  what is wrong
     * @param detail   expected versus found
     * @param location where the record is stored (file and offset), if known
     */
    public record BrokenLink(long sequence, Problem problem, String detail, @CheckForNull String location) {
        public BrokenLink {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }

        public String describe() {
            return "sequence " + sequence + ": " + problem + " (" + detail + ")" + (location == null ? "" : " at " + location);
        }
    }

    /** Kinds of broken links. */
    public enum Problem {
        /** The event's content no longer matches its hash: it was edited. */
        HASH_MISMATCH,
        /** The event does not point at the hash of its predecessor: a predecessor was edited, replaced or removed. */
        PREV_HASH_MISMATCH,
        /** The next event has another sequence than expected: events were deleted or reordered. */
        SEQUENCE_MISMATCH,
        /** A stored record cannot be read (bad CRC, undecodable, missing segment) and is not a torn tail. */
        CORRUPT_RECORD,
        /** The log ends before the last event the store acknowledged: acknowledged records were cut off. */
        ACKNOWLEDGED_RECORD_MISSING
    }
}
