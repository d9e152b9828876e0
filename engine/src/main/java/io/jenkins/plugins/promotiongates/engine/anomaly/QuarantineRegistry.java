package io.jenkins.plugins.promotiongates.engine.anomaly;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which identities are quarantined. Policy turns a {@code REPEATED_DENIALS} signal into a quarantine
 * ({@link #apply}); only an admin lifts it ({@link #lift}), and never their own. The state is in memory: the caller
 * writes every returned {@link Quarantine} and {@link QuarantineLift} to the audit trail and rebuilds the registry
 * at start-up with {@link #restore}. Thread-safe.
 */
public final class QuarantineRegistry {
    /** The gate name that quarantine checks carry. */
    public static final String GATE = "quarantine";

    private final Clock clock;
    private final Map<Identity, Quarantine> active = new ConcurrentHashMap<>();

    public QuarantineRegistry(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Quarantines by policy; empty if the identity already is quarantined (then there is nothing to audit). */
    public Optional<Quarantine> quarantine(Identity identity, String reason, Instant time) {
        return quarantine(identity, reason, time, Quarantine.BY_POLICY);
    }

    /** Quarantines on behalf of {@code by} (an admin, or {@link Quarantine#BY_POLICY}); empty if already quarantined. */
    public Optional<Quarantine> quarantine(Identity identity, String reason, Instant time, String by) {
        Quarantine candidate = new Quarantine(identity, reason, time, by);
        return active.putIfAbsent(identity, candidate) == null ? Optional.of(candidate) : Optional.empty();
    }

    /**
     * The policy step: a {@code REPEATED_DENIALS} signal quarantines its identity when
     * {@link AnomalyThresholds#quarantineOnDenials()} is set. Other signals are only recorded.
     */
    public Optional<Quarantine> apply(AnomalySignal signal, AnomalyThresholds thresholds) {
        if (signal.type() != AnomalySignal.Type.REPEATED_DENIALS || !thresholds.quarantineOnDenials()) {
            return Optional.empty();
        }
        return quarantine(signal.identity(), signal.message(), signal.observedAt());
    }

    /**
     * Lifts a quarantine. The caller has checked that {@code admin} holds the admin permission; this refuses an
     * admin lifting a quarantine on their own user identity, and requires a reason for the audit trail.
     *
     * @throws IllegalArgumentException if the admin is the quarantined user or the reason is empty
     * @throws IllegalStateException    if the identity is not quarantined
     */
    public QuarantineLift lift(Identity identity, String admin, String reason) {
        if (identity.kind() == IdentityKind.USER
                && identity.id().toLowerCase(Locale.ROOT).equals(admin.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("admin '" + admin + "' may not lift the quarantine on their own "
                    + "identity; another admin must");
        }
        Quarantine current = active.get(identity);
        if (current == null) {
            throw new IllegalStateException(identity + " is not quarantined");
        }
        QuarantineLift lift = new QuarantineLift(identity, admin, reason, clock.instant(), current);
        if (!active.remove(identity, current)) {
            throw new IllegalStateException("the quarantine of " + identity + " changed while lifting it; retry");
        }
        return lift;
    }

    /** The identity's quarantine, if it is quarantined. */
    public Optional<Quarantine> isQuarantined(Identity identity) {
        return Optional.ofNullable(active.get(identity));
    }

    /** All active quarantines, sorted by identity. */
    public List<Quarantine> active() {
        return new TreeMap<>(active).values().stream().toList();
    }

    /**
     * Whether a request may go on: it fails with {@link ReasonCode#IDENTITY_QUARANTINED} when its requester or its
     * job is quarantined.
     */
    public CheckResult check(PromotionRequest request) {
        for (Identity identity : List.of(Identity.of(request.requester()), Identity.of(request.run()))) {
            Quarantine quarantine = active.get(identity);
            if (quarantine != null) {
                return CheckResult.failed(GATE, ReasonCode.IDENTITY_QUARANTINED, identity + " is quarantined since "
                        + quarantine.since() + " (" + quarantine.reason() + "); an admin must lift the quarantine",
                        Map.of("identity", identity.toString(), "quarantined_since", quarantine.since().toString(),
                                "quarantined_by", quarantine.by()));
            }
        }
        return CheckResult.passed(GATE, "Neither " + Identity.of(request.requester()) + " nor "
                + Identity.of(request.run()) + " is quarantined", Map.of());
    }

    /** Rebuilds the state from audited events, oldest first; a later event overrides an earlier one. */
    public void restore(Iterable<? extends QuarantineEvent> events) {
        for (QuarantineEvent event : events) {
            if (event instanceof Quarantine quarantine) {
                active.put(quarantine.identity(), quarantine);
            } else if (event instanceof QuarantineLift lift) {
                active.remove(lift.identity());
            }
        }
    }
}
