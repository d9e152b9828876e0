package io.jenkins.plugins.promotiongates.engine.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;

/**
 * Requests and decisions travel in audit event payloads as JSON, so that a restarted controller can rebuild pending
 * approvals and {@code policy replay} can re-evaluate past requests under a new policy.
 *
 * <p>Versioned: events written by this engine carry {@value #VERSION} {@value #CURRENT}, and such payloads are read
 * strictly — a field the reader does not know (renamed, or written by a newer engine) is an error, never silently
 * dropped, which would lose data on replay. Payloads without a version (written before versioning) are read as they
 * always were, ignoring what the reader does not know. Each version's format is pinned by golden files
 * ({@code EventCodecGoldenTest}): changing a stored field means a new version and a reader for the old one.
 *
 * <p>Versions: 1, the first; 2 adds the requester's {@code source} (who said it is a person or an agent) and the
 * run's {@code commitAuthorsKnown}. Version 1 is read strictly by the same reader: its fields are a subset, a missing
 * source reads as {@code ASSERTED} and missing completeness as unknown authors, as the engine treated them then.
 */
final class EventCodec {
    static final String REQUEST = "request";
    static final String DECISION = "decision";
    /** Payload key of the version of the {@link #REQUEST} and {@link #DECISION} payloads of the event. */
    static final String VERSION = "payloadVersion";
    static final String CURRENT = "2";
    /** Versions whose fields are a subset of the current one's, read strictly by the current reader. */
    private static final java.util.Set<String> READABLE = java.util.Set.of("1", CURRENT);

    /** Derived accessors Jackson writes (isAllowed(), isProblem(), isAgent()): written for readers, never read. */
    @JsonIgnoreProperties(value = "allowed", allowGetters = true)
    private interface DecisionDerived {
    }

    @JsonIgnoreProperties(value = "problem", allowGetters = true)
    private interface CheckResultDerived {
    }

    @JsonIgnoreProperties(value = "agent", allowGetters = true)
    private interface RequesterDerived {
    }

    private final ObjectMapper strict = mapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ObjectMapper legacy = mapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addMixIn(Decision.class, DecisionDerived.class)
                .addMixIn(CheckResult.class, CheckResultDerived.class)
                .addMixIn(Requester.class, RequesterDerived.class);
    }

    String write(Object value) {
        try {
            return strict.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    PromotionRequest readRequest(AuditEvent event) {
        return read(event, REQUEST, PromotionRequest.class);
    }

    Decision readDecision(AuditEvent event) {
        return read(event, DECISION, Decision.class);
    }

    /** Reads a payload of the current version (golden tests, and callers holding only the text). */
    <T> T readCurrent(String json, Class<T> type) {
        return read(strict, json, type, CURRENT);
    }

    private <T> T read(AuditEvent event, String key, Class<T> type) {
        String version = event.payload().get(VERSION);
        if (version == null) {
            return read(legacy, event.payloadValue(key), type, "unversioned");
        }
        if (!READABLE.contains(version)) {
            throw new IllegalStateException("Recorded " + type.getSimpleName() + " of event " + event.sequence()
                    + " has payload version " + version + ", which this engine cannot read (written by a newer one?)");
        }
        return read(strict, event.payloadValue(key), type, version);
    }

    private static <T> T read(ObjectMapper mapper, String json, Class<T> type, String version) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Recorded " + type.getSimpleName() + " (payload version " + version
                    + ") cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
