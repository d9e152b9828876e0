package io.jenkins.plugins.promotiongates.steps;

import io.jenkins.plugins.promotiongates.engine.model.Decision;

/** A running step execution that waits for a human decision on one promotion. */
public interface AwaitsDecision {
    /** Settles the step if the decision is for its promotion and no longer pending; otherwise does nothing. */
    void complete(String correlationId, Decision decision);
}
