package io.jenkins.plugins.promotiongates.engine.model;

import java.util.Objects;

/** Who asks for a promotion: a person (Jenkins user) or an automated agent. */
public record Requester(String id, Kind kind) {
    public enum Kind {
        HUMAN,
        AGENT
    }

    public Requester {
        Identifiers.requireSafeText("requester id", id, 256);
        Objects.requireNonNull(kind, "kind");
    }

    public static Requester human(String id) {
        return new Requester(id, Kind.HUMAN);
    }

    public static Requester agent(String id) {
        return new Requester(id, Kind.AGENT);
    }

    public boolean isAgent() {
        return kind == Kind.AGENT;
    }
}
