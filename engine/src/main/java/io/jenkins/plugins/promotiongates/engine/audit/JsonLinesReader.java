package io.jenkins.plugins.promotiongates.engine.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * Reads the JSON Lines written by {@link JsonLinesExporter}, one event per line, lazily. A malformed line stops the
 * iteration with an {@link IllegalArgumentException} that names the line number and the field.
 */
public final class JsonLinesReader implements Iterable<AuditEvent> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final BufferedReader reader;

    /** Reads from the reader (UTF-8 text); the caller closes it. */
    public JsonLinesReader(BufferedReader reader) {
        this.reader = reader;
    }

    @Override
    public Iterator<AuditEvent> iterator() {
        return new Iterator<>() {
            private int lineNumber;
            @CheckForNull
            private String next = advance();

            @CheckForNull
            private String advance() {
                try {
                    String line;
                    do {
                        line = reader.readLine();
                        lineNumber++;
                    } while (line != null && line.isBlank());
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the audit export at line " + lineNumber, e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public AuditEvent next() {
                String line = next;
                if (line == null) {
                    throw new NoSuchElementException();
                }
                int number = lineNumber;
                AuditEvent event = parse(line, number);
                next = advance();
                return event;
            }
        };
    }

    /** Parses one exported line. */
    public static AuditEvent parse(String line, int lineNumber) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": not JSON: " + e.getOriginalMessage(), e);
        }
        Fields fields = new Fields(node, lineNumber);
        try {
            List<String> digests = new ArrayList<>();
            for (JsonNode digest : fields.array("digests")) {
                digests.add(digest.asText());
            }
            List<AuditReason> reasons = new ArrayList<>();
            for (JsonNode reason : fields.array("reasons")) {
                Fields reasonFields = new Fields(reason, lineNumber);
                reasons.add(new AuditReason(ReasonCode.valueOf(reasonFields.required("code")),
                        reasonFields.required("gate"), reasonFields.required("message")));
            }
            Map<String, String> payload = new TreeMap<>();
            JsonNode payloadNode = node.get("payload");
            if (payloadNode == null || !payloadNode.isObject()) {
                throw new IllegalArgumentException("field 'payload': expected an object");
            }
            payloadNode.properties().forEach(entry -> payload.put(entry.getKey(), entry.getValue().asText()));
            String outcome = fields.optional("outcome");
            JsonNode sequence = node.get("sequence");
            if (sequence == null || !sequence.canConvertToLong()) {
                throw new IllegalArgumentException("field 'sequence': expected an integer");
            }
            return new AuditEvent(sequence.asLong(), fields.required("eventId"),
                    AuditEventType.valueOf(fields.required("type")), Instant.parse(fields.required("time")),
                    fields.optional("correlationId"), fields.required("actor"),
                    ActorKind.valueOf(fields.required("actorKind")), fields.optional("environment"), digests,
                    fields.optional("job"), fields.optional("run"), fields.optional("policyHash"),
                    outcome == null ? null : Outcome.valueOf(outcome), reasons, payload, fields.optional("uniqueKey"),
                    fields.required("prevHash"), fields.required("hash"));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private record Fields(JsonNode node, int lineNumber) {
        String required(String name) {
            String value = optional(name);
            if (value == null) {
                throw new IllegalArgumentException("field '" + name + "' is missing");
            }
            return value;
        }

        @CheckForNull
        String optional(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new IllegalArgumentException("field '" + name + "': expected a string, found " + value.getNodeType());
            }
            return value.asText();
        }

        Iterable<JsonNode> array(String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isArray()) {
                throw new IllegalArgumentException("field '" + name + "': expected an array");
            }
            return value;
        }
    }
}
