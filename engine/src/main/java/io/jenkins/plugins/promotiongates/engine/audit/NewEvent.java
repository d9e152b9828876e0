package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An event as a caller creates it, before a store appends it. The store adds what only it can know under its lock
 * or transaction: the sequence, the time (from its injected clock), the previous hash and the hash. See
 * {@link AuditEvent} for the meaning of the fields.
 */
public record NewEvent(String eventId, AuditEventType type, @CheckForNull String correlationId, String actor,
        ActorKind actorKind, @CheckForNull String environment, List<String> digests, @CheckForNull String job,
        @CheckForNull String run, @CheckForNull String policyHash, @CheckForNull Outcome outcome,
        List<AuditReason> reasons, Map<String, String> payload, @CheckForNull String uniqueKey) {
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern PAYLOAD_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern POLICY_HASH = Pattern.compile("[0-9a-f]{64}");
    /** Large enough for a policy file in {@link PayloadKeys#POLICY_CONTENT}, small enough to bound a record. */
    static final int MAX_PAYLOAD_VALUE = 1024 * 1024;

    public NewEvent {
        if (!UUID_TEXT.matcher(Objects.requireNonNull(eventId, "eventId")).matches()) {
            throw new IllegalArgumentException("eventId must be a lower-case UUID, got '" + Identifiers.printable(eventId) + "'");
        }
        Objects.requireNonNull(type, "type");
        if (correlationId != null) {
            Identifiers.requireSafeText("correlation id", correlationId, 128);
        } else if (type.requiresCorrelationId()) {
            throw new IllegalArgumentException(type + " events need a correlation id");
        }
        Identifiers.requireSafeText("actor", actor, 256);
        Objects.requireNonNull(actorKind, "actorKind");
        if (environment != null) {
            Identifiers.requireEnvironmentName(environment);
        }
        digests = List.copyOf(digests);
        for (String digest : digests) {
            if (!Digest.parse(digest).toString().equals(digest)) {
                throw new IllegalArgumentException("digest '" + Identifiers.printable(digest)
                        + "' is not in canonical form ALGORITHM:lower-case-hex");
            }
        }
        if (job != null) {
            Identifiers.requireSafeText("job", job, 1024);
        }
        if (run != null) {
            Identifiers.requireSafeText("run", run, 256);
        }
        if (policyHash != null && !POLICY_HASH.matcher(policyHash).matches()) {
            throw new IllegalArgumentException("policy hash must be 64 lower-case hex characters (SHA-256), got '"
                    + Identifiers.printable(policyHash) + "'");
        }
        reasons = List.copyOf(reasons);
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> entry : payload.entrySet()) {
            String key = Objects.requireNonNull(entry.getKey(), "payload key");
            if (!PAYLOAD_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("payload key '" + Identifiers.printable(key)
                        + "' must be 1 to 64 characters of [A-Za-z0-9._-]");
            }
            sorted.put(key, requireText("payload value '" + key + "'", entry.getValue(), MAX_PAYLOAD_VALUE));
        }
        payload = Collections.unmodifiableSortedMap(sorted);
        if (uniqueKey != null) {
            Identifiers.requireSafeText("unique key", uniqueKey, 512);
        }
    }

    /**
     * Free text that may hold newlines (comments, messages) but no NUL, which neither PostgreSQL text nor many SIEMs
     * accept.
     */
    static String requireText(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters long; at most "
                    + maxLength + " are allowed");
        }
        int nul = value.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character at index " + nul);
        }
        return value;
    }

    /** Starts an event of this type by this actor, with a fresh random event id. */
    public static Builder builder(AuditEventType type, String actor, ActorKind actorKind) {
        return new Builder(type, actor, actorKind);
    }

    /** Collects the optional fields; {@link #build()} validates everything. */
    public static final class Builder {
        private String eventId = UUID.randomUUID().toString();
        private final AuditEventType type;
        private final String actor;
        private final ActorKind actorKind;
        @CheckForNull
        private String correlationId;
        @CheckForNull
        private String environment;
        private final List<String> digests = new ArrayList<>();
        @CheckForNull
        private String job;
        @CheckForNull
        private String run;
        @CheckForNull
        private String policyHash;
        @CheckForNull
        private Outcome outcome;
        private final List<AuditReason> reasons = new ArrayList<>();
        private final Map<String, String> payload = new TreeMap<>();
        @CheckForNull
        private String uniqueKey;

        private Builder(AuditEventType type, String actor, ActorKind actorKind) {
            this.type = type;
            this.actor = actor;
            this.actorKind = actorKind;
        }

        /** Overrides the random event id (e.g. to make a retried append idempotent at the caller). */
        public Builder eventId(String id) {
            this.eventId = id;
            return this;
        }

        public Builder correlationId(@CheckForNull String id) {
            this.correlationId = id;
            return this;
        }

        public Builder environment(@CheckForNull String name) {
            this.environment = name;
            return this;
        }

        public Builder digest(Digest digest) {
            this.digests.add(digest.toString());
            return this;
        }

        public Builder digests(List<Digest> all) {
            all.forEach(this::digest);
            return this;
        }

        /** Job and run of the asking pipeline run. */
        public Builder run(RunRef runRef) {
            this.job = runRef.job();
            this.run = runRef.run();
            return this;
        }

        public Builder job(@CheckForNull String name) {
            this.job = name;
            return this;
        }

        public Builder run(@CheckForNull String id) {
            this.run = id;
            return this;
        }

        public Builder policyHash(@CheckForNull String hash) {
            this.policyHash = hash;
            return this;
        }

        public Builder outcome(@CheckForNull Outcome value) {
            this.outcome = value;
            return this;
        }

        public Builder reason(AuditReason reason) {
            this.reasons.add(reason);
            return this;
        }

        public Builder reasons(List<AuditReason> all) {
            this.reasons.addAll(all);
            return this;
        }

        public Builder put(String key, String value) {
            this.payload.put(key, value);
            return this;
        }

        public Builder uniqueKey(@CheckForNull String key) {
            this.uniqueKey = key;
            return this;
        }

        public NewEvent build() {
            return new NewEvent(eventId, type, correlationId, actor, actorKind, environment, digests, job, run,
                    policyHash, outcome, reasons, payload, uniqueKey);
        }
    }
}
