package io.jenkins.plugins.promotiongates.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.notification.MailMessage;
import io.jenkins.plugins.promotiongates.engine.notification.NotificationOutbox;
import io.jenkins.plugins.promotiongates.engine.notification.OutboxSettings;
import io.jenkins.plugins.promotiongates.engine.notification.RecipientDirectory;
import io.jenkins.plugins.promotiongates.engine.notification.WebhookSender;
import io.jenkins.plugins.promotiongates.engine.notification.WebhookSignature;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox end to end: real decisions and approvals through the service, mails to a recording sender, webhooks to
 * a loopback receiver that checks the signature and refuses replays.
 */
class NotificationOutboxTest {
    private static final Set<String> RELEASE_MANAGERS = Set.of("release-managers");
    private static final Set<String> SECURITY = Set.of("security");

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
    private final WebhookReceiver receiver;
    private final NotificationKit.RecordingMail mail = new NotificationKit.RecordingMail();
    private final ObjectMapper json = new ObjectMapper();

    NotificationOutboxTest() throws IOException {
        receiver = new WebhookReceiver(NotificationKit.SECRET, fixture.clock);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Policy policy(int reminderMinutes, int digestMinutes) {
        return NotificationKit.policy(fixture, NotificationKit.section(receiver.url(), reminderMinutes, digestMinutes));
    }

    private DefaultPromotionService service(Policy policy) {
        return new DefaultPromotionService(PolicyProvider.fixed(policy), store, fixture.clock);
    }

    private NotificationOutbox outbox(Policy policy) {
        return outbox(policy, NotificationKit.directory());
    }

    private NotificationOutbox outbox(Policy policy, RecipientDirectory directory) {
        return new NotificationOutbox(store, () -> policy, directory,
                (cid, environment, job, number) -> URI.create("https://jenkins.example.org/job/" + job + "/"
                        + number + "/promotion-approval-" + environment + "/"),
                mail, new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(5)),
                        id -> Optional.of(NotificationKit.SECRET.clone()), fixture.clock, Duration.ofSeconds(30)),
                OutboxSettings.defaults(), fixture.clock);
    }

    @Test
    void shouldTellTheApproversButNeverTheRequesterOrACommitAuthor() throws IOException {
        Policy policy = policy(0, 0);
        DefaultPromotionService service = service(policy);
        Decision pending = fixture.pendingProduction(service, run("42"), pom());

        NotificationOutbox.PassReport report = outbox(policy).deliverDue();

        // alice asks (and started the run), dave wrote the change: both are in approver groups, neither hears.
        assertThat(mail.recipients()).containsExactly("bob@example.org", "carol@example.org");
        assertThat(report.sent()).isEqualTo(3);
        MailMessage bob = mail.sent.stream().filter(m -> m.to().startsWith("bob")).findFirst().orElseThrow();
        assertThat(bob.subject()).isEqualTo("[promotion-gates] Approval needed: " + pending.correlationId());
        String digest = ServiceFixture.digestOf("maven/sigstore-java/1.0.0/" + ServiceFixture.POM).toString();
        assertThat(bob.body()).contains("Environment: production", "Requested by: alice",
                "Artifact: sigstore-java-1.0.0.pom " + digest, "Reason: APPROVAL_REQUIRED",
                "Decision needed: 2 approval(s) from release-managers,security, each from a different group",
                "Deadline: 2026-11-25T", "Page: https://jenkins.example.org/job/shop/release/42/promotion-approval-production/",
                "Approve or reject only on the approval page");
        assertThat(bob.body()).doesNotContain("dave", "BEGIN", "sigstore.json");

        assertThat(receiver.accepted).singleElement().satisfies(hook -> {
            JsonNode body = json.readTree(hook.body());
            assertThat(body.path("schema").asText()).isEqualTo("promotion-gates.notification/v1");
            assertThat(body.path("kind").asText()).isEqualTo("APPROVAL_NEEDED");
            assertThat(body.path("correlationId").asText()).isEqualTo(pending.correlationId());
            assertThat(body.path("artifacts").get(0).path("digest").asText()).isEqualTo(digest);
            assertThat(body.path("deliveryId").asText()).isEqualTo(hook.header(WebhookSignature.DELIVERY_HEADER));
            assertThat(hook.header(WebhookSignature.EVENT_HEADER)).isEqualTo("APPROVAL_NEEDED");
        });
        assertThat(NotificationKit.all(store, AuditEventType.NOTIFICATION_ATTEMPTED)).hasSize(3)
                .allSatisfy(e -> assertThat(e.uniqueKey()).startsWith("notification:approval-needed@"));
        assertThat(NotificationKit.all(store, AuditEventType.NOTIFICATION_SENT)).hasSize(3);
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }

    @Test
    void shouldNotTellAGroupMemberWhoMayNotApproveThisJob() {
        Policy policy = policy(0, 0);
        Decision pending = fixture.pendingProduction(service(policy), run("42"), pom());
        RecipientDirectory groups = NotificationKit.directory();
        List<String> asked = new CopyOnWriteArrayList<>();
        // carol is in an approver group but lost the Approve permission on this job: she could not vote, so she
        // is not told (the plugin answers from JenkinsApproverDirectory, as for votes).
        RecipientDirectory withPermissions = new RecipientDirectory() {
            @Override
            public Set<String> membersOf(String group) {
                return groups.membersOf(group);
            }

            @Override
            public Optional<String> mailAddress(String userId) {
                return groups.mailAddress(userId);
            }

            @Override
            public boolean mayApprove(String userId, String job) {
                asked.add(userId + "@" + job);
                return !userId.equals("carol");
            }
        };

        outbox(policy, withPermissions).deliverDue();

        assertThat(pending.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(mail.recipients()).containsExactly("bob@example.org");
        assertThat(asked).contains("bob@shop/release", "carol@shop/release");
    }

    @Test
    void shouldTellTheRequesterAndTheAdminsTheAnswer() {
        Policy policy = policy(0, 0);
        DefaultPromotionService service = service(policy);
        NotificationOutbox outbox = outbox(policy);
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        outbox.deliverDue();
        mail.sent.clear();

        service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));
        assertThat(service.decide(approve(service, pending, "carol", SECURITY)).decision().outcome())
                .isEqualTo(Outcome.ALLOW);
        outbox.deliverDue();

        assertThat(mail.recipients()).containsExactly("alice@example.org", "sec-admin@example.org");
        assertThat(mail.sent.get(0).subject()).isEqualTo("[promotion-gates] Approved: " + pending.correlationId());
        assertThat(receiver.accepted).hasSize(2);
        assertThat(receiver.accepted.get(1).text()).contains("\"kind\":\"APPROVAL_ANSWERED\"", "\"outcome\":\"ALLOW\"");
    }

    @Test
    void shouldTellTheTimeOutOnceWhetherNoticedByTheOutboxOrRecordedByTheNextAction() {
        Policy policy = policy(0, 0);
        DefaultPromotionService service = service(policy);
        NotificationOutbox outbox = outbox(policy);
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        outbox.deliverDue();
        mail.sent.clear();

        // Nobody acts: the time-out is not recorded yet (queries never write), but the outbox notices the deadline.
        fixture.clock.advance(Duration.ofHours(24).plusMinutes(1));
        outbox.deliverDue();
        assertThat(mail.recipients()).containsExactly("alice@example.org", "sec-admin@example.org");
        assertThat(mail.sent.get(0).subject())
                .isEqualTo("[promotion-gates] Denied (APPROVAL_TIMED_OUT): " + pending.correlationId());

        // A late vote records the time-out; its answer is the same notification, not told again.
        service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));
        assertThat(ServiceFixture.events(store, pending.correlationId(), AuditEventType.APPROVAL_TIMED_OUT)).hasSize(1);
        outbox.deliverDue();

        assertThat(mail.sent).hasSize(2);
        assertThat(receiver.accepted).extracting(r -> r.header(WebhookSignature.EVENT_HEADER))
                .containsExactly("APPROVAL_NEEDED", "APPROVAL_ANSWERED");
    }

    @Test
    void shouldNeverSendAgainAfterARestartOrFromASecondController() throws Exception {
        Policy policy = policy(0, 0);
        fixture.pendingProduction(service(policy), run("42"), pom());
        outbox(policy).deliverDue();

        // A restarted controller (a new outbox reading the same store from the start) finds everything delivered.
        NotificationOutbox.PassReport again = outbox(policy).deliverDue();

        assertThat(again).isEqualTo(new NotificationOutbox.PassReport(0, 0, 0));
        assertThat(mail.sent).hasSize(2);
        assertThat(receiver.all).hasSize(1);
    }

    @Test
    void shouldLeaveAnAttemptInFlightToTheControllerThatTookIt() throws Exception {
        Policy policy = policy(0, 0);
        fixture.pendingProduction(service(policy), run("42"), pom());
        receiver.mode = WebhookReceiver.Mode.HANG;
        NotificationOutbox first = outbox(policy);
        Thread sending = new Thread(first::deliverDue);
        sending.start();
        assertThat(receiver.hanging.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        // The second controller sees the first one's NOTIFICATION_ATTEMPTED (within its lease) and does not send.
        NotificationOutbox.PassReport second = outbox(policy).deliverDue();
        receiver.mode = WebhookReceiver.Mode.ACCEPT;
        receiver.release.countDown();
        sending.join();

        assertThat(second.sent() + second.failed()).isZero();
        assertThat(receiver.all).hasSize(1);
        assertThat(mail.sent).hasSize(2);
    }

    @Test
    void shouldBeRefusedByTheReceiverWhenReplayedOrTampered() throws Exception {
        Policy policy = policy(0, 0);
        fixture.pendingProduction(service(policy), run("42"), pom());
        outbox(policy).deliverDue();
        WebhookReceiver.Received original = receiver.accepted.get(0);

        HttpClient client = HttpClient.newHttpClient();
        int replay = client.send(copy(original, original.body()), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        byte[] tampered = original.text().replace("production", "staging").getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        int forged = client.send(copy(original, tampered), HttpResponse.BodyHandlers.discarding()).statusCode();

        assertThat(replay).as("seen before: acknowledged, not acted on").isEqualTo(200);
        assertThat(forged).isEqualTo(401);
        assertThat(receiver.accepted).hasSize(1);
        assertThat(WebhookSignature.matches(NotificationKit.SECRET, original.body(),
                original.header(WebhookSignature.HEADER))).isTrue();
    }

    private HttpRequest copy(WebhookReceiver.Received received, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.url())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of(WebhookSignature.HEADER, WebhookSignature.DELIVERY_HEADER,
                WebhookSignature.TIMESTAMP_HEADER)) {
            request.header(header, received.header(header));
        }
        return request.build();
    }

    @Test
    void shouldRemindOnceTheApproversWhoHaveNotVoted() {
        Policy policy = policy(60, 0);
        DefaultPromotionService service = service(policy);
        NotificationOutbox outbox = outbox(policy);
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        outbox.deliverDue();
        service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));
        mail.sent.clear();

        fixture.clock.advance(Duration.ofHours(22).plusMinutes(59));
        outbox.deliverDue();
        assertThat(mail.sent).isEmpty();
        fixture.clock.advance(Duration.ofMinutes(2));
        outbox.deliverDue();
        outbox.deliverDue();

        assertThat(mail.sent).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("carol@example.org");
            assertThat(m.subject()).startsWith("[promotion-gates] Reminder, approval due 2026-11-25T");
        });
        assertThat(receiver.accepted).extracting(r -> r.header(WebhookSignature.EVENT_HEADER))
                .containsExactly("APPROVAL_NEEDED", "APPROVAL_REMINDER");
    }

    @Test
    void shouldDigestWhatWaitsAtMostOncePerPeriodPerApprover() {
        Policy policy = policy(0, 120);
        DefaultPromotionService service = service(policy);
        NotificationOutbox outbox = outbox(policy);
        Decision first = fixture.pendingProduction(service, run("42"), pom());
        outbox.deliverDue();
        assertThat(mail.recipients()).containsExactly("bob@example.org", "carol@example.org");

        Decision second = fixture.pendingProduction(service, new RunRef("shop/release", "43", "alice",
                ServiceFixture.REPOSITORY, List.of("dave")), pom());
        outbox.deliverDue();
        assertThat(mail.sent).as("75 minutes after the first digest: none yet").hasSize(2);

        fixture.clock.advance(Duration.ofMinutes(45));
        outbox.deliverDue();
        outbox.deliverDue();

        assertThat(mail.sent).hasSize(4);
        MailMessage digest = mail.sent.get(2);
        assertThat(digest.subject()).isEqualTo("[promotion-gates] 2 promotion(s) wait for your approval");
        assertThat(digest.body()).contains(first.correlationId(), second.correlationId());
        // Webhooks are told of each request as it waits, digests or not.
        assertThat(receiver.accepted).hasSize(2);
        List<AuditEvent> digests = NotificationKit.all(store, AuditEventType.NOTIFICATION_SENT).stream()
                .filter(e -> "APPROVAL_DIGEST".equals(e.payloadValue("kind"))).toList();
        assertThat(digests).hasSize(4);
    }
}
