package io.jenkins.plugins.promotiongates.engine.notification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message to tell, before it is split into deliveries (one per person, one per webhook). Everything in it is
 * what the approval page shows: no secrets, no comments, no evidence beyond names and digests.
 *
 * @param id              stable across controllers and restarts: the kind and the audit sequence it follows
 *                        ({@code approval-needed@17}); deliveries and their unique keys derive from it
 * @param kind            what it tells
 * @param sourceSequence  the audit sequence of the event it follows (0 for digests)
 * @param occurredAt      when that event was recorded
 * @param environment     target environment, if one
 * @param correlationId   the promotion, if one
 * @param approvalId      the approval request, if one
 * @param requester       who asks (user or agent id), or the quarantined identity
 * @param requesterIsAgent whether the requester is an agent
 * @param agentTask       the entitlement's task, if the agent presented one
 * @param artifacts       what is promoted: name and digest
 * @param reasons         why it stopped or how it ended (checks and escalation reasons)
 * @param decisionNeeded  for approvals: what the approvers decide ("2 of release-managers")
 * @param outcome         for answers: ALLOW or DENY; else null
 * @param deadline        when a waiting request times out, if it waits
 * @param link            the approval page, if a base URL is known
 * @param people          user ids to mail (never the requester or a commit author for approvals)
 * @param items           for digests: the waiting requests listed (else empty)
 */
public record Notification(String id, NotificationKind kind, long sourceSequence, Instant occurredAt,
        @CheckForNull String environment, @CheckForNull String correlationId, @CheckForNull String approvalId,
        String requester, boolean requesterIsAgent, @CheckForNull String agentTask, List<Artifact> artifacts,
        List<AuditReason> reasons, @CheckForNull String decisionNeeded, @CheckForNull String outcome,
        @CheckForNull Instant deadline, @CheckForNull URI link, List<String> people, List<Notification> items) {
    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        artifacts = List.copyOf(artifacts);
        reasons = List.copyOf(reasons);
        people = List.copyOf(people);
        items = List.copyOf(items);
    }

    /** An artifact as the approval page lists it. */
    public record Artifact(String name, String digest) {
    }
}
