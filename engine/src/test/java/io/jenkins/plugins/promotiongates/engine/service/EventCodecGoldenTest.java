package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Escalation;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stored form of requests and decisions, payload versions 1 and 2, pinned by golden files in
 * src/test/resources/codec. A failure here means the stored format changed: keep the golden file, add a version and a
 * reader for the old one (EventCodec), then add a golden file for the new version. Regenerate nothing blindly.
 */
class EventCodecGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/codec");
    private static final Instant AT = Instant.parse("2026-11-24T08:30:00Z");
    private static final Digest JAR = Digest.sha256("a".repeat(64));

    private final EventCodec codec = new EventCodec();

    static PromotionRequest request() {
        return PromotionRequest.builder("shop/release#42/production", "production", Requester.agent("release-bot"),
                        new RunRef("shop/release", "42", "alice", "https://github.com/shop/release", List.of("dave")))
                .action(PromotionRequest.Action.PROMOTE)
                .artifact(new ArtifactEvidence(new ArtifactRef("shop.jar", JAR),
                        SignatureEvidence.verified("https://github.com/shop/release/.github/workflows/release.yml@refs/tags/v1",
                                "https://token.actions.githubusercontent.com", 125680196L, AT),
                        ProvenanceEvidence.verified("https://slsa.dev/provenance/v1", "https://github.com/actions/runner",
                                "git+https://github.com/shop/release", "refs/tags/v1", "0123456789abcdef")))
                .entitlement(new EntitlementEvidence(true, "release-bot", "release v1", List.of("github.com/shop/release"),
                        List.of("promote"), List.of("production"), "broker", AT, AT.plusSeconds(1800), ReasonCode.OK,
                        "valid"))
                .tests(new TestEvidence(128, 0, 2))
                .rollbackPlan("https://wiki.example.org/rollback")
                .freezeExceptionRequested(true)
                .changedPaths(List.of("src/main/App.java"))
                .build();
    }

    static Decision decision() {
        CheckResult approval = CheckResult.pending("approval", ReasonCode.APPROVAL_REQUIRED, "0 of 2 approvals",
                Map.of("required", "2"));
        return Decision.fromChecks("production", "shop/release#42/production", "9f".repeat(32), AT,
                List.of(CheckResult.passed("signature", "signed", Map.of("digest", JAR.toString())), approval),
                new Escalation("release-bot", "promote shop.jar", List.of(approval), Map.of("environment", "production"),
                        "Approve this promotion?"));
    }

    @Test
    void shouldWriteARequestExactlyAsVersionTwoStoresIt() throws IOException {
        assertThat(codec.write(request())).isEqualTo(golden("request-v2.json"));
    }

    @Test
    void shouldReadVersionTwoRequestsBackUnchanged() throws IOException {
        assertThat(codec.readRequest(event(golden("request-v2.json"), "2"))).isEqualTo(request());
    }

    @Test
    void shouldReadVersionOneRequestsAsAssertedRequestersWithUnknownAuthors() throws IOException {
        PromotionRequest read = codec.readRequest(event(golden("request-v1.json"), "1"));
        PromotionRequest expected = request();

        assertThat(read.requester().source()).isEqualTo(Requester.Source.ASSERTED);
        assertThat(read.run().commitAuthorsKnown()).isFalse();
        assertThat(read.run().commitAuthors()).isEqualTo(expected.run().commitAuthors());
        assertThat(read.artifacts()).isEqualTo(expected.artifacts());
        assertThat(read.entitlement()).isEqualTo(expected.entitlement());
    }

    @Test
    void shouldWriteADecisionExactlyAsVersionOneStoredIt() throws IOException {
        // version 2 changed only the request
        assertThat(codec.write(decision())).isEqualTo(golden("decision-v1.json"));
    }

    @Test
    void shouldReadDecisionsOfBothVersionsBackUnchanged() throws IOException {
        assertThat(codec.readDecision(decisionEvent(golden("decision-v1.json"), "1"))).isEqualTo(decision());
        assertThat(codec.readDecision(decisionEvent(golden("decision-v1.json"), "2"))).isEqualTo(decision());
    }

    @Test
    void shouldRefuseAFieldItDoesNotKnowInsteadOfDroppingIt() throws IOException {
        String renamed = golden("request-v2.json").replace("\"rollbackPlan\"", "\"rollbackPlanUrl\"");

        assertThatThrownBy(() -> codec.readRequest(event(renamed, EventCodec.CURRENT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rollbackPlanUrl");
        assertThatThrownBy(() -> codec.readRequest(event(golden("request-v2.json"), "3")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("payload version 3");
    }

    @Test
    void shouldReadUnversionedPayloadsOfEarlierEnginesLeniently() throws IOException {
        String earlier = golden("request-v2.json").replace("{\"correlationId\"", "{\"formerField\":1,\"correlationId\"");

        assertThat(codec.readRequest(event(earlier, null))).isEqualTo(request());
    }

    private static AuditEvent event(String json, String version) {
        NewEvent.Builder builder = NewEvent.builder(AuditEventType.PROMOTION_REQUESTED, "release-bot", ActorKind.AGENT)
                .correlationId("shop/release#42/production").put(EventCodec.REQUEST, json);
        if (version != null) {
            builder.put(EventCodec.VERSION, version);
        }
        return new InMemoryAuditStore(Clock.fixed(AT, ZoneOffset.UTC)).append(builder.build());
    }

    private static AuditEvent decisionEvent(String json, String version) {
        return new InMemoryAuditStore(Clock.fixed(AT, ZoneOffset.UTC)).append(NewEvent.builder(AuditEventType.DECISION,
                "release-bot", ActorKind.AGENT).correlationId("shop/release#42/production")
                .put(EventCodec.DECISION, json).put(EventCodec.VERSION, version).build());
    }

    private static String golden(String name) throws IOException {
        return Files.readString(GOLDEN.resolve(name)).strip();
    }
}
