package io.jenkins.plugins.promotiongates.engine.audit;

/**
 * Another process (or another store object in this JVM) held the embedded store's writer lock for longer than this
 * store waits: nothing was written, and the same append can simply be tried again. The CLI exits with its "busy,
 * retry" code; everywhere else it is a store that cannot write now, and a gate denies.
 */
public class StoreBusyException extends StoreUnavailableException {
    private static final long serialVersionUID = 1L;

    public StoreBusyException(String message) {
        super(message);
    }

    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
