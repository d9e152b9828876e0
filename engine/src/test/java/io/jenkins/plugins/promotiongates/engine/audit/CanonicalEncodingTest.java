package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalEncodingTest {
    private static final Instant TIME = Instant.parse("2026-11-25T02:00:00.123456Z");

    private static AuditEvent sample(String comment, String correlationId) {
        NewEvent event = NewEvent.builder(AuditEventType.DECISION, "alice", ActorKind.HUMAN)
                .eventId("00000000-0000-4000-8000-000000000001").correlationId(correlationId).environment("production")
                .digest(Digest.sha256("a".repeat(64))).job("shop/backend").run("42").policyHash("f".repeat(64))
                .outcome(Outcome.DENY).reason(new AuditReason(ReasonCode.TESTS_FAILED, "tests", "3 failed"))
                .put(PayloadKeys.COMMENT, comment).put(PayloadKeys.CREDENTIAL_ID, "prod-key").build();
        return AuditEvent.link(event, 1, TIME, AuditEvent.GENESIS_HASH);
    }

    @Test
    void shouldKeepTheDocumentedByteLayout() {
        AuditEvent event = sample("ok", "c1");
        byte[] bytes = CanonicalEncoding.encode(event);

        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(CanonicalEncoding.sequenceAt(bytes, 0)).isEqualTo(1);
        assertThat(HexFormat.of().formatHex(bytes, 9, 41)).isEqualTo(AuditEvent.GENESIS_HASH);
        // Pinned, and reproduced by an independent implementation of docs/audit.md (Python struct + hashlib): a change
        // here breaks every stored chain. Change the format only together with a new version byte.
        assertThat(event.hash()).isEqualTo("3f05bfa2135ba3021e6a1c83911959f42f702539de854351801fef09d34bb060");
    }

    @Test
    void shouldDistinguishNullFromEmptyAndFieldBoundaries() {
        AuditEvent a = sample("ab", "c1");
        AuditEvent b = sample("a", "c1b");

        assertThat(a.hash()).isNotEqualTo(b.hash());
    }

    @Property(tries = 200)
    void shouldDecodeWhatItEncodes(@ForAll @StringLength(max = 200) @CharRange(from = 1, to = 0xD7FF) String comment) {
        AuditEvent event = sample(comment, "c1");
        byte[] bytes = CanonicalEncoding.encode(event);

        AuditEvent decoded = CanonicalEncoding.decode(bytes, 0, bytes.length, event.hash());

        assertThat(decoded).isEqualTo(event);
        assertThat(CanonicalEncoding.hashHex(decoded)).isEqualTo(event.hash());
    }

    @Property(tries = 100)
    void shouldReadBackItsJsonLines(@ForAll @StringLength(max = 100) @CharRange(from = 1, to = 0xD7FF) String comment) {
        AuditEvent event = sample(comment, "c1");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        JsonLinesExporter.write(List.of(event), out);

        List<AuditEvent> read = new java.util.ArrayList<>();
        new JsonLinesReader(new BufferedReader(new StringReader(out.toString(java.nio.charset.StandardCharsets.UTF_8))))
                .forEach(read::add);

        assertThat(read).containsExactly(event);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(AuditEventType.class)
    void shouldDecodeTheIndexedFieldsLikeTheFullDecoder(AuditEventType type) {
        NewEvent event = NewEvent.builder(type, "alice", ActorKind.HUMAN).correlationId("c1").environment("staging")
                .digest(Digest.sha256("d".repeat(64))).policyHash("e".repeat(64)).outcome(Outcome.ALLOW)
                .uniqueKey("k").put(PayloadKeys.DEPLOYMENT_OUTCOME, "SUCCESS").put(PayloadKeys.SUBJECT, "agent-1")
                .put(PayloadKeys.POLICY_CONTENT, "version: 1").put(PayloadKeys.COMMENT, "why").build();
        AuditEvent linked = AuditEvent.link(event, 7, TIME, "1".repeat(64));
        byte[] bytes = CanonicalEncoding.encode(linked);

        assertThat(CanonicalEncoding.decodeForIndex(bytes, 0, bytes.length)).isEqualTo(EventIndex.Entry.of(linked));
    }

    @Test
    void shouldNameTheLineAndFieldOfAMalformedExport() {
        String text = "\n{\"sequence\":1,\"eventId\":42}\n";

        assertThatThrownBy(() -> new JsonLinesReader(new BufferedReader(new StringReader(text))).iterator().next())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("digests");
    }

    @Test
    void shouldRefuseEventsThatCannotBeStoredFaithfully() {
        assertThatThrownBy(() -> NewEvent.builder(AuditEventType.DECISION, "alice", ActorKind.HUMAN).correlationId("c")
                .put("comment", "nul\0byte").build()).hasMessageContaining("NUL");
        assertThatThrownBy(() -> NewEvent.builder(AuditEventType.DECISION, "alice", ActorKind.HUMAN).build())
                .hasMessageContaining("correlation id");
        assertThatThrownBy(() -> NewEvent.builder(AuditEventType.DECISION, "alice", ActorKind.HUMAN).correlationId("c")
                .put("bad key", "v").build()).hasMessageContaining("payload key");
        assertThat(NewEvent.builder(AuditEventType.QUARANTINE, "system", ActorKind.SYSTEM)
                .put(PayloadKeys.SUBJECT, "agent-1").build().payload()).isEqualTo(Map.of("subject", "agent-1"));
    }
}
