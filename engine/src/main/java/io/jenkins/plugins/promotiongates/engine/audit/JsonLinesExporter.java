package io.jenkins.plugins.promotiongates.engine.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes events as JSON Lines for a SIEM: one object per line, UTF-8, with the stable field names and order of
 * docs/audit.md (the same names as {@link AuditEvent}). Absent values are written as {@code null}, so every line has
 * every field. {@link JsonLinesReader} reads the format back, and {@link ChainVerifier} can verify what it reads.
 */
public final class JsonLinesExporter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonLinesExporter() {
    }

    /** Exports every event after {@code afterSequence}; returns how many were written. */
    public static long export(AuditStore store, long afterSequence, OutputStream out) {
        long[] count = {0};
        try (JsonGenerator generator = JSON.createGenerator(nonClosing(out), JsonEncoding.UTF8)) {
            generator.setRootValueSeparator(null);
            store.scan(afterSequence, event -> {
                write(generator, event);
                count[0]++;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit export", e);
        }
        return count[0];
    }

    /** Writes events as JSON Lines. */
    public static void write(Iterable<AuditEvent> events, OutputStream out) {
        try (JsonGenerator generator = JSON.createGenerator(nonClosing(out), JsonEncoding.UTF8)) {
            for (AuditEvent event : events) {
                write(generator, event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit export", e);
        }
    }

    private static void write(JsonGenerator generator, AuditEvent event) {
        try {
            generator.writeStartObject();
            generator.writeNumberField("sequence", event.sequence());
            generator.writeStringField("eventId", event.eventId());
            generator.writeStringField("type", event.type().name());
            generator.writeStringField("time", event.time().toString());
            generator.writeStringField("correlationId", event.correlationId());
            generator.writeStringField("actor", event.actor());
            generator.writeStringField("actorKind", event.actorKind().name());
            generator.writeStringField("environment", event.environment());
            generator.writeArrayFieldStart("digests");
            for (String digest : event.digests()) {
                generator.writeString(digest);
            }
            generator.writeEndArray();
            generator.writeStringField("job", event.job());
            generator.writeStringField("run", event.run());
            generator.writeStringField("policyHash", event.policyHash());
            generator.writeStringField("outcome", event.outcome() == null ? null : event.outcome().name());
            generator.writeArrayFieldStart("reasons");
            for (AuditReason reason : event.reasons()) {
                generator.writeStartObject();
                generator.writeStringField("code", reason.code().name());
                generator.writeStringField("gate", reason.gate());
                generator.writeStringField("message", reason.message());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeObjectFieldStart("payload");
            for (Map.Entry<String, String> entry : event.payload().entrySet()) {
                generator.writeStringField(entry.getKey(), entry.getValue());
            }
            generator.writeEndObject();
            generator.writeStringField("uniqueKey", event.uniqueKey());
            generator.writeStringField("prevHash", event.prevHash());
            generator.writeStringField("hash", event.hash());
            generator.writeEndObject();
            generator.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write audit event " + event.sequence(), e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
