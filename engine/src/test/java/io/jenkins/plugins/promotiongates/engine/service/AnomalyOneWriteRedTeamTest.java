package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.anomaly.Identity;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.allEvents;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.codes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anomaly signals and quarantines are part of the gate's one write, computed from the store (issue 16; issue 21's
 * fleet-wide signals). {@link #shouldWriteNothingWhenTheQuarantineOfTheDecisionCannotBeWritten} was watched failing
 * on the code before this change (signals appended in a second write after the decision): the third denial was
 * durable without its quarantine. {@link #shouldEnforceAQuarantineOwedByGatesThatRacedOnTwoServices} pins the bound
 * of computing signals before the write (docs/state-machine.md): gates racing for one identity may miss the signal,
 * and the replay's owed quarantine denies the identity's next gate, which writes the quarantine.
 */
class AnomalyOneWriteRedTeamTest {
    private static final Requester ALICE = Requester.human("alice");
    private static final Identity USER = Identity.user("alice");
    private static final Identity JOB = Identity.parse("job:shop/release");

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore real = new InMemoryAuditStore(fixture.clock);

    /** A denial the anomaly detector counts: the policy defines no environment "qa". */
    private static Decision denied(PromotionService service, String run) {
        Decision decision = gate(service, "qa", ALICE, run(run), pom());
        assertThat(decision.outcome()).as(decision.toString()).isEqualTo(Outcome.DENY);
        return decision;
    }

    private static List<String> subjects(AuditStore store, AuditEventType type) {
        return allEvents(store, type).stream().map(e -> e.payloadValue(PayloadKeys.SUBJECT)).toList();
    }

    @Test
    void shouldWriteNothingWhenTheQuarantineOfTheDecisionCannotBeWritten() {
        FailingAuditStore store = new FailingAuditStore(real);
        DefaultPromotionService service = fixture.service(store);
        denied(service, "1");
        denied(service, "2");
        store.failAppendsOf(AuditEventType.QUARANTINE, () -> new StoreUnavailableException("write refused"));
        long before = real.lastSequence();

        Decision third = gate(service, "qa", ALICE, run("3"), pom());

        assertThat(codes(third)).contains(ReasonCode.STORE_UNAVAILABLE);
        assertThat(real.lastSequence()).as("the decision is not durable without its quarantine").isEqualTo(before);
        store.heal();
        Decision again = denied(service, "3");
        List<AuditEvent> decisions = ServiceFixture.events(real, again.correlationId(), AuditEventType.DECISION);
        AuditEvent quarantine = allEvents(real, AuditEventType.QUARANTINE).get(0);
        assertThat(subjects(real, AuditEventType.QUARANTINE)).containsExactly(USER.toString());
        assertThat(quarantine.sequence()).as("written with the decision").isGreaterThan(decisions.get(0).sequence())
                .isEqualTo(real.lastSequence());
        assertThat(allEvents(real, AuditEventType.ANOMALY_SIGNAL)).extracting(AuditEvent::correlationId)
                .containsOnly(again.correlationId());
        assertDeniedAndAudited(real, gate(service, "staging", ALICE, run("4"), pom()),
                ReasonCode.IDENTITY_QUARANTINED);
    }

    @Test
    void shouldRecordTheSignalsAReplayRaisesAndRebuildTheSameState() {
        Policy bursty = ServiceFixture.parse(fixture.policyText.replace("burstRequests: 1000", "burstRequests: 4"));
        DefaultPromotionService live = new DefaultPromotionService(PolicyProvider.fixed(bursty), real, fixture.clock);
        assertThat(gate(live, "staging", ALICE, run("1"), pom()).isAllowed()).isTrue();
        denied(live, "2");
        fixture.clock.advance(Duration.ofSeconds(20));
        denied(live, "3");
        assertThat(gate(live, "staging", ALICE, run("4"), pom()).isAllowed()).isTrue(); // 4 requests: a burst
        fixture.clock.advance(Duration.ofMinutes(11)); // the two denials leave their window
        denied(live, "5");

        assertThat(allEvents(real, AuditEventType.ANOMALY_SIGNAL)).extracting(
                e -> e.payloadValue(PayloadKeys.SUBJECT) + " " + e.payloadValue(PayloadKeys.SIGNAL))
                .containsExactly(USER + " FIRST_TIME_ENVIRONMENT", JOB + " FIRST_TIME_ENVIRONMENT",
                        USER + " REQUEST_BURST", JOB + " REQUEST_BURST");
        assertThat(allEvents(real, AuditEventType.QUARANTINE)).isEmpty();
        DefaultPromotionService rebuilt = new DefaultPromotionService(PolicyProvider.fixed(bursty), real,
                fixture.clock);
        for (Identity identity : List.of(USER, JOB)) {
            assertThat(rebuilt.anomalyCounts(identity)).as("%s rebuilt from the store", identity).isPresent()
                    .isEqualTo(live.anomalyCounts(identity));
        }
        assertThat(live.anomalyCounts(USER)).get().asString().startsWith("denials=1 requests=1 ");
    }

    @Test
    void shouldEnforceAQuarantineOwedByGatesThatRacedOnTwoServices() {
        InterleavingStore interleaving = new InterleavingStore(real);
        DefaultPromotionService first = fixture.service(interleaving);
        DefaultPromotionService second = fixture.service(real);
        denied(first, "1");
        // the second service decides while the first one's decision is being written: neither sees the other's
        interleaving.beforeNextWrite(() -> denied(second, "3"));
        denied(first, "2");
        assertThat(subjects(real, AuditEventType.QUARANTINE)).as("the racing writes raised no quarantine").isEmpty();

        Decision next = gate(second, "staging", ALICE, run("4"), pom());

        assertDeniedAndAudited(real, next, ReasonCode.IDENTITY_QUARANTINED);
        assertThat(subjects(real, AuditEventType.QUARANTINE)).containsExactly(USER.toString());
        assertDeniedAndAudited(real, gate(first, "staging", ALICE, run("5"), pom()),
                ReasonCode.IDENTITY_QUARANTINED);
        assertThat(subjects(real, AuditEventType.QUARANTINE)).as("written once").hasSize(1);
        assertThat(first.anomalyCounts(USER)).isEqualTo(second.anomalyCounts(USER));
    }

    /** Runs an action of another service just before the next write of the gate's batch reaches the store. */
    private static final class InterleavingStore extends ForwardingAuditStore {
        private Runnable before;

        InterleavingStore(AuditStore delegate) {
            super(delegate);
        }

        void beforeNextWrite(Runnable action) {
            before = action;
        }

        @Override
        public List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
            Runnable action = before;
            before = null;
            if (action != null) {
                action.run();
            }
            return super.appendAllUnique(events);
        }
    }
}
