package io.jenkins.plugins.promotiongates.engine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

/**
 * Requests and decisions travel in audit event payloads as JSON, so that a restarted controller can rebuild pending
 * approvals and {@code policy replay} can re-evaluate past requests under a new policy.
 */
final class EventCodec {
    static final String REQUEST = "request";
    static final String DECISION = "decision";

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Derived accessors such as Decision.isAllowed() are written too; reading ignores them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    PromotionRequest readRequest(String json) {
        return read(json, PromotionRequest.class);
    }

    Decision readDecision(String json) {
        return read(json, Decision.class);
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Recorded " + type.getSimpleName() + " cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }
}
