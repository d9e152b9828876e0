package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
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
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anomaly detection and quarantine, derived from the audit trail only. The detector is a cache of the store: it reads
 * each gate's request with the decision recorded in the same write ({@link #observationsOf}), in sequence order,
 * whichever controller wrote it, so every service on one store holds the same counts, and a restarted one rebuilds
 * them. A gate computes the signals of its own decision from that snapshot ({@link #eventsFor}) and records them, with
 * any quarantine they raise, in the gate's one write: a decision is never durable without its signals, nor a signal
 * without its decision. A vote, a withdrawal or an approval's later answer is never an observation.
 *
 * <p>Bound across controllers: a quarantine is read from the store at every decision, so one raised by any service
 * is enforced by every other at its next decision for that identity. Two gates for the same identity evaluated at
 * the same time (on two controllers, or two threads) each see the snapshot before the other's write, so a signal may
 * be recorded one observation early or late; the counts, which come from the decisions, converge when the store is
 * read again, and a denials signal that the replay raises with no quarantine recorded after it is owed: the
 * identity's next gate is denied as quarantined and writes the quarantine in its own write.
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
    /** Denials signals the replay raised with no quarantine or lift of that identity read after them. */
    private final Map<Identity, AnomalySignal> owed = new HashMap<>();

    AnomalyMonitor(AuditStore store, EventCodec codec, Clock clock) {
        this.store = store;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * The quarantine state of a request's identities (its requester, then its job), read from the store: the
     * quarantine gate's part of the snapshot. A quarantine the replay owes (see the class comment) counts as active.
     */
    QuarantineState quarantineState(Policy policy, PromotionRequest request) {
        List<Identity> identities = identities(request);
        Map<Identity, AnomalySignal> owedNow = new HashMap<>();
        synchronized (this) {
            catchUp(policy);
            for (Identity identity : identities) {
                AnomalySignal signal = owed.get(identity);
                if (signal != null) {
                    owedNow.put(identity, signal);
                }
            }
        }
        List<String> checked = new ArrayList<>(2);
        List<QuarantineState.Active> active = new ArrayList<>(2);
        for (Identity identity : identities) {
            checked.add(identity.toString());
            Optional<AuditEvent> recorded = store.activeQuarantine(identity.toString());
            AnomalySignal signal = owedNow.get(identity);
            if (recorded.isPresent()) {
                active.add(new QuarantineState.Active(identity.toString(), recorded.get().time(),
                        Objects.requireNonNullElse(recorded.get().payloadValue(PayloadKeys.DETAIL),
                                "no detail recorded")));
            } else if (signal != null) {
                active.add(new QuarantineState.Active(identity.toString(), signal.observedAt(), signal.message()));
            }
        }
        return QuarantineState.of(checked, active);
    }

    /**
     * The events a gate's decision adds to its write: the signals the decision raises, computed against the store
     * read through now, and the quarantines they (or an owed denials signal) impose on the requester or the user
     * or agent behind it. Jobs are shared by many people: their signals are recorded, but a job is never quarantined
     * by policy. Fails (and so fails the gate's write) when the store cannot be read.
     */
    List<NewEvent> eventsFor(Policy policy, PromotionRequest request, Decision decision, Instant now) {
        List<AnomalySignal> signals = new ArrayList<>();
        Map<Identity, AnomalySignal> quarantines = new LinkedHashMap<>();
        synchronized (this) {
            catchUp(policy);
            for (Identity identity : identities(request)) {
                AnomalySignal signal = owed.get(identity);
                if (signal != null) {
                    quarantines.put(identity, signal);
                }
            }
            for (GateObservation observation : GateObservation.forRequest(request, decision.outcome(), now)) {
                signals.addAll(detector.preview(observation));
            }
        }
        List<NewEvent> batch = new ArrayList<>();
        for (AnomalySignal signal : signals) {
            batch.add(NewEvent.builder(AuditEventType.ANOMALY_SIGNAL, AuditEventFactory.SERVICE_ACTOR,
                            ActorKind.SYSTEM)
                    .correlationId(request.correlationId()).environment(request.environment())
                    .put(PayloadKeys.SUBJECT, signal.identity().toString())
                    .put(PayloadKeys.SIGNAL, signal.type().name())
                    .put(PayloadKeys.DETAIL, signal.message()).build());
            if (quarantines(policy, signal)) {
                quarantines.putIfAbsent(signal.identity(), signal);
            }
        }
        for (Map.Entry<Identity, AnomalySignal> quarantine : quarantines.entrySet()) {
            if (store.activeQuarantine(quarantine.getKey().toString()).isEmpty()) {
                batch.add(NewEvent.builder(AuditEventType.QUARANTINE, AuditEventFactory.SERVICE_ACTOR,
                                ActorKind.SYSTEM)
                        .put(PayloadKeys.SUBJECT, quarantine.getKey().toString())
                        .put(PayloadKeys.DETAIL, quarantine.getValue().message()).build());
            }
        }
        return batch;
    }

    private static boolean quarantines(Policy policy, AnomalySignal signal) {
        return signal.type() == AnomalySignal.Type.REPEATED_DENIALS && signal.identity().kind() != IdentityKind.JOB
                && policy.anomaly().quarantineOnDenials();
    }

    private static List<Identity> identities(PromotionRequest request) {
        return List.of(Identity.of(request.requester()), Identity.of(request.run()));
    }

    /** Reads every event not yet read into the detector (rebuilt from the start when the thresholds change). */
    private void catchUp(Policy policy) {
        if (detector == null || !thresholds.equals(policy.anomaly())) {
            thresholds = policy.anomaly();
            detector = new AnomalyDetector(policy.anomaly(), policy.environmentNames(),
                    AnomalyDetector.DEFAULT_MAX_IDENTITIES, AnomalyDetector.DEFAULT_IDLE_RETENTION, clock);
            readThrough = 0;
            awaitingDecision.clear();
            owed.clear();
        }
        store.scan(readThrough, event -> {
            readThrough = event.sequence();
            if (event.type() == AuditEventType.QUARANTINE || event.type() == AuditEventType.QUARANTINE_LIFTED) {
                String subject = event.payloadValue(PayloadKeys.SUBJECT);
                Identity identity = subject == null ? null : parsedOrNull(subject);
                if (identity != null) {
                    owed.remove(identity);
                }
            }
            for (GateObservation observation : observationsOf(event)) {
                for (AnomalySignal signal : detector.observe(observation)) {
                    if (quarantines(policy, signal)) {
                        owed.put(signal.identity(), signal);
                    }
                }
            }
        });
    }

    @CheckForNull
    private static Identity parsedOrNull(String subject) {
        try {
            return Identity.parse(subject);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The observations an event makes: a gate's decision, for its requester and its job, at the decision's time. */
    private List<GateObservation> observationsOf(AuditEvent event) {
        if (event.type() == AuditEventType.PROMOTION_REQUESTED) {
            awaitingDecision.put(event.correlationId(), event);
        } else if (event.type() == AuditEventType.DECISION && event.outcome() != null) {
            AuditEvent requested = awaitingDecision.remove(event.correlationId());
            if (requested != null) {
                try {
                    PromotionRequest request = codec.readRequest(requested);
                    return GateObservation.forRequest(request, event.outcome(), event.time());
                } catch (RuntimeException e) {
                    // Every service skips the same undecodable request, so their counts still agree; failing here
                    // instead would stop every gate on this store.
                    LOGGER.log(Level.WARNING, "Anomaly detection skips the undecodable request event "
                            + requested.sequence(), e);
                }
            }
        }
        return List.of();
    }

    /** The detector's counts for an identity after reading the whole store (tests compare controllers with it). */
    synchronized Optional<String> counts(Policy policy, Identity identity) {
        catchUp(policy);
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
