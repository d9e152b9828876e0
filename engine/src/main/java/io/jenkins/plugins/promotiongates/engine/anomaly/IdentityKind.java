package io.jenkins.plugins.promotiongates.engine.anomaly;

/** What kind of identity an observation, signal or quarantine is about. */
public enum IdentityKind {
    /** An automated agent (the requester of an agent promotion). */
    AGENT,
    /** A person (the requester of a human promotion). */
    USER,
    /** The Jenkins job (or CLI caller) that runs the promotion, whoever requested it. */
    JOB
}
