package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.util.Map;
import java.util.TreeMap;

/**
 * Neither the requester nor the job is quarantined. It does not need the environment: a quarantined identity is
 * denied with {@code IDENTITY_QUARANTINED} whatever it asks for, so its denial names the real reason.
 */
final class QuarantineCheck implements GateCheck {
    static final String GATE = "quarantine";

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public boolean needsEnvironment() {
        return false;
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        QuarantineState state = context.quarantines();
        if (!state.consulted()) {
            return CheckResult.notApplicable(GATE, "The quarantine state was not consulted (a replay or a policy "
                    + "test case).");
        }
        if (state.active().isEmpty()) {
            return CheckResult.passed(GATE, "Neither " + String.join(" nor ", state.checked())
                    + " is quarantined.", Map.of());
        }
        QuarantineState.Active first = state.active().get(0);
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("identity", first.identity());
        evidence.put("quarantinedSince", first.since().toString());
        StringBuilder message = new StringBuilder(first.identity() + " is quarantined since " + first.since()
                + " (" + first.detail() + ")");
        if (state.active().size() > 1) {
            QuarantineState.Active second = state.active().get(1);
            evidence.put("alsoQuarantined", second.identity());
            message.append(", and so is ").append(second.identity()).append(" since ").append(second.since())
                    .append(" (").append(second.detail()).append(')');
        }
        return CheckResult.failed(GATE, ReasonCode.IDENTITY_QUARANTINED, message
                + "; an admin must lift the quarantine", evidence);
    }
}
