package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.APP;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.EXPIRES_AT;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.POLICY;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.REQUESTED_AT;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.approve;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.clockAt;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.reject;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.request;
import static io.jenkins.plugins.promotiongates.engine.approval.ApprovalFixtures.requirement;
import static org.assertj.core.api.Assertions.assertThat;

class PendingApprovalsTest {
    private static final Instant NOW = REQUESTED_AT.plusSeconds(3600);

    private final PendingApprovals pending = new PendingApprovals(clockAt(NOW));

    private static ApprovalRequest pendingRequest(String id, String environment, int minutesAfterStart, String group,
            String requester) {
        Digest digest = Digest.sha256(String.format(Locale.ROOT, "%064x", minutesAfterStart));
        return new ApprovalRequest(id, new ApprovalBinding("job#" + id, environment, List.of(digest), POLICY),
                requirement(1, false, group), Requester.human(requester), null, List.of(),
                REQUESTED_AT.plusSeconds(60L * minutesAfterStart));
    }

    @Test
    void shouldAddGetAndRemoveWithoutLosingAnything() {
        ApprovalRequest original = new ApprovalRequest("corr-1", new ApprovalBinding("shop/backend#42", "production",
                List.of(APP, Digest.parse("sha512:" + "f".repeat(128))), POLICY), requirement(2, true, "ops", "sec"),
                Requester.agent("release-bot"), "carol", List.of("dave", "erin"), REQUESTED_AT.plusNanos(5));

        assertThat(pending.add(original)).isTrue();
        assertThat(pending.add(original)).as("a second add of the same id").isFalse();

        assertThat(pending.get("corr-1")).hasValueSatisfying(entry -> {
            assertThat(entry.request()).isEqualTo(original);
            assertThat(entry.approvedBy()).isEmpty();
            assertThat(entry.expiresAt()).isEqualTo(original.expiresAt());
        });
        assertThat(pending.remove("corr-1")).isTrue();
        assertThat(pending.remove("corr-1")).isFalse();
        assertThat(pending.get("corr-1")).isEmpty();
    }

    @Test
    void shouldListNewestFirstAndFilterByEnvironment() {
        pending.add(pendingRequest("old", "production", 1, "ops", "bob"));
        pending.add(pendingRequest("new", "production", 30, "ops", "bob"));
        pending.add(pendingRequest("mid", "canary", 10, "ops", "bob"));

        assertThat(pending.list()).extracting(PendingApprovals.Pending::correlationId).containsExactly("new", "mid", "old");
        assertThat(pending.list("production")).extracting(PendingApprovals.Pending::correlationId)
                .containsExactly("new", "old");
        assertThat(pending.list("staging")).isEmpty();
    }

    @Test
    void shouldListOnlyWhatAUserMayDecide() {
        pending.add(pendingRequest("ops-by-bob", "production", 1, "ops", "bob"));
        pending.add(pendingRequest("sec-by-bob", "production", 2, "sec", "bob"));
        pending.add(pendingRequest("ops-by-alice", "production", 3, "ops", "alice"));

        assertThat(pending.decidableBy(Approver.human("alice", "ops"))).extracting(PendingApprovals.Pending::correlationId)
                .containsExactly("ops-by-bob");
        assertThat(pending.decidableBy(Approver.human("frank", "ops", "sec")))
                .extracting(PendingApprovals.Pending::correlationId)
                .containsExactly("ops-by-alice", "sec-by-bob", "ops-by-bob");
        assertThat(pending.decidableBy(new Approver("frank", Set.of("ops"), false, false))).isEmpty();
        assertThat(pending.decidableBy(new Approver("ops-agent", Set.of("ops"), true, true))).isEmpty();
    }

    @Test
    void shouldTrackApprovalsAndDropDecidedRequests() {
        ApprovalState state = ApprovalState.open(request(requirement(2, false, "release-managers")));
        pending.add(state.request());
        Approver alice = Approver.human("Alice", "release-managers");

        state = state.apply(approve(alice)).state();
        pending.track(state);

        assertThat(pending.get("corr-1")).hasValueSatisfying(entry -> assertThat(entry.approvedBy()).containsExactly("Alice"));
        assertThat(pending.decidableBy(Approver.human("alice", "release-managers"))).as("already approved").isEmpty();
        assertThat(pending.decidableBy(Approver.human("frank", "release-managers"))).hasSize(1);

        pending.track(state.apply(reject(Approver.human("frank", "release-managers"), "no")).state());

        assertThat(pending.get("corr-1")).isEmpty();
        assertThat(pending.size()).isZero();
    }

    @Test
    void shouldNotOfferExpiredRequestsButReportThemDueForTimeout() {
        pending.add(pendingRequest("fresh", "production", 0, "ops", "bob"));
        PendingApprovals later = new PendingApprovals(clockAt(EXPIRES_AT));
        later.add(pendingRequest("expired", "production", 0, "ops", "bob"));
        later.add(pendingRequest("open", "production", 1, "ops", "bob"));

        assertThat(later.decidableBy(Approver.human("alice", "ops"))).extracting(PendingApprovals.Pending::correlationId)
                .containsExactly("open");
        assertThat(later.dueForTimeout()).containsExactly("expired");
        assertThat(pending.dueForTimeout()).isEmpty();
    }

    @Test
    void shouldHoldAndListTenThousandPendingApprovals() {
        for (int i = 0; i < 10_000; i++) {
            String environment = i % 3 == 0 ? "production" : "canary";
            assertThat(pending.add(pendingRequest("corr-" + i, environment, i % 1_000, i % 2 == 0 ? "ops" : "sec",
                    "requester-" + i % 50))).isTrue();
        }

        List<PendingApprovals.Pending> all = pending.list();

        assertThat(pending.size()).isEqualTo(10_000);
        assertThat(all).hasSize(10_000);
        assertThat(all.get(0).request().requestedAt()).isEqualTo(REQUESTED_AT.plusSeconds(60L * 999));
        assertThat(pending.list("production")).hasSize(3_334);
        assertThat(pending.decidableBy(Approver.human("alice", "ops"))).isNotEmpty();
    }

    @Test
    void shouldAcceptConcurrentAddsAndTracking() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int first = thread * 250;
                done.add(workers.submit(() -> {
                    for (int i = first; i < first + 250; i++) {
                        ApprovalRequest request = pendingRequest("c-" + i, "production", i % 60, "ops", "bob");
                        pending.add(request);
                        if (i % 2 == 0) {
                            pending.track(ApprovalState.open(request).apply(Vote.approve(Approver.human("alice", "ops"),
                                    request.binding(), request.requestedAt())).state());
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }

        assertThat(pending.size()).as("the approved half was removed, the other half stays").isEqualTo(500);
        assertThat(pending.list()).extracting(PendingApprovals.Pending::correlationId)
                .allMatch(id -> Integer.parseInt(id.substring(2)) % 2 == 1);
    }
}
