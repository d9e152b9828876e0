package io.jenkins.plugins.promotiongates.engine.service;

/** No valid policy is in force (never configured, or the configured one does not load): gates deny. */
public class PolicyUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyUnavailableException(String message) {
        super(message);
    }

    public PolicyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
