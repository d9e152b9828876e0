package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void shouldKeepTheRequesterSourceAndTheAuthorsCompletenessThroughTheAuditPayload() {
        PromotionRequest request = PromotionRequest.builder("shop#42/production", "production",
                new Requester("paul", Requester.Kind.HUMAN, Requester.Source.USER_CAUSE),
                new RunRef("shop", "42", "paul", null, List.of("bob"), false)).build();

        PromotionRequest read = codec.readCurrent(codec.write(request), PromotionRequest.class);

        assertThat(read.requester()).isEqualTo(request.requester());
        assertThat(read.run().commitAuthorsKnown()).isFalse();
        assertThat(read).isEqualTo(request);
    }

    @Test
    void shouldReadARequestRecordedBeforeTheseFieldsAsAssertedWithUnknownAuthors() {
        String recorded = codec.write(PromotionRequest.builder("shop#42/staging", "staging", Requester.human("paul"),
                new RunRef("shop", "42", "paul", null, List.of("bob"))).build())
                .replace(",\"source\":\"ASSERTED\"", "").replace(",\"commitAuthorsKnown\":true", "");
        assertThat(recorded).doesNotContain("source").doesNotContain("commitAuthorsKnown");

        PromotionRequest read = codec.readRequest(new InMemoryAuditStore(Clock.fixed(java.time.Instant.parse("2026-11-24T08:30:00Z"), java.time.ZoneOffset.UTC)).append(
                NewEvent.builder(AuditEventType.PROMOTION_REQUESTED, "paul", ActorKind.HUMAN)
                        .correlationId("shop#42/staging").put(EventCodec.REQUEST, recorded).build()));

        assertThat(read.requester().source()).isEqualTo(Requester.Source.ASSERTED);
        assertThat(read.run().commitAuthors()).containsExactly("bob");
        assertThat(read.run().commitAuthorsKnown()).isFalse();
    }
}
