package io.jenkins.plugins.promotiongates.engine.audit;

/**
 * A DECISION was to be recorded under a policy that is no longer the one in force (another controller recorded a
 * newer version). The store refuses it atomically; the service reloads the policy and decides again, or denies with
 * {@code POLICY_STALE}.
 */
public class StalePolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String currentHash;
    private final String decidedHash;

    public StalePolicyException(String currentHash, String decidedHash) {
        super("Decision made under policy " + decidedHash + " but policy " + currentHash + " is in force");
        this.currentHash = currentHash;
        this.decidedHash = decidedHash;
    }

    public String getCurrentHash() {
        return currentHash;
    }

    public String getDecidedHash() {
        return decidedHash;
    }
}
