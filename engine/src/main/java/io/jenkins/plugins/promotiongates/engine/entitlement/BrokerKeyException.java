package io.jenkins.plugins.promotiongates.engine.entitlement;

/**
 * A trusted broker is configured wrongly (unknown algorithm, unreadable or mismatched key, private key material).
 * Thrown when the verifier is built, so that a bad policy never reaches a request.
 */
public class BrokerKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String keyId;

    public BrokerKeyException(String keyId, String message) {
        super("Trusted broker key '" + keyId + "': " + message);
        this.keyId = keyId;
    }

    public BrokerKeyException(String keyId, String message, Throwable cause) {
        super("Trusted broker key '" + keyId + "': " + message, cause);
        this.keyId = keyId;
    }

    /** The configured key id the problem is about. */
    public String keyId() {
        return keyId;
    }
}
