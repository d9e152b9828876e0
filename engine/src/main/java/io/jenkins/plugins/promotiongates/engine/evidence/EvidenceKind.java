package io.jenkins.plugins.promotiongates.engine.evidence;

import java.util.Locale;

/**
 * The evidence files a caller reads for a promotion, and the size limit of each: the one table of limits for the
 * plugin and the CLI (docs/verification.md, "Evidence files"). A file over its limit is refused with
 * {@code EVIDENCE_TOO_LARGE}, read no further than one byte past the limit, so an oversized file costs no memory.
 */
public enum EvidenceKind {
    /** A Sigstore bundle: real ones are kilobytes (a certificate chain, a log entry, a few timestamps). */
    BUNDLE("Sigstore bundle", 4L * 1024 * 1024),
    /** A separate provenance bundle or {@code .intoto.jsonl} line: an in-toto statement in a DSSE envelope. */
    PROVENANCE("provenance", 4L * 1024 * 1024),
    /** A JUnit XML report: streamed, never held, but captured output makes real reports run to megabytes. */
    TEST_REPORT("JUnit report", 64L * 1024 * 1024),
    /** An agent's entitlement, a compact JWS: a header, a few claims and a signature. */
    ENTITLEMENT("entitlement", 64L * 1024);

    private final String label;
    private final long maxBytes;

    EvidenceKind(String label, long maxBytes) {
        this.label = label;
        this.maxBytes = maxBytes;
    }

    /** What the file is, for messages. */
    public String label() {
        return label;
    }

    /** The largest accepted file, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The limit as people read it ({@code 4 MiB}, {@code 64 KiB}). */
    public String describeLimit() {
        return maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MiB" : maxBytes / 1024 + " KiB";
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
