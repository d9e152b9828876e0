package io.jenkins.plugins.promotiongates.engine.audit;

/**
 * Another writer held the store for longer than this store waits (its busy timeout): nothing was written, and the
 * same call may succeed when retried. A {@link StoreUnavailableException}, so a gate still denies; the CLI exits with
 * its "busy, retry" code instead of a configuration error.
 */
public class StoreBusyException extends StoreUnavailableException {
    private static final long serialVersionUID = 1L;

    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
