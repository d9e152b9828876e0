package io.jenkins.plugins.promotiongates.engine.audit;

/**
 * {@link AuditStore#appendUnique} refused an event because one with the same unique key exists: the approval was
 * already consumed, the person already voted, the promotion already has its final decision.
 */
public class DuplicateEventException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String uniqueKey;
    private final long existingSequence;

    public DuplicateEventException(String uniqueKey, long existingSequence) {
        super("An event with unique key '" + uniqueKey + "' already exists (sequence " + existingSequence + ")");
        this.uniqueKey = uniqueKey;
        this.existingSequence = existingSequence;
    }

    public String getUniqueKey() {
        return uniqueKey;
    }

    /** The sequence of the event that holds the key. */
    public long getExistingSequence() {
        return existingSequence;
    }
}
