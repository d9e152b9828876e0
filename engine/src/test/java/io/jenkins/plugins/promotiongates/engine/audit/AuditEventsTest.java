package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventsTest {
    private static final Digest DIGEST = Digest.sha256("c".repeat(64));
    private static final PromotionRequest REQUEST = PromotionRequest.builder("shop#42/production", "production",
                    Requester.agent("docs-refactor-042"), RunRef.of("shop", "42"))
            .artifact(new ArtifactEvidence(new ArtifactRef("app.jar", DIGEST), null, null)).build();

    @Test
    void shouldFillTheJoinFieldsFromTheRequest() {
        NewEvent event = AuditEvents.byRequester(AuditEventType.PROMOTION_REQUESTED, REQUEST).build();

        assertThat(event.correlationId()).isEqualTo("shop#42/production");
        assertThat(event.actor()).isEqualTo("docs-refactor-042");
        assertThat(event.actorKind()).isEqualTo(ActorKind.AGENT);
        assertThat(event.environment()).isEqualTo("production");
        assertThat(event.digests()).containsExactly(DIGEST.toString());
        assertThat(event.job()).isEqualTo("shop");
        assertThat(event.run()).isEqualTo("42");
    }

    @Test
    void shouldRecordADecisionWithItsReasonsAndPolicy() {
        String policy = PolicyVersion.hashOf("policy");
        Decision decision = Decision.fromChecks("production", "shop#42/production", policy, Instant.EPOCH, List.of(
                CheckResult.passed("signature", "signed by the release workflow", Map.of()),
                CheckResult.failed("window", ReasonCode.OUTSIDE_CHANGE_WINDOW, "Saturday is outside Mon-Fri", Map.of())),
                null);

        NewEvent event = AuditEvents.decision(REQUEST, decision).build();

        assertThat(event.type()).isEqualTo(AuditEventType.DECISION);
        assertThat(event.actor()).isEqualTo("docs-refactor-042");
        assertThat(event.actorKind()).isEqualTo(ActorKind.AGENT);
        assertThat(event.outcome()).isEqualTo(Outcome.DENY);
        assertThat(event.policyHash()).isEqualTo(policy);
        assertThat(event.reasons()).containsExactly(
                new AuditReason(ReasonCode.OUTSIDE_CHANGE_WINDOW, "window", "Saturday is outside Mon-Fri"));
    }
}
