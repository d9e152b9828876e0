package io.jenkins.plugins.promotiongates.engine.audit;

/**
 * The audit store cannot read or durably write (I/O error, database down, locked by another process, corrupt). The
 * service turns it into a denial "audit store unavailable": a gate never allows without a record.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
