package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalyDetector;
import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalySignal;
import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalyThresholds;
import io.jenkins.plugins.promotiongates.engine.anomaly.GateObservation;
import io.jenkins.plugins.promotiongates.engine.anomaly.Identity;
import io.jenkins.plugins.promotiongates.engine.anomaly.IdentityKind;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys;
import io.jenkins.plugins.promotiongates.engine.gate.QuarantineState;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anomaly detection and quarantine. The detector is fed from the audit trail only: each gate's request with the
 * decision recorded in the same write ({@link #observationsOf}), read in sequence order, whichever controller wrote
 * it. The live state after a gate and a state rebuilt from the store after a restart are therefore the same, and a
 * vote, a withdrawal or an approval's later answer is never an observation.
 */
final class AnomalyMonitor {
    private static final Logger LOGGER = Logger.getLogger(AnomalyMonitor.class.getName());

    private final AuditStore store;
    private final EventCodec codec;
    private final Clock clock;
    /** The detector, the thresholds it was built with and how far it has read; rebuilt when the thresholds change. */
    private AnomalyThresholds thresholds;
    private AnomalyDetector detector;
    private long readThrough;
    /** Requests whose gate decision has not been read yet (a page may end between the two). */
    private final Map<String, AuditEvent> awaitingDecision = new HashMap<>();

    AnomalyMonitor(AuditStore store, EventCodec codec, Clock clock) {
        this.store = store;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * The quarantine state of a request's identities (its requester, then its job), read from the store: the
     * quarantine gate's part of the snapshot.
     */
    QuarantineState quarantineState(PromotionRequest request) {
        List<String> checked = new ArrayList<>(2);
        List<QuarantineState.Active> active = new ArrayList<>(2);
        for (Identity identity : List.of(Identity.of(request.requester()), Identity.of(request.run()))) {
            checked.add(identity.toString());
            store.activeQuarantine(identity.toString()).ifPresent(event -> active.add(new QuarantineState.Active(
                    identity.toString(), event.time(), java.util.Objects.requireNonNullElse(event.payloadValue(PayloadKeys.DETAIL), "no detail recorded"))));
        }
        return QuarantineState.of(checked, active);
    }

    /**
     * Catches up with the store after a gate recorded its decision (event {@code decisionSequence}) and records the
     * signals that decision raised, with a quarantine where the policy asks for one. A lost signal never changes the
     * recorded decision.
     */
    void afterGate(Policy policy, PromotionRequest request, long decisionSequence) {
        try {
            List<AnomalySignal> signals = catchUp(policy, decisionSequence);
            List<NewEvent> batch = new ArrayList<>();
            for (AnomalySignal signal : signals) {
                batch.add(NewEvent.builder(AuditEventType.ANOMALY_SIGNAL, AuditEventFactory.SERVICE_ACTOR,
                                ActorKind.SYSTEM)
                        .correlationId(request.correlationId()).environment(request.environment())
                        .put(PayloadKeys.SUBJECT, signal.identity().toString())
                        .put(PayloadKeys.SIGNAL, signal.type().name())
                        .put(PayloadKeys.DETAIL, signal.message()).build());
                // Jobs are shared by many people: their signals are recorded, but only the acting agent or user is
                // quarantined, never everyone who uses the job.
                boolean quarantine = signal.type() == AnomalySignal.Type.REPEATED_DENIALS
                        && signal.identity().kind() != IdentityKind.JOB
                        && policy.anomaly().quarantineOnDenials()
                        && store.activeQuarantine(signal.identity().toString()).isEmpty();
                if (quarantine) {
                    batch.add(NewEvent.builder(AuditEventType.QUARANTINE, AuditEventFactory.SERVICE_ACTOR,
                                    ActorKind.SYSTEM)
                            .put(PayloadKeys.SUBJECT, signal.identity().toString())
                            .put(PayloadKeys.DETAIL, signal.message()).build());
                }
            }
            if (!batch.isEmpty()) {
                store.appendAll(batch);
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Anomaly detection failed for " + request.correlationId(), e);
        }
    }

    /** Reads every event not yet read; returns the signals of the observations of event {@code signalling}. */
    private synchronized List<AnomalySignal> catchUp(Policy policy, long signalling) {
        if (detector == null || !thresholds.equals(policy.anomaly())) {
            thresholds = policy.anomaly();
            detector = new AnomalyDetector(policy.anomaly(), policy.environmentNames(),
                    AnomalyDetector.DEFAULT_MAX_IDENTITIES, AnomalyDetector.DEFAULT_IDLE_RETENTION, clock);
            readThrough = 0;
            awaitingDecision.clear();
        }
        List<AnomalySignal> signals = new ArrayList<>();
        store.scan(readThrough, event -> {
            readThrough = event.sequence();
            for (GateObservation observation : observationsOf(event)) {
                List<AnomalySignal> raised = detector.observe(observation);
                if (event.sequence() == signalling) {
                    signals.addAll(raised);
                }
            }
        });
        return signals;
    }

    /** The observations an event makes: a gate's decision, for its requester and its job, at the decision's time. */
    private List<GateObservation> observationsOf(AuditEvent event) {
        if (event.type() == AuditEventType.PROMOTION_REQUESTED) {
            awaitingDecision.put(event.correlationId(), event);
        } else if (event.type() == AuditEventType.DECISION && event.outcome() != null) {
            AuditEvent requested = awaitingDecision.remove(event.correlationId());
            if (requested != null) {
                PromotionRequest request = codec.readRequest(requested);
                return GateObservation.forRequest(request, event.outcome(), event.time());
            }
        }
        return List.of();
    }

    /** The detector's counts for an identity after reading the whole store (tests compare controllers with it). */
    synchronized Optional<String> counts(Policy policy, Identity identity) {
        catchUp(policy, -1);
        return detector.counts(identity);
    }

    /** Lifts a quarantine once (two admins on two controllers cannot both lift it). */
    boolean liftQuarantine(String identity, String admin, String reason) {
        Optional<AuditEvent> active = store.activeQuarantine(identity);
        if (active.isEmpty() || reason.isBlank()) {
            return false;
        }
        try {
            store.appendUnique(NewEvent.builder(AuditEventType.QUARANTINE_LIFTED, admin, ActorKind.HUMAN)
                    .put(PayloadKeys.SUBJECT, identity).put(PayloadKeys.DETAIL, reason)
                    .uniqueKey(UniqueKeys.quarantineLifted(identity, active.get().sequence())).build());
            return true;
        } catch (DuplicateEventException e) {
            return false;
        }
    }
}
