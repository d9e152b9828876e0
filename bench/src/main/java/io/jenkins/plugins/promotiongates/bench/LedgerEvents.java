package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

/**
 * The event the ledger benchmarks append: a gate decision as the service records it (correlation id, environment,
 * digest, job and run, outcome, a payload field), about the size of the bare baselines' 256-byte records.
 */
final class LedgerEvents {
    static final Digest DIGEST = new Digest(Digest.Algorithm.SHA256,
            "5be26f1777a351a2f770e91dbceae0aaa3f6e26e8ad218c6ac16caa783a5aa0d");

    private LedgerEvents() {
    }

    static NewEvent decision(long n) {
        String run = Long.toString(n);
        return NewEvent.builder(AuditEventType.DECISION, "agent-" + (n % 1000), ActorKind.AGENT)
                .correlationId("shop/release#" + run + "/production")
                .environment("production")
                .digest(DIGEST)
                .job("shop/release")
                .run(run)
                .outcome(Outcome.ALLOW)
                .put("gate", "signature")
                .build();
    }
}
