package io.jenkins.plugins.promotiongates.engine.notification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.NotificationRule;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Delivers notifications off the decision path. Each {@link #deliverDue()} pass reads the audit trail from where the
 * previous pass stopped, plans what the new events tell ({@link NotificationPlanner}), adds the reminders and digests
 * that fell due, and makes every attempt that is due. An attempt is two appends: NOTIFICATION_ATTEMPTED with the
 * unique key {@link UniqueKeys#notificationAttempt} before sending (so two controllers, or a restarted one, never
 * take the same attempt), then its record, NOTIFICATION_SENT or NOTIFICATION_FAILED with the reason, in one append.
 * Which attempts were taken and how they ended is read back from the trail, so every controller on a shared store
 * agrees on what is due. A delivery that failed is retried with backoff ({@link OutboxSettings}).
 *
 * <p>Nothing here is called by a gate, a vote or a query: a mail server or webhook that fails or hangs delays only
 * the notifications (each send has its own timeout), and a store that refuses the outbox's writes ends the pass.
 */
public final class NotificationOutbox {
    /** The actor of the outbox's records, as the engine's own acts. */
    static final String ACTOR = "promotion-gates";
    static final String NOTIFICATION = "notification";
    static final String DELIVERY = "delivery";
    static final String TARGET = "target";
    static final String ATTEMPT = "attempt";
    static final String KIND = "kind";
    static final String SOURCE_SEQUENCE = "sourceSequence";
    /** On an approval digest's records: the notification ids it listed, comma-separated. */
    static final String ITEMS = "items";

    private final AuditStore store;
    private final Supplier<Policy> policies;
    private final NotificationPlanner planner;
    @CheckForNull
    private final MailSender mail;
    @CheckForNull
    private final WebhookSender webhooks;
    private final RecipientDirectory directory;
    private final OutboxSettings settings;
    private final Clock clock;

    private long cursor;
    /** Open approval requests by correlation id: their APPROVAL_REQUESTED event. */
    private final Map<String, AuditEvent> openApprovals = new LinkedHashMap<>();
    private final Map<String, Planned> planned = new LinkedHashMap<>();
    private final Map<String, DeliveryState> deliveries = new HashMap<>();
    /** Per person (lower case): the notification ids already listed in a delivered digest, and the last digest. */
    private final Map<String, Set<String>> digested = new HashMap<>();
    private final Map<String, Instant> lastDigest = new HashMap<>();

    /**
     * @param mail     null when mail is not configured (the CLI): people are not mailed, webhooks still are
     * @param webhooks null when webhooks are not configured
     */
    public NotificationOutbox(AuditStore store, Supplier<Policy> policies, RecipientDirectory directory,
            ApprovalLinks links, @CheckForNull MailSender mail, @CheckForNull WebhookSender webhooks,
            OutboxSettings settings, Clock clock) {
        this.store = store;
        this.policies = policies;
        this.planner = new NotificationPlanner(directory, links);
        this.directory = directory;
        this.mail = mail;
        this.webhooks = webhooks;
        this.settings = settings;
        this.clock = clock;
    }

    /** What one pass did. */
    public record PassReport(int sent, int failed, int skipped) {
    }

    /**
     * Reads new events, plans, and makes the attempts that are due. Throws only what the store or policy throw when
     * they cannot answer (nothing is sent then; the next pass starts from the same place).
     */
    public synchronized PassReport deliverDue() {
        Policy policy = policies.get();
        Instant now = clock.instant();
        List<AuditEvent> fresh = new ArrayList<>();
        store.scan(cursor, fresh::add);
        for (AuditEvent event : fresh) {
            follow(event, policy, now);
            cursor = event.sequence();
        }
        planReminders(policy, now);
        planDigests(policy, now);
        int[] counts = new int[3];
        for (Planned item : List.copyOf(planned.values())) {
            boolean done = true;
            for (Target target : item.targets()) {
                String key = item.notification().id() + "/" + target.name();
                DeliveryState state = deliveries.computeIfAbsent(key, k -> new DeliveryState());
                Instant due = state.dueAt(settings);
                if (due != null && !due.isAfter(now)) {
                    counts[attempt(item, target, key, state)]++;
                }
                done &= state.finished(settings);
            }
            if (done) {
                planned.remove(item.notification().id());
            }
        }
        forgetFinished(now);
        return new PassReport(counts[0], counts[1], counts[2]);
    }

    /**
     * Drops what is known of deliveries that ended long ago: their events are never planned again (older than
     * {@code maxAge}), and a reminder can fall due at most the longest approval timeout (30 days) after its request.
     */
    private void forgetFinished(Instant now) {
        Instant horizon = now.minus(settings.maxAge()).minus(Duration.ofDays(31));
        deliveries.entrySet().removeIf(entry -> {
            Instant last = entry.getValue().lastActivity();
            return entry.getValue().finished(settings) && last != null && last.isBefore(horizon);
        });
    }

    private void follow(AuditEvent event, Policy policy, Instant now) {
        if (event.type().isNotification()) {
            String key = event.payloadValue(DELIVERY);
            String attempt = event.payloadValue(ATTEMPT);
            if (key != null && attempt != null) {
                deliveries.computeIfAbsent(key, k -> new DeliveryState()).apply(event, Integer.parseInt(attempt));
                if (event.type() == AuditEventType.NOTIFICATION_SENT && event.payloadValue(ITEMS) != null) {
                    String person = personOf(event.payloadValue(TARGET));
                    digested.computeIfAbsent(person, p -> new HashSet<>())
                            .addAll(List.of(NotificationPlanner.COMMA.split(event.payloadValue(ITEMS))));
                }
                if (event.type() == AuditEventType.NOTIFICATION_ATTEMPTED && event.payloadValue(ITEMS) != null) {
                    lastDigest.merge(personOf(event.payloadValue(TARGET)), event.time(),
                            (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            return;
        }
        String correlationId = event.correlationId();
        if (event.type() == AuditEventType.APPROVAL_REQUESTED && correlationId != null) {
            openApprovals.put(correlationId, event);
        } else if (correlationId != null && closes(event)) {
            openApprovals.remove(correlationId);
        }
        if (event.time().isBefore(now.minus(settings.maxAge())) || !NotificationPlanner.concerns(event)) {
            return;
        }
        NotificationRule rule = rule(policy, event.environment());
        List<AuditEvent> promotion = correlationId == null ? List.of() : store.byCorrelationId(correlationId);
        Optional<Notification> notification = planner.plan(event, promotion, rule);
        if (notification.isPresent() && event.type() == AuditEventType.APPROVAL_REQUESTED
                && !stillOpen(event, promotion)) {
            return;
        }
        notification.ifPresent(n -> plan(n, rule));
    }

    private void planReminders(Policy policy, Instant now) {
        for (AuditEvent requested : List.copyOf(openApprovals.values())) {
            Instant deadline = NotificationPlanner.deadline(requested);
            NotificationRule rule = rule(policy, requested.environment());
            if (deadline != null && !now.isBefore(deadline)) {
                openApprovals.remove(requested.correlationId());
                if (!deadline.isBefore(now.minus(settings.maxAge()))) {
                    plan(planner.timedOut(requested, store.byCorrelationId(requested.correlationId()), rule), rule);
                }
                continue;
            }
            if (rule.reminderMinutes() == 0 || planned.containsKey("approval-reminder@" + requested.sequence())
                    || deadline == null || now.isBefore(deadline.minusSeconds(60L * rule.reminderMinutes()))) {
                continue;
            }
            planner.reminder(requested, store.byCorrelationId(requested.correlationId()), rule, now)
                    .ifPresent(n -> plan(n, rule));
        }
    }

    /** Per person: one digest per window, listing what waits, when something in it was not listed before. */
    private void planDigests(Policy policy, Instant now) {
        Map<String, List<Notification>> waiting = new TreeMap<>();
        Map<String, Integer> minutes = new HashMap<>();
        for (AuditEvent requested : openApprovals.values()) {
            NotificationRule rule = rule(policy, requested.environment());
            if (rule.digestMinutes() == 0 || !rule.mail() || mail == null) {
                continue;
            }
            List<AuditEvent> promotion = store.byCorrelationId(requested.correlationId());
            Notification needed = planner.plan(requested, promotion, rule).orElseThrow();
            Notification item = planner.reminder(requested, promotion, rule, now).orElse(needed);
            for (String person : item.people()) {
                String key = Approver.normalize(person);
                waiting.computeIfAbsent(key, p -> new ArrayList<>()).add(item);
                minutes.merge(key, rule.digestMinutes(), Math::min);
            }
        }
        for (Map.Entry<String, List<Notification>> entry : waiting.entrySet()) {
            String person = entry.getKey();
            int every = minutes.get(person);
            Set<String> seen = digested.getOrDefault(person, Set.of());
            boolean anythingNew = entry.getValue().stream().anyMatch(n -> !seen.contains(n.id()));
            Instant last = lastDigest.get(person);
            if (!anythingNew || (last != null && now.isBefore(last.plusSeconds(60L * every)))) {
                continue;
            }
            long window = now.getEpochSecond() / (60L * every);
            Notification digest = NotificationPlanner.digest(person, window, now, entry.getValue());
            if (!planned.containsKey(digest.id())) {
                planned.put(digest.id(), new Planned(digest, List.of(new Target.Mail(person))));
            }
        }
    }

    private void plan(Notification notification, NotificationRule rule) {
        if (planned.containsKey(notification.id())) {
            return;
        }
        List<Target> targets = new ArrayList<>();
        boolean digestedKind = notification.kind() == NotificationKind.APPROVAL_NEEDED
                || notification.kind() == NotificationKind.APPROVAL_REMINDER;
        if (mail != null && rule.mail() && !(digestedKind && rule.digestMinutes() > 0)) {
            notification.people().forEach(person -> targets.add(new Target.Mail(person)));
        }
        if (webhooks != null) {
            rule.webhooks().forEach(hook -> targets.add(new Target.Hook(hook)));
        }
        if (!targets.isEmpty()) {
            planned.put(notification.id(), new Planned(notification, List.copyOf(targets)));
        }
    }

    /** One attempt: 0 sent, 1 failed, 2 skipped (another controller took it). */
    private int attempt(Planned item, Target target, String key, DeliveryState state) {
        Notification notification = item.notification();
        int n = state.attempts() + 1;
        String deliveryId = deliveryId(key);
        NewEvent.Builder claim = record(AuditEventType.NOTIFICATION_ATTEMPTED, notification, target, key, n)
                .uniqueKey(UniqueKeys.notificationAttempt(key, n));
        AuditEvent claimed;
        try {
            claimed = store.appendUnique(claim.build());
        } catch (DuplicateEventException e) {
            return 2;
        }
        state.apply(claimed, n);
        NewEvent result;
        try {
            send(notification, target, deliveryId);
            result = record(AuditEventType.NOTIFICATION_SENT, notification, target, key, n).outcome(Outcome.ALLOW)
                    .build();
        } catch (DeliveryException e) {
            result = record(AuditEventType.NOTIFICATION_FAILED, notification, target, key, n).outcome(Outcome.DENY)
                    .reason(new AuditReason(e.code(), "notification", e.getMessage())).build();
        } catch (RuntimeException e) {
            // A sender's own defect is a failed attempt too: retried, recorded, never thrown into the pass.
            result = record(AuditEventType.NOTIFICATION_FAILED, notification, target, key, n).outcome(Outcome.DENY)
                    .reason(new AuditReason(ReasonCode.NOTIFICATION_DELIVERY_FAILED, "notification",
                            e.getClass().getSimpleName() + ": " + e.getMessage())).build();
        }
        AuditEvent recorded = store.append(result);
        state.apply(recorded, n);
        if (recorded.type() == AuditEventType.NOTIFICATION_SENT && recorded.payloadValue(ITEMS) != null) {
            digested.computeIfAbsent(personOf(target.name()), p -> new HashSet<>())
                    .addAll(List.of(NotificationPlanner.COMMA.split(recorded.payloadValue(ITEMS))));
        }
        if (notification.kind() == NotificationKind.APPROVAL_DIGEST) {
            lastDigest.put(personOf(target.name()), claimed.time());
        }
        return recorded.type() == AuditEventType.NOTIFICATION_SENT ? 0 : 1;
    }

    private void send(Notification notification, Target target, String deliveryId) throws DeliveryException {
        if (target instanceof Target.Mail person) {
            String address = directory.mailAddress(person.userId()).orElseThrow(() -> new DeliveryException(
                    ReasonCode.NOTIFICATION_NOT_CONFIGURED, "no mail address is known for " + person.userId()));
            MailSender sender = Objects.requireNonNull(mail, "mail");
            sender.send(new MailMessage(address, MessageText.subject(notification), MessageText.body(notification),
                    "<" + deliveryId + "@promotion-gates>"));
        } else if (target instanceof Target.Hook hook) {
            Objects.requireNonNull(webhooks, "webhooks").send(hook.webhook(), notification, deliveryId);
        }
    }

    private static NewEvent.Builder record(AuditEventType type, Notification notification, Target target,
            String key, int attempt) {
        NewEvent.Builder builder = NewEvent.builder(type, ACTOR, ActorKind.SYSTEM)
                .correlationId(notification.correlationId()).environment(notification.environment())
                .put(NOTIFICATION, notification.id()).put(DELIVERY, key).put(TARGET, target.name())
                .put(ATTEMPT, Integer.toString(attempt)).put(KIND, notification.kind().name())
                .put(SOURCE_SEQUENCE, Long.toString(notification.sourceSequence()));
        if (!notification.items().isEmpty()) {
            builder.put(ITEMS, String.join(",", notification.items().stream().map(Notification::id).toList()));
        }
        return builder;
    }

    /** The same for every attempt of a delivery and on every controller: receivers refuse a repeated one. */
    static String deliveryId(String deliveryKey) {
        return UUID.nameUUIDFromBytes(deliveryKey.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String personOf(@CheckForNull String target) {
        String name = target == null ? "" : target;
        return Approver.normalize(
                name.startsWith("mail:") ? name.substring("mail:".length()) : name);
    }

    private static NotificationRule rule(Policy policy, @CheckForNull String environment) {
        return environment == null ? policy.notifications() : policy.notifications(environment);
    }

    private static boolean closes(AuditEvent event) {
        return switch (event.type()) {
            case APPROVAL_COMPLETED, APPROVAL_TIMED_OUT, APPROVAL_WITHDRAWN -> true;
            case APPROVAL_REJECTED -> event.outcome() == Outcome.ALLOW;
            case DECISION -> event.outcome() == Outcome.ALLOW || event.outcome() == Outcome.DENY;
            default -> false;
        };
    }

    private static boolean stillOpen(AuditEvent requested, List<AuditEvent> promotion) {
        return promotion.stream().noneMatch(e -> e.sequence() > requested.sequence() && closes(e));
    }

    private record Planned(Notification notification, List<Target> targets) {
    }
}
