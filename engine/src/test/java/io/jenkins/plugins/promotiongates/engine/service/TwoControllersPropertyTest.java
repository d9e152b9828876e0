package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.anomaly.Identity;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state machine of docs/state-machine.md under random sequences of requests, votes, rejections, withdrawals,
 * policy changes, time-outs, store faults (refused writes, full disk) and restarts, driven through two services on
 * one store: a file store reopened on restart, and PostgreSQL with both services live. After every step: at most one
 * final decision per approval request, no ALLOW without its complete record, no request stuck (approved without its
 * answer), both services and a freshly started one agree (decisions, pending approvals, anomaly counts), queries and
 * failed actions write nothing. Bounded: a few hundred steps per property in the default build.
 */
class TwoControllersPropertyTest {
    private static final List<String> RUNS = List.of("1", "2");
    private static final Map<String, Set<String>> VOTERS = Map.of("bob", Set.of("release-managers"),
            "carol", Set.of("security"), "erin", Set.of("release-managers"), "alice", Set.of("security"));
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeContainer
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    @AfterContainer
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    /** One step of a sequence; {@code by} is the service (0 or 1) that acts. */
    sealed interface Step {
    }

    record Gate(int by, String run) implements Step {
    }

    record Vote(int by, String run, String voter, boolean approve) implements Step {
    }

    record Withdraw(int by, String run) implements Step {
    }

    record ChangePolicy() implements Step {
    }

    record Advance(int hours) implements Step {
    }

    record Query(int by) implements Step {
    }

    record Restart() implements Step {
    }

    /** The inner step runs while every write fails (the disk is full or the database refuses writes). */
    record Faulty(Step step, boolean diskFull) implements Step {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> by = Arbitraries.integers().between(0, 1);
        Arbitrary<String> run = Arbitraries.of(RUNS);
        Arbitrary<Step> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(by, run).as(Gate::new)),
                net.jqwik.api.Tuple.of(8, Combinators.combine(by, run, Arbitraries.of(VOTERS.keySet()),
                        Arbitraries.frequency(net.jqwik.api.Tuple.of(5, true), net.jqwik.api.Tuple.of(1, false)))
                        .as(Vote::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(by, run).as(Withdraw::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new ChangePolicy())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(1, 25).map(Advance::new)),
                net.jqwik.api.Tuple.of(2, by.map(Query::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Restart())));
        Arbitrary<Step> faulty = Combinators.combine(action, Arbitraries.of(true, false)).as(Faulty::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, action), net.jqwik.api.Tuple.of(1, faulty))
                .list().ofMinSize(4).ofMaxSize(14);
    }

    @Property(tries = 8)
    void shouldHoldTheInvariantsWithTwoServicesOnAFileStoreRestartedBetween(@ForAll("steps") List<Step> steps)
            throws IOException {
        Path directory = Files.createTempDirectory("two-controllers");
        try {
            run(steps, fixture -> new FileAuditStore(directory, fixture.clock), true);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property(tries = 5)
    void shouldHoldTheInvariantsWithTwoServicesLiveOnPostgres(@ForAll("steps") List<Step> steps) throws Exception {
        String schema = "two_" + SCHEMAS.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
        run(steps, fixture -> PostgresAuditStore.open(new PostgresSettings(url, "postgres", null, 4,
                Duration.ofSeconds(10)), fixture.clock), false);
    }

    /** Opens the store for a fixture (a new one on each restart of the file store). */
    @FunctionalInterface
    interface StoreOpener {
        AuditStore open(ServiceFixture fixture);
    }

    private static void run(List<Step> steps, StoreOpener opener, boolean restartStore) {
        World world = new World(opener, restartStore);
        try {
            world.prepare();
            for (Step step : steps) {
                world.apply(step);
                world.checkInvariants(step);
            }
        } finally {
            world.close();
        }
    }

    /** The two controllers, their shared store and policy, and the clock. */
    private static final class World {
        private final ServiceFixture fixture = new ServiceFixture();
        private final StoreOpener opener;
        private final boolean restartStore;
        private final Policy second;
        private final String secondText;
        private final AtomicReference<Policy> inForce = new AtomicReference<>();
        private AuditStore real;
        private FailingAuditStore store;
        private final DefaultPromotionService[] services = new DefaultPromotionService[2];

        World(StoreOpener opener, boolean restartStore) {
            this.opener = opener;
            this.restartStore = restartStore;
            secondText = fixture.policyText.replace("timeoutMinutes: 1440", "timeoutMinutes: 720");
            second = ServiceFixture.parse(secondText);
            inForce.set(fixture.policy);
        }

        void prepare() {
            open();
            real.recordPolicy(fixture.policy.hash(), fixture.policyText, "admin");
            for (String run : RUNS) {
                RunRef ref = ServiceFixture.run(run);
                assertThat(ServiceFixture.gate(services[0], "staging", Requester.human("alice"), ref,
                        ServiceFixture.pom()).isAllowed()).isTrue();
                ServiceFixture.deploy(services[0], "staging", ref);
                assertThat(ServiceFixture.gate(services[1], "canary", Requester.human("alice"), ref,
                        ServiceFixture.pom()).isAllowed()).isTrue();
                ServiceFixture.deploy(services[1], "canary", ref);
            }
            fixture.clock.advance(Duration.ofMinutes(75));
        }

        private void open() {
            real = opener.open(fixture);
            store = new FailingAuditStore(real);
            services[0] = service();
            services[1] = service();
        }

        private DefaultPromotionService service() {
            return new DefaultPromotionService(inForce::get, store, fixture.clock);
        }

        void apply(Step step) {
            if (step instanceof Faulty faulty) {
                long before = real.lastSequence();
                Supplier<RuntimeException> failure = faulty.diskFull()
                        ? () -> new UncheckedIOException(new IOException("No space left on device"))
                        : () -> new StoreUnavailableException("audit store unavailable: connection refused");
                store.failAppends(event -> true, failure);
                try {
                    if (!(faulty.step() instanceof Restart) && !(faulty.step() instanceof ChangePolicy)) {
                        applyQuietly(faulty.step());
                    }
                } finally {
                    store.heal();
                }
                assertThat(real.lastSequence()).as("nothing of a failed %s is durable", faulty).isEqualTo(before);
                return;
            }
            applyQuietly(step);
        }

        private void applyQuietly(Step step) {
            try {
                applyOne(step);
            } catch (StoreUnavailableException | UncheckedIOException e) {
                // a deployment or policy write refused by a failing store: nothing to check here
            }
        }

        private void applyOne(Step step) {
            String production = "production";
            if (step instanceof Gate gate) {
                Decision decision = ServiceFixture.gate(services[gate.by()], production, Requester.human("alice"),
                        ServiceFixture.run(gate.run()), ServiceFixture.pom());
                assertThat(decision.outcome()).isNotNull();
            } else if (step instanceof Vote vote) {
                DefaultPromotionService service = services[vote.by()];
                String id = CorrelationIds.of(ServiceFixture.run(vote.run()), production);
                Decision current = service.currentDecision(id).orElse(null);
                if (current == null || service.recordedRequest(id).isEmpty()) {
                    return;
                }
                ApprovalVote cast = vote.approve()
                        ? ServiceFixture.approve(service, current, vote.voter(), VOTERS.get(vote.voter()))
                        : ServiceFixture.reject(service, current, vote.voter(), VOTERS.get(vote.voter()), "no");
                ApprovalResult result = service.decide(cast);
                assertThat(result.decision()).isNotNull();
            } else if (step instanceof Withdraw withdraw) {
                services[withdraw.by()].withdraw(CorrelationIds.of(ServiceFixture.run(withdraw.run()), production),
                        "alice", "build aborted");
            } else if (step instanceof ChangePolicy) {
                boolean first = inForce.get() == fixture.policy;
                Policy next = first ? second : fixture.policy;
                real.recordPolicy(next.hash(), first ? secondText : fixture.policyText, "admin");
                inForce.set(next);
            } else if (step instanceof Advance advance) {
                fixture.clock.advance(Duration.ofHours(advance.hours()));
            } else if (step instanceof Query query) {
                long before = real.lastSequence();
                services[query.by()].pendingApprovals();
                for (String run : RUNS) {
                    services[query.by()].currentDecision(CorrelationIds.of(ServiceFixture.run(run), production));
                }
                assertThat(real.lastSequence()).as("queries never write").isEqualTo(before);
            } else if (step instanceof Restart) {
                if (restartStore) {
                    real.close();
                    open();
                } else {
                    services[1] = service();
                }
            }
        }

        void checkInvariants(Step after) {
            DefaultPromotionService fresh = service();
            long before = real.lastSequence();
            for (String run : RUNS) {
                String id = CorrelationIds.of(ServiceFixture.run(run), "production");
                List<AuditEvent> events = real.byCorrelationId(id);
                checkFinalDecisions(after, events);
                checkAllows(after, events);
                List<String> views = new ArrayList<>();
                for (DefaultPromotionService service : List.of(services[0], services[1], fresh)) {
                    views.add(service.currentDecision(id).map(World::summary).orElse("none"));
                }
                assertThat(views).as("after %s, %s as each controller sees it", after, id).containsOnly(views.get(0));
            }
            List<List<String>> pending = Stream.of(services[0], services[1], fresh)
                    .map(s -> s.pendingApprovals().stream().map(p -> p.request().correlationId() + " "
                            + p.approvedBy()).sorted().toList()).toList();
            assertThat(pending).as("after %s, pending approvals", after).containsOnly(pending.get(0));
            for (Identity identity : List.of(Identity.user("alice"), Identity.parse("job:shop/release"))) {
                assertThat(fresh.anomalyCounts(identity)).as("after %s, anomaly counts of %s rebuilt", after,
                        identity).isEqualTo(services[0].anomalyCounts(identity))
                        .isEqualTo(services[1].anomalyCounts(identity));
            }
            checkSignalsWithTheirDecisions(after);
            assertThat(real.lastSequence()).as("reading and checking never write").isEqualTo(before);
            assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
        }

        /**
         * Every anomaly signal and quarantine was written in a gate's write: right after that gate's DECISION (and
         * its escalation and approval request), never on its own.
         */
        private void checkSignalsWithTheirDecisions(Step after) {
            AuditEventType[] previous = {null};
            real.scan(0, event -> {
                if (event.type() == AuditEventType.ANOMALY_SIGNAL || event.type() == AuditEventType.QUARANTINE) {
                    assertThat(previous[0]).as("after %s, %s follows its gate's events", after, event)
                            .isIn(AuditEventType.DECISION, AuditEventType.ESCALATION,
                                    AuditEventType.APPROVAL_REQUESTED, AuditEventType.ANOMALY_SIGNAL);
                }
                previous[0] = event.type();
            });
        }

        /** Each approval request is answered by at most one final decision, and never left approved but unanswered. */
        private static void checkFinalDecisions(Step after, List<AuditEvent> events) {
            int finals = 0;
            boolean open = false;
            boolean completed = false;
            for (AuditEvent event : events) {
                switch (event.type()) {
                    case APPROVAL_REQUESTED -> {
                        open = true;
                        finals = 0;
                        completed = false;
                    }
                    case APPROVAL_COMPLETED -> completed = true;
                    case DECISION -> {
                        if (open && event.outcome() != Outcome.PENDING) {
                            finals++;
                        }
                    }
                    case PROMOTION_REQUESTED -> open = false;
                    default -> {
                    }
                }
                assertThat(finals).as("after %s, final decisions of one approval request", after).isLessThanOrEqualTo(1);
            }
            if (completed) {
                assertThat(finals).as("after %s, a completed approval has its answer", after).isEqualTo(1);
            }
        }

        /** An ALLOW in production follows its request and, with an approval request, its completion and use. */
        private static void checkAllows(Step after, List<AuditEvent> events) {
            boolean requested = false;
            boolean approvalRequested = false;
            boolean completed = false;
            boolean consumed = false;
            for (AuditEvent event : events) {
                switch (event.type()) {
                    case PROMOTION_REQUESTED -> {
                        requested = true;
                        approvalRequested = false;
                        completed = false;
                        consumed = false;
                    }
                    case APPROVAL_REQUESTED -> approvalRequested = true;
                    case APPROVAL_COMPLETED -> completed = true;
                    case APPROVAL_CONSUMED -> consumed = true;
                    case DECISION -> {
                        if (event.outcome() == Outcome.ALLOW) {
                            assertThat(requested).as("after %s, an allow has its request", after).isTrue();
                            if (approvalRequested) {
                                assertThat(completed && consumed).as("after %s, an approved allow has its completion"
                                        + " and consumption", after).isTrue();
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        private static String summary(Decision decision) {
            return decision.outcome() + " " + decision.reasons().stream().map(CheckResult::code)
                    .map(ReasonCode::name).sorted().toList();
        }

        void close() {
            try {
                real.close();
            } catch (RuntimeException ignored) {
                // closing a store that failed: the next try opens a fresh one
            }
        }
    }
}
