package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.Locale;
import java.util.Objects;

/**
 * Who asks for a promotion: a person (Jenkins user) or an automated agent, and which fact says so.
 *
 * @param id     user or agent id
 * @param kind   person or agent
 * @param source what the kind was derived from; {@link Source#ASSERTED} when the caller states it (CLI, tests)
 */
public record Requester(String id, Kind kind, Source source) {
    public enum Kind {
        HUMAN,
        AGENT
    }

    /** The fact behind the requester's kind, recorded with every decision. */
    public enum Source {
        /** The caller states the kind (CLI options, policy test cases, tests). */
        ASSERTED,
        /** Jenkins: a user started the run ({@code Cause.UserIdCause}) and no other cause is present. */
        USER_CAUSE,
        /** Jenkins: the pipeline names an agent ({@code requester:} parameter); it can only make itself an agent. */
        DECLARED_AGENT,
        /** Jenkins: no user started the run (SCM, timer, upstream, remote trigger). */
        AUTOMATED_CAUSE,
        /** Jenkins: the job matches the admin's list of automated jobs. */
        ADMIN_MARKED_AUTOMATED
    }

    /** The id Jenkins gives its own internal identity; it never stands for a person. */
    public static final String SYSTEM = "SYSTEM";

    public Requester {
        Identifiers.requireSafeText("requester id", id, 256);
        Objects.requireNonNull(kind, "kind");
        source = source == null ? Source.ASSERTED : source; // requests recorded before the source existed
        if (kind == Kind.HUMAN && source != Source.ASSERTED && source != Source.USER_CAUSE) {
            throw new IllegalArgumentException("a requester derived from " + source + " is an agent, not a person");
        }
        if (kind == Kind.AGENT && source == Source.USER_CAUSE) {
            throw new IllegalArgumentException("a requester derived from the user who started the run is a person");
        }
    }

    public Requester(String id, Kind kind) {
        this(id, kind, Source.ASSERTED);
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

    /** Whether this id is Jenkins' internal {@code SYSTEM} identity (any letter case), which is never a person. */
    public static boolean isSystem(@CheckForNull String id) {
        return id != null && id.trim().toUpperCase(Locale.ROOT).equals(SYSTEM);
    }
}
