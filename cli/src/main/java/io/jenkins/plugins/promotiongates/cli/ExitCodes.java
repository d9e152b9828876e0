package io.jenkins.plugins.promotiongates.cli;

/** The CLI's stable exit codes; scripts depend on them (docs/cli.md). */
public final class ExitCodes {
    /** Verified, allowed, chain intact, command succeeded. */
    public static final int OK = 0;
    /** Verification failed, promotion denied, chain broken, test cases failed. */
    public static final int DENIED = 1;
    /** Usage or configuration error (bad option, unreadable file, invalid policy). */
    public static final int USAGE = 2;
    /** The promotion needs a human decision (approval or escalation). */
    public static final int NEEDS_APPROVAL = 3;
    /**
     * The store is held by another writer: nothing was done, run the command again. Reserved for every "busy"
     * answer, today the store lock held by another process (or another store in this JVM).
     */
    public static final int BUSY = 4;
    /** An internal error (a defect, not the input): sysexits.h EX_SOFTWARE. Nothing reported failed is durable. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
