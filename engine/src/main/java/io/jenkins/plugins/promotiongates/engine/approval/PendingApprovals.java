package io.jenkins.plugins.promotiongates.engine.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;

/**
 * The requests waiting for a decision, for the Jenkins-wide pending page and the JSON API: newest first, filterable
 * by environment, and "what may this user decide". Thread-safe.
 *
 * <p>It holds one compact entry per request (sized for 10,000 pending requests in well under 50 MB): no evidence,
 * no vote comments, digests as raw bytes, timestamps as numbers, and repeated strings (environments, policy hashes,
 * user ids, approval requirements with their group names) shared through intern tables owned by this registry. The
 * intern tables grow with the number of distinct such values, which is small next to the number of requests;
 * correlation and run ids are unique per request and are not interned. Values handed out are rebuilt from the
 * entries on each call.
 */
public final class PendingApprovals {
    private static final HexFormat HEX = HexFormat.of();
    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong((Entry e) -> e.requestedAtSecond)
            .thenComparingInt(e -> e.requestedAtNano).reversed()
            .thenComparing(e -> e.correlationId);

    private final Clock clock;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> strings = new ConcurrentHashMap<>();
    private final ConcurrentMap<ApprovalRequirement, ApprovalRequirement> requirements = new ConcurrentHashMap<>();

    /** @param clock decides which requests have expired (no longer decidable, due for time-out) */
    public PendingApprovals(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A pending request as listed: the request and who approved so far.
     *
     * @param request    the request (without evidence; the page reads that from the ledger)
     * @param approvedBy user ids of the counted approvals, in vote order
     */
    public record Pending(ApprovalRequest request, List<String> approvedBy) {
        public Pending {
            Objects.requireNonNull(request, "request");
            approvedBy = List.copyOf(approvedBy);
        }

        public String correlationId() {
            return request.correlationId();
        }

        public Instant expiresAt() {
            return request.expiresAt();
        }
    }

    /** Adds a new request; false (and nothing changed) if one with its correlation id is already listed. */
    public boolean add(ApprovalRequest request) {
        return entries.putIfAbsent(request.correlationId(), compact(request, List.of())) == null;
    }

    /**
     * Brings the list in line with a state: a pending state is listed (added or updated with its approvals), a
     * decided, timed-out, withdrawn or consumed one is removed.
     */
    public void track(ApprovalState state) {
        String id = state.request().correlationId();
        if (state.status().isOpen()) {
            entries.put(id, compact(state.request(), state.approvedBy()));
        } else {
            entries.remove(id);
        }
    }

    public Optional<Pending> get(String correlationId) {
        Entry entry = entries.get(correlationId);
        return entry == null ? Optional.empty() : Optional.of(expand(entry));
    }

    /** Removes a request; false if it was not listed. */
    public boolean remove(String correlationId) {
        return entries.remove(correlationId) != null;
    }

    public int size() {
        return entries.size();
    }

    /** All pending requests, newest first (ties by correlation id). */
    public List<Pending> list() {
        return select(entry -> true);
    }

    /** The pending requests for one environment, newest first. */
    public List<Pending> list(String environment) {
        return select(entry -> entry.environment.equals(environment));
    }

    /**
     * The requests {@code approver} may decide now, newest first: not yet expired, not already approved by them, and
     * allowed by {@link ApproverRules#eligibility} (no conflict of interest, Approve permission, approver group).
     */
    public List<Pending> decidableBy(Approver approver) {
        Instant now = clock.instant();
        String key = approver.key();
        List<Pending> result = new ArrayList<>();
        for (Entry entry : sorted(entry -> !Arrays.asList(entry.approvedBy).contains(key)
                && now.isBefore(entry.expiresAt()))) {
            Pending pending = expand(entry);
            if (!ApproverRules.eligibility(pending.request(), approver).isProblem()) {
                result.add(pending);
            }
        }
        return result;
    }

    /** Correlation ids of requests whose time ran out (at or after {@code expiresAt}), oldest first. */
    public List<String> dueForTimeout() {
        Instant now = clock.instant();
        List<Entry> due = sorted(entry -> !now.isBefore(entry.expiresAt()));
        List<String> ids = new ArrayList<>(due.size());
        for (int i = due.size() - 1; i >= 0; i--) {
            ids.add(due.get(i).correlationId);
        }
        return ids;
    }

    private List<Pending> select(Predicate<Entry> filter) {
        return sorted(filter).stream().map(this::expand).toList();
    }

    private List<Entry> sorted(Predicate<Entry> filter) {
        List<Entry> selected = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (filter.test(entry)) {
                selected.add(entry);
            }
        }
        selected.sort(NEWEST_FIRST);
        return selected;
    }

    // The digest algorithm's ordinal packs it into one byte of an in-memory entry that expand() reads in the same JVM;
    // it is never persisted, so reordering the constants cannot mix entries up.
    @SuppressWarnings("EnumOrdinal")
    private Entry compact(ApprovalRequest request, List<String> approvedBy) {
        ApprovalBinding binding = request.binding();
        List<Digest> digests = binding.digests();
        int size = 0;
        for (Digest digest : digests) {
            size += 1 + digest.algorithm().hexLength() / 2;
        }
        byte[] packed = new byte[size];
        int offset = 0;
        for (Digest digest : digests) {
            packed[offset++] = (byte) digest.algorithm().ordinal();
            byte[] raw = HEX.parseHex(digest.hex());
            System.arraycopy(raw, 0, packed, offset, raw.length);
            offset += raw.length;
        }
        String[] voters = new String[approvedBy.size()];
        for (int i = 0; i < voters.length; i++) {
            voters[i] = intern(Approver.normalize(approvedBy.get(i)));
        }
        String[] authors = request.commitAuthors().stream().map(this::intern).toArray(String[]::new);
        ApprovalRequirement requirement = requirements.computeIfAbsent(request.requirement(), r -> r);
        return new Entry(request.correlationId(), binding.runId(), intern(binding.environment()), packed,
                intern(binding.policyHash()), requirement, intern(request.requester().id()),
                request.requester().isAgent(), request.runStarter() == null ? null : intern(request.runStarter()),
                authors, request.requestedAt(), voters, approvedBy.stream().map(this::intern).toArray(String[]::new));
    }

    @SuppressWarnings("EnumOrdinal") // as compact()
    private Pending expand(Entry entry) {
        List<Digest> digests = new ArrayList<>();
        int offset = 0;
        while (offset < entry.digests.length) {
            Digest.Algorithm algorithm = Digest.Algorithm.values()[entry.digests[offset++]];
            int length = algorithm.hexLength() / 2;
            digests.add(new Digest(algorithm, HEX.formatHex(entry.digests, offset, offset + length)));
            offset += length;
        }
        ApprovalBinding binding = new ApprovalBinding(entry.runId, entry.environment, digests, entry.policyHash);
        Requester requester = entry.requesterAgent ? Requester.agent(entry.requesterId) : Requester.human(entry.requesterId);
        ApprovalRequest request = new ApprovalRequest(entry.correlationId, binding, entry.requirement, requester,
                entry.runStarter, Arrays.asList(entry.commitAuthors),
                Instant.ofEpochSecond(entry.requestedAtSecond, entry.requestedAtNano));
        return new Pending(request, Arrays.asList(entry.approvedByDisplay));
    }

    private String intern(String value) {
        String existing = strings.putIfAbsent(value, value);
        return existing == null ? value : existing;
    }

    /** One pending request, packed. Fields are never mutated after construction. */
    private static final class Entry {
        private final String correlationId;
        private final String runId;
        private final String environment;
        /** Per digest: one byte algorithm ordinal, then the raw digest bytes. */
        private final byte[] digests;
        private final String policyHash;
        private final ApprovalRequirement requirement;
        private final String requesterId;
        private final boolean requesterAgent;
        @CheckForNull
        private final String runStarter;
        private final String[] commitAuthors;
        private final long requestedAtSecond;
        private final int requestedAtNano;
        private final long expiresAtSecond;
        private final int expiresAtNano;
        /** Normalized ids, for "has this person approved already". */
        private final String[] approvedBy;
        /** Ids as the voters spelled them, for display. */
        private final String[] approvedByDisplay;

        Entry(String correlationId, String runId, String environment, byte[] digests, String policyHash,
                ApprovalRequirement requirement, String requesterId, boolean requesterAgent,
                @CheckForNull String runStarter, String[] commitAuthors, Instant requestedAt, String[] approvedBy,
                String[] approvedByDisplay) {
            this.correlationId = correlationId;
            this.runId = runId;
            this.environment = environment;
            this.digests = digests;
            this.policyHash = policyHash;
            this.requirement = requirement;
            this.requesterId = requesterId;
            this.requesterAgent = requesterAgent;
            this.runStarter = runStarter;
            this.commitAuthors = commitAuthors;
            this.requestedAtSecond = requestedAt.getEpochSecond();
            this.requestedAtNano = requestedAt.getNano();
            Instant expiresAt = requestedAt.plus(requirement.timeout());
            this.expiresAtSecond = expiresAt.getEpochSecond();
            this.expiresAtNano = expiresAt.getNano();
            this.approvedBy = approvedBy;
            this.approvedByDisplay = approvedByDisplay;
        }

        Instant expiresAt() {
            return Instant.ofEpochSecond(expiresAtSecond, expiresAtNano);
        }
    }
}
