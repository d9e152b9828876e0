package io.jenkins.plugins.promotiongates.engine.notification;

import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

/** A delivery attempt that did not reach its receiver; recorded as NOTIFICATION_FAILED with this code and message. */
public final class DeliveryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ReasonCode code;

    public DeliveryException(ReasonCode code, String message) {
        super(message);
        this.code = code;
    }

    public ReasonCode code() {
        return code;
    }
}
