package io.jenkins.plugins.promotiongates.engine.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalEvent.Consumed;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalEvent.TimedOut;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalEvent.VoteCast;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalEvent.Withdrawn;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The immutable state of one approval request: a small state machine
 * {@code PENDING → APPROVED → CONSUMED}, or {@code PENDING → REJECTED | TIMED_OUT | WITHDRAWN}. Every operation
 * returns a new state and says whether it was accepted; nothing throws for a refused vote.
 *
 * <p>Time: a request is open during {@code [requestedAt, expiresAt)}. Every operation first checks its own time (the
 * vote's time, or the injected clock's) and times the request out if that time is at or after {@code expiresAt}.
 *
 * <p>Persistence: {@link #events()} are the accepted events in order; a store records them (and may also record
 * refused votes, which replay refuses again) and rebuilds the state with {@link #replay(ApprovalRequest, List)}.
 */
public final class ApprovalState {
    private final ApprovalRequest request;
    private final ApprovalStatus status;
    private final List<ApprovalEvent> events;
    /** Counted approvals by normalized user id, in vote order. */
    private final Map<String, Vote> approvals;
    @CheckForNull
    private final Vote rejection;

    private ApprovalState(ApprovalRequest request, ApprovalStatus status, List<ApprovalEvent> events,
            Map<String, Vote> approvals, @CheckForNull Vote rejection) {
        this.request = request;
        this.status = status;
        this.events = events;
        this.approvals = approvals;
        this.rejection = rejection;
    }

    /** A new request waiting for votes. */
    public static ApprovalState open(ApprovalRequest request) {
        return new ApprovalState(Objects.requireNonNull(request, "request"), ApprovalStatus.PENDING, List.of(),
                Map.of(), null);
    }

    /** Rebuilds the state from recorded events, e.g. after a controller restart. */
    public static ApprovalState replay(ApprovalRequest request, List<? extends ApprovalEvent> recorded) {
        ApprovalState state = open(request);
        for (ApprovalEvent event : recorded) {
            state = state.replayOne(event);
        }
        return state;
    }

    private ApprovalState replayOne(ApprovalEvent event) {
        if (event instanceof VoteCast cast) {
            return apply(cast.vote()).state();
        }
        if (event instanceof Withdrawn withdrawn) {
            return withdrawAt(withdrawn.actor(), withdrawn.reason(), withdrawn.at()).state();
        }
        if (event instanceof TimedOut timedOut) {
            return timeOutAt(timedOut.at());
        }
        if (event instanceof ApprovalEvent.Discounted discounted) {
            return discount(discounted.userId(), discounted.at());
        }
        Consumed consumed = (Consumed) event;
        return consumeAt(consumed.binding(), consumed.at()).state();
    }

    /**
     * Casts a vote. Refused (not counted) when: the request is no longer pending; the vote comes at or after
     * {@code expiresAt} (the request then times out); the vote's binding differs from the request's; the voter may
     * not decide ({@link ApproverRules#eligibility}); a rejection has no comment. A second approval by the same
     * person is not counted either ({@link ReasonCode#APPROVAL_VOTE_ALREADY_COUNTED}). A counted rejection rejects the request, whatever approvals it
     * already had; a person who approved may still reject.
     */
    public VoteResult apply(Vote vote) {
        Objects.requireNonNull(vote, "vote");
        if (vote.at().isBefore(request.requestedAt())) {
            return refused(this, ReasonCode.INVALID_REQUEST, "the vote is dated " + vote.at()
                    + ", before approval was requested at " + request.requestedAt(),
                    Map.of("vote.at", vote.at().toString(), "requestedAt", request.requestedAt().toString()));
        }
        ApprovalState current = timeOutAt(vote.at());
        if (!current.status.isOpen()) {
            return refused(current, current.closedCode(), "the vote came after the request was "
                    + current.status.name().toLowerCase(Locale.ROOT).replace('_', ' '), current.closedEvidence());
        }
        Map<String, String> differences = request.binding().differences(vote.binding());
        if (!differences.isEmpty()) {
            return refused(this, ReasonCode.APPROVAL_BINDING_MISMATCH, "the vote was given for another "
                    + String.join(", ", fieldsOf(differences)) + " than this request", differences);
        }
        CheckResult eligibility = ApproverRules.eligibility(request, vote.approver());
        if (eligibility.isProblem()) {
            return new VoteResult(this, false, eligibility);
        }
        Approver approver = vote.approver();
        if (vote.verdict() == Vote.Verdict.REJECT) {
            if (!vote.hasComment()) {
                return refused(this, ReasonCode.INVALID_REQUEST, "a rejection needs a comment saying why",
                        Map.of("user", approver.userId()));
            }
            ApprovalState rejected = new ApprovalState(request, ApprovalStatus.REJECTED, append(new VoteCast(vote)),
                    approvals, vote);
            return new VoteResult(rejected, true, CheckResult.passed(ApproverRules.GATE,
                    "rejection by " + approver.userId() + " counted; the request is rejected",
                    Map.of("user", approver.userId())));
        }
        if (approvals.containsKey(approver.key())) {
            return refused(this, ReasonCode.APPROVAL_VOTE_ALREADY_COUNTED, approver.userId()
                    + "'s approval is already counted; a second vote does not count twice",
                    Map.of("user", approver.userId()));
        }
        Map<String, Vote> more = new LinkedHashMap<>(approvals);
        more.put(approver.key(), vote);
        ApprovalState next = new ApprovalState(request, ApprovalStatus.PENDING, append(new VoteCast(vote)),
                Collections.unmodifiableMap(more), null);
        if (next.quorumReached()) {
            next = new ApprovalState(request, ApprovalStatus.APPROVED, next.events, next.approvals, null);
        }
        return new VoteResult(next, true, CheckResult.passed(ApproverRules.GATE, "approval by " + approver.userId()
                + " counted; " + next.progress(), Map.of("user", approver.userId())));
    }

    /**
     * Stops counting a person's approval (they are no longer an approver when it is used): the request is pending
     * again if the quorum is no longer reached. Unchanged unless the request is pending or approved and the person's
     * approval counted.
     */
    public ApprovalState discount(String userId, Instant at) {
        String key = Approver.normalize(userId);
        if (!(status == ApprovalStatus.PENDING || status == ApprovalStatus.APPROVED) || !approvals.containsKey(key)) {
            return this;
        }
        Map<String, Vote> fewer = new LinkedHashMap<>(approvals);
        fewer.remove(key);
        ApprovalState next = new ApprovalState(request, ApprovalStatus.PENDING,
                append(new ApprovalEvent.Discounted(userId, at)), Collections.unmodifiableMap(fewer), null);
        return next.quorumReached() ? new ApprovalState(request, ApprovalStatus.APPROVED, next.events, next.approvals,
                null) : next;
    }

    /** Withdraws a pending request (the build was aborted); needs a reason. */
    public Transition withdraw(String actor, String reason, Clock clock) {
        return withdrawAt(actor, reason, clock.instant());
    }

    private Transition withdrawAt(String actor, String reason, Instant at) {
        if (reason.isBlank()) {
            return refusedTransition(this, ReasonCode.INVALID_REQUEST, "a withdrawal needs a reason", Map.of());
        }
        ApprovalState current = timeOutAt(at);
        if (!current.status.isOpen()) {
            return refusedTransition(current, current.closedCode(), "only a pending request can be withdrawn; this one is "
                    + current.status, current.closedEvidence());
        }
        ApprovalState withdrawn = new ApprovalState(request, ApprovalStatus.WITHDRAWN,
                append(new Withdrawn(actor, reason, at)), approvals, null);
        return new Transition(withdrawn, true, CheckResult.failed(ApproverRules.GATE, ReasonCode.APPROVAL_WITHDRAWN,
                "withdrawn by " + actor + ": " + reason, Map.of("actor", actor, "reason", reason)));
    }

    /** This state, or the timed-out state if the clock is at or after {@code expiresAt} while still pending. */
    public ApprovalState timeOutIfDue(Clock clock) {
        return timeOutAt(clock.instant());
    }

    private ApprovalState timeOutAt(Instant now) {
        if (status.isOpen() && request.isExpiredAt(now)) {
            return new ApprovalState(request, ApprovalStatus.TIMED_OUT, append(new TimedOut(now)), approvals, null);
        }
        return this;
    }

    /**
     * The gate uses the approval for the promotion with {@code binding}. Accepted exactly once, only when approved
     * and only for the same binding; a second consumption is refused with
     * {@link ReasonCode#APPROVAL_ALREADY_CONSUMED}.
     */
    public Transition consume(ApprovalBinding binding, Clock clock) {
        return consumeAt(binding, clock.instant());
    }

    private Transition consumeAt(ApprovalBinding binding, Instant at) {
        ApprovalState current = timeOutAt(at);
        if (current.status != ApprovalStatus.APPROVED) {
            return refusedTransition(current, current.status == ApprovalStatus.PENDING
                    ? ReasonCode.APPROVAL_REQUIRED : current.closedCode(), "only an approved request can be used; this one is "
                    + current.status, current.closedEvidence());
        }
        Map<String, String> differences = request.binding().differences(binding);
        if (!differences.isEmpty()) {
            return refusedTransition(this, ReasonCode.APPROVAL_BINDING_MISMATCH, "the approval was given for another "
                    + String.join(", ", fieldsOf(differences)) + " than this promotion", differences);
        }
        ApprovalState consumed = new ApprovalState(request, ApprovalStatus.CONSUMED, append(new Consumed(binding, at)),
                approvals, null);
        return new Transition(consumed, true, CheckResult.passed(ApproverRules.GATE, "approval used for "
                + binding.runId() + " → " + binding.environment(), consumed.approvalEvidence()));
    }

    /**
     * The approval check for the gate: passed when approved, pending while waiting, failed otherwise (including
     * once consumed, so that a consumed approval never lets a second promotion through).
     */
    public CheckResult check() {
        return switch (status) {
            case APPROVED -> CheckResult.passed(ApproverRules.GATE, "approved: " + progress(), approvalEvidence());
            case PENDING -> CheckResult.pending(ApproverRules.GATE, ReasonCode.APPROVAL_REQUIRED, progress()
                    + "; open until " + request.expiresAt(), approvalEvidence());
            default -> CheckResult.failed(ApproverRules.GATE, closedCode(), "approval request " + request.correlationId()
                    + " is " + status, closedEvidence());
        };
    }

    private boolean quorumReached() {
        ApprovalRequirement requirement = request.requirement();
        int counting = requirement.distinctGroups() ? assignment().size() : approvals.size();
        return counting >= requirement.required();
    }

    /**
     * Which approver counts for which group. With {@code distinctGroups} a maximum matching of approvers to distinct
     * groups (see {@link ApprovalMatching}); otherwise each approver with the first (alphabetical) of their approver
     * groups.
     */
    public Map<String, String> assignment() {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        approvals.values().forEach(vote -> groups.put(vote.approver().userId(),
                ApproverRules.eligibleGroups(request.requirement(), vote.approver())));
        if (request.requirement().distinctGroups()) {
            return ApprovalMatching.assign(groups, request.requirement().approverGroups());
        }
        Map<String, String> firstGroups = new LinkedHashMap<>();
        groups.forEach((user, eligible) -> firstGroups.put(user, eligible.iterator().next()));
        return Collections.unmodifiableMap(firstGroups);
    }

    private String progress() {
        ApprovalRequirement requirement = request.requirement();
        if (requirement.distinctGroups()) {
            return assignment().size() + " of " + requirement.required() + " approvals from distinct groups";
        }
        return approvals.size() + " of " + requirement.required() + " approvals";
    }

    private Map<String, String> approvalEvidence() {
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("required", Integer.toString(request.requirement().required()));
        evidence.put("distinctGroups", Boolean.toString(request.requirement().distinctGroups()));
        evidence.put("approvedBy", String.join(",", approvedBy()));
        evidence.put("assignment", assignment().toString());
        evidence.put("expiresAt", request.expiresAt().toString());
        return evidence;
    }

    private ReasonCode closedCode() {
        return switch (status) {
            case PENDING -> ReasonCode.APPROVAL_REQUIRED;
            case APPROVED -> ReasonCode.APPROVAL_ALREADY_DECIDED;
            case REJECTED -> ReasonCode.APPROVAL_REJECTED;
            case TIMED_OUT -> ReasonCode.APPROVAL_TIMED_OUT;
            case WITHDRAWN -> ReasonCode.APPROVAL_WITHDRAWN;
            case CONSUMED -> ReasonCode.APPROVAL_ALREADY_CONSUMED;
        };
    }

    private Map<String, String> closedEvidence() {
        Map<String, String> evidence = new TreeMap<>(approvalEvidence());
        evidence.put("status", status.name());
        if (rejection != null) {
            evidence.put("rejectedBy", rejection.approver().userId());
            evidence.put("rejectionComment", Objects.requireNonNull(rejection.comment()));
        }
        if (!events.isEmpty()) {
            ApprovalEvent last = events.get(events.size() - 1);
            evidence.put("closedAt", last.at().toString());
            if (last instanceof Withdrawn withdrawn) {
                evidence.put("withdrawnBy", withdrawn.actor());
                evidence.put("withdrawReason", withdrawn.reason());
            }
        }
        return evidence;
    }

    private List<ApprovalEvent> append(ApprovalEvent event) {
        List<ApprovalEvent> more = new ArrayList<>(events.size() + 1);
        more.addAll(events);
        more.add(event);
        return Collections.unmodifiableList(more);
    }

    private static List<String> fieldsOf(Map<String, String> differences) {
        return differences.keySet().stream().filter(key -> key.startsWith("expected."))
                .map(key -> key.substring("expected.".length())).toList();
    }

    private static VoteResult refused(ApprovalState state, ReasonCode code, String message, Map<String, String> evidence) {
        return new VoteResult(state, false, CheckResult.failed(ApproverRules.GATE, code, message, evidence));
    }

    private static Transition refusedTransition(ApprovalState state, ReasonCode code, String message,
            Map<String, String> evidence) {
        return new Transition(state, false, CheckResult.failed(ApproverRules.GATE, code, message, evidence));
    }

    public ApprovalRequest request() {
        return request;
    }

    public ApprovalStatus status() {
        return status;
    }

    /** The accepted events, oldest first: what a store persists. */
    public List<ApprovalEvent> events() {
        return events;
    }

    /** The counted approvals, in vote order. */
    public List<Vote> approvals() {
        return List.copyOf(approvals.values());
    }

    /** The user ids of the counted approvals, in vote order. */
    public List<String> approvedBy() {
        return approvals.values().stream().map(vote -> vote.approver().userId()).toList();
    }

    /** Whether this person's approval is already counted (case-insensitive id). */
    public boolean hasApproved(String userId) {
        return approvals.containsKey(Approver.normalize(userId));
    }

    /** The counted rejection, if the request was rejected. */
    public Optional<Vote> rejection() {
        return Optional.ofNullable(rejection);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApprovalState that && request.equals(that.request) && status == that.status
                && events.equals(that.events);
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, status, events);
    }

    @Override
    public String toString() {
        return "ApprovalState[" + request.correlationId() + ", " + status + ", " + progress() + "]";
    }
}
