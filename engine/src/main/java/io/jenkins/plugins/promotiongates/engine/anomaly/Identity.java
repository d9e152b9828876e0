package io.jenkins.plugins.promotiongates.engine.anomaly;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;

import java.util.Locale;
import java.util.Objects;

/**
 * One identity whose behaviour is tracked: the kind keeps the agent {@code x}, the user {@code x} and the job
 * {@code x} apart. Written as {@code agent:docs-refactor-042}, {@code user:alice} or {@code job:shop/main}.
 */
public record Identity(IdentityKind kind, String id) implements Comparable<Identity> {
    public Identity {
        Objects.requireNonNull(kind, "kind");
        Identifiers.requireSafeText("identity", id, 1024);
    }

    public static Identity agent(String id) {
        return new Identity(IdentityKind.AGENT, id);
    }

    public static Identity user(String id) {
        return new Identity(IdentityKind.USER, id);
    }

    public static Identity job(String name) {
        return new Identity(IdentityKind.JOB, name);
    }

    /** The requester as an agent or user identity. */
    public static Identity of(Requester requester) {
        return requester.isAgent() ? agent(requester.id()) : user(requester.id());
    }

    /** The job of a run. */
    public static Identity of(RunRef run) {
        return job(run.job());
    }

    /** Reads the {@link #toString()} form back, e.g. from an audit record. */
    public static Identity parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Not an identity: expected KIND:ID (agent, user or job), got '"
                    + Identifiers.printable(text) + "'");
        }
        String kind = text.substring(0, colon);
        for (IdentityKind candidate : IdentityKind.values()) {
            if (candidate.name().toLowerCase(Locale.ROOT).equals(kind)) {
                return new Identity(candidate, text.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("Unknown identity kind '" + Identifiers.printable(kind)
                + "': expected agent, user or job");
    }

    @Override
    public int compareTo(Identity other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
    }
}
