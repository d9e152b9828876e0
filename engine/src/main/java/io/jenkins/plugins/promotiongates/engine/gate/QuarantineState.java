package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The quarantine state of one request's identities (its requester, then its job), as read from the audit trail
 * before the gate evaluates.
 *
 * @param consulted whether the state was read at all; a policy replay or a policy test case evaluates without it
 * @param checked   the identities looked up, e.g. {@code user:alice} and {@code job:app/main}
 * @param active    the active quarantines among them, in the order of {@code checked}
 */
public record QuarantineState(boolean consulted, List<String> checked, List<Active> active) {
    /** One active quarantine: who, since when and why. */
    public record Active(String identity, Instant since, String detail) {
        public Active {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(since, "since");
            detail = Identifiers.printable(Objects.requireNonNull(detail, "detail"));
        }
    }

    public QuarantineState {
        checked = List.copyOf(checked);
        active = List.copyOf(active);
        if (!consulted && !active.isEmpty()) {
            throw new IllegalArgumentException("quarantines that were not consulted cannot be active");
        }
    }

    /** The state of identities that were looked up. */
    public static QuarantineState of(List<String> checked, List<Active> active) {
        return new QuarantineState(true, checked, active);
    }

    /** No lookup was made (a replay or a policy test case): the quarantine gate is not applicable. */
    public static QuarantineState notConsulted() {
        return new QuarantineState(false, List.of(), List.of());
    }
}
