package io.jenkins.plugins.promotiongates.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A structured hand-over to a human: what the requester tried, why the gate stopped, what it saw and what
 * decision is needed. Shown on the approval page and written to the audit trail; never a bare "denied".
 *
 * @param requester       who asked (user or agent id)
 * @param attempted       what they tried to do, e.g. "promote app.jar (sha256:…) to production"
 * @param triggers        the checks that require a human
 * @param evidence        the facts collected (provenance source vs job repository, touched paths, entitlement)
 * @param decisionNeeded  the question the human must answer
 */
public record Escalation(String requester, String attempted, List<CheckResult> triggers, Map<String, String> evidence,
        String decisionNeeded) {
    public Escalation {
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(attempted, "attempted");
        Objects.requireNonNull(decisionNeeded, "decisionNeeded");
        triggers = List.copyOf(triggers);
        evidence = java.util.Collections.unmodifiableMap(new TreeMap<>(evidence));
    }
}
