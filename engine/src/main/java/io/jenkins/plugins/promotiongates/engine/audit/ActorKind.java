package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Requester;

/** Who acted: a person, an automated agent, or the gate itself (timeouts, anomaly signals, automatic quarantine). */
public enum ActorKind {
    HUMAN,
    AGENT,
    SYSTEM;

    public static ActorKind of(Requester requester) {
        return requester.isAgent() ? AGENT : HUMAN;
    }
}
