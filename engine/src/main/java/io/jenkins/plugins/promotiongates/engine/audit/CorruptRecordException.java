package io.jenkins.plugins.promotiongates.engine.audit;

/** A stored record that cannot be decoded; stores turn it into a report or a {@link StoreUnavailableException}. */
class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
        super(message);
    }

    CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
