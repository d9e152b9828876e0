package io.jenkins.plugins.promotiongates.engine.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.NotificationRule;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Decides who hears what, from audit events alone (pure: no clock of its own, no store, no network). The events it
 * follows are the ones docs/state-machine.md lists: an approval request opens (its approvers hear), the decision that
 * answers it, break-glass use and quarantines (the requester and the policy's admins hear), and the reminder before
 * an approval's deadline. Approvers are the members of the approval's groups as the directory lists them, never the
 * requester, the user who started the run, or a commit author; whether they may approve is judged again on the page.
 */
public final class NotificationPlanner {
    /** Keys the engine's event factory writes on APPROVAL_REQUESTED (AuditEventFactory#approvalRequested). */
    static final String APPROVAL_ID = "approvalId";
    static final String APPROVER_GROUPS = "approverGroups";
    static final String REQUIRED = "required";
    static final String DISTINCT_GROUPS = "distinctGroups";

    /** Lists in payload values (groups, digest items) are comma-separated. */
    static final Pattern COMMA = Pattern.compile(",");

    private final ObjectMapper json = new ObjectMapper();
    private final RecipientDirectory directory;
    private final ApprovalLinks links;

    public NotificationPlanner(RecipientDirectory directory, ApprovalLinks links) {
        this.directory = directory;
        this.links = links;
    }

    /**
     * What one recorded event tells, with the events of its promotion (by correlation id, in order) for context.
     * Empty for events nobody hears about.
     */
    public Optional<Notification> plan(AuditEvent event, List<AuditEvent> promotion, NotificationRule rule) {
        return switch (event.type()) {
            case APPROVAL_REQUESTED -> Optional.of(approvalNeeded(event, promotion,
                    NotificationKind.APPROVAL_NEEDED, "approval-needed@" + event.sequence(), Set.of()));
            case DECISION -> isFinal(event)
                    ? Optional.of(toRequesterAndAdmins(event, promotion, rule, NotificationKind.APPROVAL_ANSWERED))
                    : Optional.empty();
            case BREAK_GLASS -> "true".equals(event.payloadValue("applied"))
                    ? Optional.of(toRequesterAndAdmins(event, promotion, rule, NotificationKind.BREAK_GLASS_USED))
                    : Optional.empty();
            case QUARANTINE -> Optional.of(quarantined(event, rule));
            default -> Optional.empty();
        };
    }

    /** Whether {@link #plan} may tell anything about this event (a cheap test before reading its promotion). */
    public static boolean concerns(AuditEvent event) {
        return switch (event.type()) {
            case APPROVAL_REQUESTED, QUARANTINE -> true;
            case DECISION -> isFinal(event);
            case BREAK_GLASS -> "true".equals(event.payloadValue("applied"));
            default -> false;
        };
    }

    /**
     * The reminder of an open approval request, once its deadline is at most {@code reminderMinutes} away: to the
     * approvers who have not voted yet. Empty when the rule has no reminder, the deadline has passed or is further
     * away, or everyone has voted.
     */
    public Optional<Notification> reminder(AuditEvent requested, List<AuditEvent> promotion, NotificationRule rule,
            Instant now) {
        Instant deadline = deadline(requested);
        if (rule.reminderMinutes() == 0 || deadline == null || !now.isBefore(deadline)
                || now.isBefore(deadline.minus(Duration.ofMinutes(rule.reminderMinutes())))) {
            return Optional.empty();
        }
        Set<String> voted = new TreeSet<>();
        for (AuditEvent event : promotion) {
            if (event.sequence() > requested.sequence() && event.outcome() == Outcome.ALLOW
                    && (event.type() == AuditEventType.APPROVAL_GRANTED
                    || event.type() == AuditEventType.APPROVAL_REJECTED)) {
                voted.add(Approver.normalize(event.actor()));
            }
        }
        Notification reminder = approvalNeeded(requested, promotion, NotificationKind.APPROVAL_REMINDER,
                "approval-reminder@" + requested.sequence(), voted);
        return reminder.people().isEmpty() && rule.webhooks().isEmpty() ? Optional.empty() : Optional.of(reminder);
    }

    /**
     * An approval request whose deadline passed without an answer: the requester and admins hear it when the outbox
     * notices, even though the time-out itself is recorded only by the next action on the promotion (queries never
     * write). Shares its id with the notification of that recorded answer.
     */
    public Notification timedOut(AuditEvent requested, List<AuditEvent> promotion, NotificationRule rule) {
        Instant deadline = deadline(requested);
        Notification answered = toRequesterAndAdmins(requested, promotion, rule, NotificationKind.APPROVAL_ANSWERED);
        List<AuditReason> reasons = List.of(new AuditReason(ReasonCode.APPROVAL_TIMED_OUT, "approval",
                "the approval request expired at " + deadline + " without enough approvals"));
        return new Notification(timedOutId(requested), NotificationKind.APPROVAL_ANSWERED, requested.sequence(),
                deadline == null ? requested.time() : deadline, answered.environment(), answered.correlationId(),
                requested.payloadValue(APPROVAL_ID), answered.requester(), answered.requesterIsAgent(),
                answered.agentTask(), answered.artifacts(), reasons, null, Outcome.DENY.name(), null,
                answered.link(), answered.people(), List.of());
    }

    private static String timedOutId(AuditEvent requested) {
        return "approval-timed-out@" + requested.sequence();
    }

    /** One digest for one person: the waiting requests listed, newest last. */
    static Notification digest(String userId, long window, Instant at, List<Notification> waiting) {
        return new Notification("approval-digest:" + Approver.normalize(userId) + "@" + window,
                NotificationKind.APPROVAL_DIGEST, 0, at, null, null, null, userId, false, null, List.of(), List.of(),
                waiting.size() + " promotion(s) wait for your approval", null, null, null, List.of(userId), waiting);
    }

    private Notification approvalNeeded(AuditEvent requested, List<AuditEvent> promotion, NotificationKind kind,
            String id, Set<String> alsoExcluded) {
        Request request = request(requested, promotion);
        Set<String> excluded = new TreeSet<>(alsoExcluded);
        excluded.add(Approver.normalize(requested.actor()));
        request.excluded().forEach(user -> excluded.add(Approver.normalize(user)));
        Set<String> people = new LinkedHashSet<>();
        String groups = Optional.ofNullable(requested.payloadValue(APPROVER_GROUPS)).orElse("");
        for (String group : new TreeSet<>(Arrays.asList(COMMA.split(groups)))) {
            if (!group.isEmpty()) {
                new TreeSet<>(directory.membersOf(group)).stream()
                        .filter(user -> !excluded.contains(Approver.normalize(user)))
                        .filter(user -> directory.mayApprove(user, request.job()))
                        .forEach(people::add);
            }
        }
        List<AuditReason> reasons = new ArrayList<>();
        String escalation = null;
        for (AuditEvent event : promotion) {
            if (event.sequence() < requested.sequence() && event.type() == AuditEventType.DECISION
                    && event.outcome() == Outcome.PENDING) {
                reasons = new ArrayList<>(event.reasons());
            } else if (event.sequence() < requested.sequence() && event.type() == AuditEventType.ESCALATION) {
                escalation = event.payloadValue(PayloadKeys.DETAIL);
            }
        }
        String needed = requested.payloadValue(REQUIRED) + " approval(s) from " + groups
                + ("true".equals(requested.payloadValue(DISTINCT_GROUPS)) ? ", each from a different group" : "")
                + (escalation == null ? "" : "; " + escalation);
        return new Notification(id, kind, requested.sequence(), requested.time(), requested.environment(),
                requested.correlationId(), requested.payloadValue(APPROVAL_ID), requested.actor(),
                requested.actorKind() == ActorKind.AGENT, requested.payloadValue(PayloadKeys.ENTITLEMENT_TASK),
                request.artifacts(), reasons, needed, null, deadline(requested), link(requested, request),
                List.copyOf(people), List.of());
    }

    private Notification toRequesterAndAdmins(AuditEvent event, List<AuditEvent> promotion, NotificationRule rule,
            NotificationKind kind) {
        AuditEvent requested = latestBefore(promotion, AuditEventType.PROMOTION_REQUESTED, event.sequence());
        String requester = requested == null ? event.actor() : requested.actor();
        boolean agent = requested != null && requested.actorKind() == ActorKind.AGENT;
        Request request = requested == null ? new Request(List.of(), Set.of(), null, null)
                : request(requested, promotion);
        Set<String> people = new LinkedHashSet<>();
        if (!agent) {
            people.add(requester);
        }
        new TreeSet<>(rule.admins()).forEach(people::add);
        String id = (kind == NotificationKind.BREAK_GLASS_USED ? "break-glass-used@" : "approval-answered@")
                + event.sequence();
        AuditEvent approval = latestBefore(promotion, AuditEventType.APPROVAL_REQUESTED, event.sequence());
        if (kind == NotificationKind.APPROVAL_ANSWERED && approval != null && event.reasons().stream()
                .anyMatch(r -> r.code() == ReasonCode.APPROVAL_TIMED_OUT)) {
            // The same id as the time-out the outbox notices on its own (timedOut): told once, whichever comes first.
            id = timedOutId(approval);
        }
        return new Notification(id, kind, event.sequence(), event.time(), event.environment(),
                event.correlationId(), null, requester, agent, requested == null ? null
                : requested.payloadValue(PayloadKeys.ENTITLEMENT_TASK), request.artifacts(), event.reasons(), null,
                event.outcome() == null ? null : event.outcome().name(), null,
                requested == null ? null : link(requested, request), List.copyOf(people), List.of());
    }

    private static Notification quarantined(AuditEvent event, NotificationRule rule) {
        String subject = Optional.ofNullable(event.payloadValue(PayloadKeys.SUBJECT)).orElse("unknown");
        List<AuditReason> reasons = List.of();
        Set<String> people = new LinkedHashSet<>();
        if (subject.startsWith("user:")) {
            people.add(subject.substring("user:".length()));
        }
        people.addAll(new TreeSet<>(rule.admins()));
        return new Notification("quarantined@" + event.sequence(), NotificationKind.QUARANTINED, event.sequence(),
                event.time(), null, null, null, subject, subject.startsWith("agent:"), null, List.of(), reasons,
                event.payloadValue(PayloadKeys.DETAIL), null, null, null, List.copyOf(people), List.of());
    }

    private static boolean isFinal(AuditEvent decision) {
        return decision.uniqueKey() != null && decision.uniqueKey().startsWith("final:")
                && decision.outcome() != Outcome.PENDING;
    }

    @CheckForNull
    static Instant deadline(AuditEvent requested) {
        String text = requested.payloadValue(PayloadKeys.EXPIRES_AT);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @CheckForNull
    private URI link(AuditEvent event, Request request) {
        String correlationId = event.correlationId();
        return correlationId == null ? null : links.approvalPage(correlationId, event.environment(),
                request.job() != null ? request.job() : event.job(), request.run() != null ? request.run() : event.run());
    }

    @CheckForNull
    private static AuditEvent latestBefore(List<AuditEvent> events, AuditEventType type, long sequence) {
        AuditEvent found = null;
        for (AuditEvent event : events) {
            if (event.type() == type && event.sequence() < sequence) {
                found = event;
            }
        }
        return found;
    }

    /**
     * What the approval page shows of the request (artifact names and digests), and who must not approve (commit
     * authors, the user who started the run), read from the PROMOTION_REQUESTED recorded before the event.
     */
    private Request request(AuditEvent event, List<AuditEvent> promotion) {
        AuditEvent recorded = event.type() == AuditEventType.PROMOTION_REQUESTED ? event
                : latestBefore(promotion, AuditEventType.PROMOTION_REQUESTED, event.sequence());
        List<Notification.Artifact> artifacts = new ArrayList<>();
        Set<String> excluded = new TreeSet<>();
        String job = null;
        String run = null;
        String text = recorded == null ? null : recorded.payloadValue("request");
        if (text != null) {
            try {
                JsonNode root = json.readTree(text);
                for (JsonNode artifact : root.path("artifacts")) {
                    JsonNode ref = artifact.path("artifact");
                    JsonNode digest = ref.path("digest");
                    artifacts.add(new Notification.Artifact(ref.path("name").asText(""),
                            digest.path("algorithm").asText("").toLowerCase(Locale.ROOT) + ":"
                                    + digest.path("hex").asText("")));
                }
                root.path("run").path("commitAuthors").forEach(author -> excluded.add(author.asText()));
                if (root.path("run").hasNonNull("startedBy")) {
                    excluded.add(root.path("run").path("startedBy").asText());
                }
                job = root.path("run").path("job").asText(null);
                run = root.path("run").path("run").asText(null);
            } catch (IOException e) {
                // An unreadable request names no artifacts; the digests of the event still do.
                artifacts.clear();
            }
        }
        if (artifacts.isEmpty()) {
            event.digests().forEach(digest -> artifacts.add(new Notification.Artifact("", digest)));
        }
        return new Request(artifacts, excluded, job, run);
    }

    private record Request(List<Notification.Artifact> artifacts, Set<String> excluded, @CheckForNull String job,
            @CheckForNull String run) {
    }
}
