package io.jenkins.plugins.promotiongates.engine.anomaly;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Incremental anomaly detection over the stream of gate outcomes, per identity. Each observation updates only its
 * identity's state in O(1) amortised time (no scans of the history), and memory is bounded: at most
 * {@code maxIdentities} identities are tracked (the least recently seen is dropped first), an identity idle longer
 * than {@code idleRetention} by the injected clock is dropped, and each identity remembers at most
 * {@value #MAX_REMEMBERED} environments and repositories.
 *
 * <p>Signals (see {@link AnomalySignal.Type}):
 * <ul>
 * <li>windowed counts ({@link SlidingCount}: half-open window, reaching the threshold signals once and restarts
 *     the count): denials within {@code denialWindow}, requests within {@code burstWindow}, and production requests
 *     that were not allowed within {@code denialWindow};</li>
 * <li>history: once an identity has been seen, a request for an environment later in the promotion order than
 *     any it asked for before is {@code BROADER_THAN_HISTORY}; another new environment is
 *     {@code FIRST_TIME_ENVIRONMENT}; a new repository is {@code FIRST_TIME_REPOSITORY}. An identity's first
 *     observation sets its baseline and raises none of these, because thousands of short-lived agents would
 *     otherwise all signal; entitlements bound what new agents may do.</li>
 * </ul>
 * The history counts what was asked for, whatever the outcome, so each new environment or repository signals once.
 * Observations should arrive in time order; a late one is counted at the identity's latest time.
 * Thread-safe: one short lock per observation.
 */
public final class AnomalyDetector {
    /** Identities tracked at most, by default. */
    public static final int DEFAULT_MAX_IDENTITIES = 100_000;
    /** How long an identity may be idle before it is forgotten, by default. */
    public static final Duration DEFAULT_IDLE_RETENTION = Duration.ofDays(30);
    /** The promotion order used when none is given; its last environment is production. */
    public static final List<String> DEFAULT_ENVIRONMENT_ORDER = List.of("staging", "canary", "production");
    static final int MAX_REMEMBERED = 256;

    private final AnomalyThresholds thresholds;
    private final List<String> environmentOrder;
    private final String production;
    private final int maxIdentities;
    private final Duration idleRetention;
    private final Clock clock;
    private final LinkedHashMap<Identity, State> states = new LinkedHashMap<>(64, 0.75f, true);

    public AnomalyDetector(AnomalyThresholds thresholds, Clock clock) {
        this(thresholds, DEFAULT_ENVIRONMENT_ORDER, DEFAULT_MAX_IDENTITIES, DEFAULT_IDLE_RETENTION, clock);
    }

    /**
     * @param environmentOrder the policy's promotion order, least to most sensitive; the last one is production
     * @param maxIdentities    identities tracked at most
     * @param idleRetention    how long an idle identity's history is kept
     */
    public AnomalyDetector(AnomalyThresholds thresholds, List<String> environmentOrder, int maxIdentities,
            Duration idleRetention, Clock clock) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.environmentOrder = List.copyOf(environmentOrder);
        if (this.environmentOrder.isEmpty()) {
            throw new IllegalArgumentException("the environment order must name at least one environment");
        }
        this.environmentOrder.forEach(Identifiers::requireEnvironmentName);
        this.production = this.environmentOrder.get(this.environmentOrder.size() - 1);
        if (maxIdentities < 1) {
            throw new IllegalArgumentException("maxIdentities must be at least 1, got " + maxIdentities);
        }
        this.maxIdentities = maxIdentities;
        if (idleRetention.isNegative() || idleRetention.isZero()) {
            throw new IllegalArgumentException("idle retention must be positive, got " + idleRetention);
        }
        this.idleRetention = idleRetention;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records one observation and returns the signals it raises, in a fixed order (possibly none). */
    public synchronized List<AnomalySignal> observe(GateObservation observation) {
        evictIdle();
        Identity identity = observation.identity();
        State state = states.get(identity);
        boolean known = state != null;
        if (state == null) {
            state = new State(thresholds);
            states.put(identity, state);
            if (states.size() > maxIdentities) {
                Iterator<Identity> eldest = states.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        long millis = Math.max(observation.time().toEpochMilli(), state.lastSeenMillis);
        state.lastSeenMillis = millis;
        Instant at = observation.time();
        List<AnomalySignal> signals = new ArrayList<>(2);

        if (observation.outcome() == Outcome.DENY && state.denials.addAndCheck(millis)) {
            signals.add(new AnomalySignal(AnomalySignal.Type.REPEATED_DENIALS, identity, at,
                    thresholds.denialWindow(), thresholds.denials(), thresholds.denials(), null,
                    identity + " was denied " + thresholds.denials() + " times within " + human(
                            thresholds.denialWindow())));
        }
        if (observation.environment().equals(production) && observation.outcome() != Outcome.ALLOW
                && state.productionAttempts.addAndCheck(millis)) {
            signals.add(new AnomalySignal(AnomalySignal.Type.REPEATED_PRODUCTION_ATTEMPTS, identity, at,
                    thresholds.denialWindow(), thresholds.productionAttempts(), thresholds.productionAttempts(),
                    production, identity + " asked " + thresholds.productionAttempts() + " times within "
                            + human(thresholds.denialWindow()) + " to promote to " + production
                            + " without being allowed"));
        }
        if (state.requests.addAndCheck(millis)) {
            signals.add(new AnomalySignal(AnomalySignal.Type.REQUEST_BURST, identity, at, thresholds.burstWindow(),
                    thresholds.burstRequests(), thresholds.burstRequests(), null, identity + " sent "
                            + thresholds.burstRequests() + " promotion requests within "
                            + human(thresholds.burstWindow())));
        }
        historySignals(identity, state, observation, known, signals);
        return signals;
    }

    /**
     * What the detector holds about an identity: denials, requests and production attempts counted since their
     * last signal, and the last time seen. Two detectors fed the same observations hold the same counts: a detector
     * rebuilt from the audit trail is compared with the live one this way.
     */
    public synchronized Optional<String> counts(Identity identity) {
        State state = states.get(identity);
        return state == null ? Optional.empty() : Optional.of("denials=" + state.denials.held() + " requests="
                + state.requests.held() + " productionAttempts=" + state.productionAttempts.held() + " lastSeen="
                + state.lastSeenMillis + " environments=" + new java.util.TreeSet<>(state.environments));
    }

    /** Feeds past observations (e.g. from the audit trail at start-up) without reporting their signals again. */
    public void replay(Iterable<GateObservation> past) {
        for (GateObservation observation : past) {
            observe(observation);
        }
    }

    /** How many identities are tracked now. */
    public synchronized int trackedIdentities() {
        return states.size();
    }

    private void historySignals(Identity identity, State state, GateObservation observation, boolean known,
            List<AnomalySignal> signals) {
        String environment = observation.environment();
        int rank = environmentOrder.indexOf(environment);
        boolean newEnvironment = !state.environments.contains(environment);
        if (known && newEnvironment) {
            if (rank > state.highestRank && state.highestRank >= 0) {
                signals.add(new AnomalySignal(AnomalySignal.Type.BROADER_THAN_HISTORY, identity,
                        observation.time(), Duration.ZERO, 1, 1, environment, identity + " asked for " + environment
                                + " but had only ever asked for " + environmentOrder.get(state.highestRank)
                                + " or earlier"));
            } else {
                signals.add(new AnomalySignal(AnomalySignal.Type.FIRST_TIME_ENVIRONMENT, identity,
                        observation.time(), Duration.ZERO, 1, 1, environment, identity + " asked for "
                                + environment + " for the first time"));
            }
        }
        if (newEnvironment && state.environments.size() < MAX_REMEMBERED) {
            state.environments.add(environment);
        }
        state.highestRank = Math.max(state.highestRank, rank);
        String repository = observation.repository();
        if (repository != null && !state.repositories.contains(repository)) {
            if (known) {
                signals.add(new AnomalySignal(AnomalySignal.Type.FIRST_TIME_REPOSITORY, identity,
                        observation.time(), Duration.ZERO, 1, 1, repository, identity + " worked on " + repository
                                + " for the first time"));
            }
            if (state.repositories.size() < MAX_REMEMBERED) {
                state.repositories.add(repository);
            }
        }
    }

    /** Drops identities idle for longer than the retention; the map is in access order, so the eldest go first. */
    private void evictIdle() {
        long cutoff = clock.instant().minus(idleRetention).toEpochMilli();
        Iterator<Map.Entry<Identity, State>> eldest = states.entrySet().iterator();
        while (eldest.hasNext() && eldest.next().getValue().lastSeenMillis < cutoff) {
            eldest.remove();
        }
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : duration.toString();
    }

    /** What the detector keeps about one identity. */
    private static final class State {
        private final SlidingCount denials;
        private final SlidingCount requests;
        private final SlidingCount productionAttempts;
        private final Set<String> environments = new HashSet<>();
        private final Set<String> repositories = new HashSet<>();
        private int highestRank = -1;
        private long lastSeenMillis = Long.MIN_VALUE;

        State(AnomalyThresholds thresholds) {
            denials = new SlidingCount(thresholds.denials(), thresholds.denialWindow().toMillis());
            requests = new SlidingCount(thresholds.burstRequests(), thresholds.burstWindow().toMillis());
            productionAttempts = new SlidingCount(thresholds.productionAttempts(),
                    thresholds.denialWindow().toMillis());
        }
    }
}
