package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.notification.ApprovalLinks;
import io.jenkins.plugins.promotiongates.engine.notification.NotificationOutbox;
import io.jenkins.plugins.promotiongates.engine.notification.OutboxSettings;
import io.jenkins.plugins.promotiongates.engine.notification.WebhookSender;
import io.jenkins.plugins.promotiongates.engine.notification.WebhookSignature;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.codes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mail server or webhook that is down or hangs never delays, allows or changes a decision; it is recorded. */
class NotificationOutageTest {
    /** One promotion through approval; the outbox (when given) runs after every step, as a background poller would. */
    private static List<String> scenario(ServiceFixture fixture, InMemoryAuditStore store, Policy policy,
            NotificationOutbox outbox) {
        DefaultPromotionService service = new DefaultPromotionService(PolicyProvider.fixed(policy), store,
                fixture.clock);
        List<String> answers = new ArrayList<>();
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        answers.add(pending.outcome() + " " + codes(pending));
        pass(outbox);
        Decision bob = service.decide(approve(service, pending, "bob", Set.of("release-managers"))).decision();
        answers.add(bob.outcome() + " " + codes(bob));
        pass(outbox);
        Decision carol = service.decide(approve(service, pending, "carol", Set.of("security"))).decision();
        answers.add(carol.outcome() + " " + codes(carol));
        pass(outbox);
        answers.add(service.currentDecision(pending.correlationId()).orElseThrow().outcome().name());
        return answers;
    }

    private static void pass(NotificationOutbox outbox) {
        if (outbox != null) {
            outbox.deliverDue();
        }
    }

    private static NotificationOutbox outbox(ServiceFixture fixture, InMemoryAuditStore store, Policy policy,
            NotificationKit.RecordingMail mail) {
        return new NotificationOutbox(store, () -> policy, NotificationKit.directory(),
                ApprovalLinks.none(), mail,
                new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(5)),
                        id -> Optional.of(NotificationKit.SECRET.clone()), fixture.clock, Duration.ofSeconds(30)),
                OutboxSettings.defaults(), fixture.clock);
    }

    @Test
    void shouldDecideExactlyAsWithoutNotificationsWhenMailAndWebhookAreDown() throws IOException {
        ServiceFixture quiet = new ServiceFixture();
        List<String> without = scenario(quiet, new InMemoryAuditStore(quiet.clock),
                NotificationKit.policy(quiet, ""), null);

        ServiceFixture fixture = new ServiceFixture();
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        NotificationKit.RecordingMail mail = new NotificationKit.RecordingMail();
        mail.down = true;
        try (WebhookReceiver receiver = new WebhookReceiver(NotificationKit.SECRET, fixture.clock)) {
            receiver.mode = WebhookReceiver.Mode.FAIL;
            Policy policy = NotificationKit.policy(fixture, NotificationKit.section(receiver.url(), 0, 0));
            NotificationOutbox outbox = outbox(fixture, store, policy, mail);

            List<String> with = scenario(fixture, store, policy, outbox);

            assertThat(with).isEqualTo(without).last().isEqualTo("ALLOW");
            List<AuditEvent> failed = NotificationKit.all(store, AuditEventType.NOTIFICATION_FAILED);
            assertThat(failed).isNotEmpty().allSatisfy(e -> assertThat(e.reasons()).singleElement()
                    .satisfies(r -> assertThat(r.code()).isEqualTo(ReasonCode.NOTIFICATION_DELIVERY_FAILED)));
            assertThat(failed).anySatisfy(e -> assertThat(e.reasons().get(0).message())
                    .isEqualTo("webhook 'chat' answered HTTP 503"));
            assertThat(failed).anySatisfy(e -> assertThat(e.reasons().get(0).message())
                    .isEqualTo("connection refused by the mail server"));
            assertThat(NotificationKit.all(store, AuditEventType.NOTIFICATION_SENT)).isEmpty();

            // Back up: the failed deliveries are retried after their backoff, with the same delivery id.
            receiver.mode = WebhookReceiver.Mode.ACCEPT;
            mail.down = false;
            fixture.clock.advance(Duration.ofMinutes(5));
            outbox.deliverDue();

            assertThat(mail.recipients()).containsExactly("alice@example.org", "bob@example.org",
                    "carol@example.org", "sec-admin@example.org");
            assertThat(receiver.accepted).hasSize(2);
            String failedId = receiver.all.get(0).header(WebhookSignature.DELIVERY_HEADER);
            assertThat(receiver.accepted).anySatisfy(r -> assertThat(r.header(WebhookSignature.DELIVERY_HEADER))
                    .isEqualTo(failedId));
        }
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptAndRecordWhy() throws IOException {
        ServiceFixture fixture = new ServiceFixture();
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        try (WebhookReceiver receiver = new WebhookReceiver(NotificationKit.SECRET, fixture.clock)) {
            receiver.mode = WebhookReceiver.Mode.FAIL;
            Policy policy = NotificationKit.policy(fixture, NotificationKit.section(receiver.url(), 0, 0));
            fixture.pendingProduction(new DefaultPromotionService(PolicyProvider.fixed(policy), store,
                    fixture.clock), run("42"), pom());
            NotificationOutbox outbox = new NotificationOutbox(store, () -> policy, NotificationKit.directory(),
                    ApprovalLinks.none(), null,
                    new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(5)), id -> Optional.empty(),
                            fixture.clock, Duration.ofSeconds(30)), OutboxSettings.defaults(), fixture.clock);

            for (int i = 0; i < 10; i++) {
                outbox.deliverDue();
                fixture.clock.advance(Duration.ofHours(1));
            }

            // No secret configured: one attempt, recorded, never retried (and nothing was sent unsigned).
            assertThat(receiver.all).isEmpty();
            assertThat(NotificationKit.all(store, AuditEventType.NOTIFICATION_FAILED)).singleElement()
                    .satisfies(e -> assertThat(e.reasons().get(0).code())
                            .isEqualTo(ReasonCode.NOTIFICATION_NOT_CONFIGURED));
        }
    }

    @Test
    void shouldRetryWithBackoffUpToTheLimit() throws IOException {
        ServiceFixture fixture = new ServiceFixture();
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        try (WebhookReceiver receiver = new WebhookReceiver(NotificationKit.SECRET, fixture.clock)) {
            receiver.mode = WebhookReceiver.Mode.FAIL;
            Policy policy = NotificationKit.policy(fixture, NotificationKit.section(receiver.url(), 0, 0));
            fixture.pendingProduction(new DefaultPromotionService(PolicyProvider.fixed(policy), store,
                    fixture.clock), run("42"), pom());
            NotificationOutbox outbox = outbox(fixture, store, policy, null);

            List<Integer> attemptsAfterEachMinute = new ArrayList<>();
            for (int minute = 0; minute < 20; minute++) {
                outbox.deliverDue();
                attemptsAfterEachMinute.add(receiver.all.size());
                fixture.clock.advance(Duration.ofMinutes(1));
            }

            // Attempts at minutes 0, 1, 3, 7 and 15 (1, 2, 4, 8 minutes apart), then given up.
            assertThat(attemptsAfterEachMinute.get(0)).isEqualTo(1);
            assertThat(attemptsAfterEachMinute.get(2)).isEqualTo(2);
            assertThat(attemptsAfterEachMinute.get(6)).isEqualTo(3);
            assertThat(attemptsAfterEachMinute.get(14)).isEqualTo(4);
            assertThat(attemptsAfterEachMinute.get(19)).isEqualTo(5);
            assertThat(NotificationKit.all(store, AuditEventType.NOTIFICATION_FAILED)).hasSize(5);
        }
    }

    @Test
    void shouldResendWithTheSameDeliveryIdWhenTheRecordOfASendWasLost() throws IOException {
        ServiceFixture fixture = new ServiceFixture();
        FailingAuditStore store = new FailingAuditStore(new InMemoryAuditStore(fixture.clock));
        try (WebhookReceiver receiver = new WebhookReceiver(NotificationKit.SECRET, fixture.clock)) {
            Policy policy = NotificationKit.policy(fixture, NotificationKit.section(receiver.url(), 0, 0));
            fixture.pendingProduction(new DefaultPromotionService(PolicyProvider.fixed(policy), store,
                    fixture.clock), run("42"), pom());
            NotificationOutbox outbox = new NotificationOutbox(store, () -> policy, NotificationKit.directory(),
                    ApprovalLinks.none(), null,
                    new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(5)),
                            id -> Optional.of(NotificationKit.SECRET.clone()), fixture.clock, Duration.ofSeconds(30)),
                    OutboxSettings.defaults(), fixture.clock);
            store.failAppendsOf(AuditEventType.NOTIFICATION_SENT, () ->
                    new StoreUnavailableException("disk full"));

            // Sent, but its record could not be written: the pass ends with the store's error, nothing claims success.
            assertThatThrownBy(outbox::deliverDue)
                    .isInstanceOf(StoreUnavailableException.class);
            store.heal();
            assertThat(NotificationKit.all(store, AuditEventType.NOTIFICATION_SENT)).isEmpty();

            // Within the lease nobody resends; after it, the same delivery id again, which the receiver does not act on.
            fixture.clock.advance(Duration.ofMinutes(9));
            outbox.deliverDue();
            assertThat(receiver.all).hasSize(1);
            fixture.clock.advance(Duration.ofMinutes(2));
            outbox.deliverDue();

            assertThat(receiver.all).hasSize(2).extracting(r -> r.header(WebhookSignature.DELIVERY_HEADER))
                    .containsOnly(receiver.all.get(0).header(WebhookSignature.DELIVERY_HEADER));
            assertThat(receiver.accepted).hasSize(1);
            assertThat(NotificationKit.all(store, AuditEventType.NOTIFICATION_SENT)).singleElement()
                    .satisfies(e -> assertThat(e.payloadValue("attempt")).isEqualTo("2"));
        }
    }

    @Test
    void shouldNotWaitForAHangingWebhookToDecide() throws Exception {
        ServiceFixture fixture = new ServiceFixture();
        InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
        try (WebhookReceiver receiver = new WebhookReceiver(NotificationKit.SECRET, fixture.clock)) {
            Policy policy = NotificationKit.policy(fixture, NotificationKit.section(receiver.url(), 0, 0));
            DefaultPromotionService service = new DefaultPromotionService(PolicyProvider.fixed(policy), store,
                    fixture.clock);
            Decision pending = fixture.pendingProduction(service, run("42"), pom());
            receiver.mode = WebhookReceiver.Mode.HANG;
            Thread poller = new Thread(outbox(fixture, store, policy, new NotificationKit.RecordingMail())::deliverDue);
            poller.start();
            assertThat(receiver.hanging.await(30, TimeUnit.SECONDS)).isTrue();

            // While the outbox is stuck in the webhook, the votes are decided and recorded.
            service.decide(approve(service, pending, "bob", Set.of("release-managers")));
            Decision allowed = service.decide(approve(service, pending, "carol", Set.of("security"))).decision();

            assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOW);
            assertThat(poller.isAlive()).isTrue();
            receiver.release.countDown();
            poller.join();
        }
    }
}
