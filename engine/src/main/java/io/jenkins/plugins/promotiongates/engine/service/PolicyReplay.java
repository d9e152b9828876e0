package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.gate.GateEvaluator;
import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shadow mode: re-evaluates every recorded promotion request under a candidate policy, at the time it was made and
 * with the deployment history as it was then, and lists every decision that would change — before an admin
 * switches. Verification evidence is taken as recorded (signatures are not re-verified); the policy's rules are.
 */
public final class PolicyReplay {
    /**
     * One request whose decision would change.
     *
     * @param correlationId the promotion
     * @param environment   its environment
     * @param requestedAt   when it was requested
     * @param recorded      the outcome that was recorded first
     * @param replayed      the outcome under the candidate policy
     * @param reasons       the codes that explain the replayed outcome
     */
    public record Change(String correlationId, String environment, Instant requestedAt, Outcome recorded,
            Outcome replayed, List<ReasonCode> reasons) {
        public Change {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * The replay's findings.
     *
     * @param replayed how many recorded requests were re-evaluated
     * @param changes  those whose outcome would differ
     */
    public record Report(int replayed, List<Change> changes) {
        public Report {
            changes = List.copyOf(changes);
        }
    }

    private PolicyReplay() {
    }

    public static Report replay(AuditStore store, Policy candidate) {
        EventCodec codec = new EventCodec();
        Map<String, Instant> deployments = new HashMap<>();
        PromotionHistory asOfThen = (digest, environment) -> Optional.ofNullable(deployments.get(key(digest, environment)));
        Map<String, PromotionRequest> awaitingDecision = new HashMap<>();
        Map<String, Instant> requestedAt = new HashMap<>();
        List<Change> changes = new ArrayList<>();
        int[] replayed = {0};
        store.scan(0, event -> {
            if (event.type() == AuditEventType.PROMOTION_REQUESTED) {
                awaitingDecision.put(event.correlationId(), codec.readRequest(event));
                requestedAt.put(event.correlationId(), event.time());
            } else if (event.type() == AuditEventType.DECISION && event.outcome() != null
                    && awaitingDecision.containsKey(event.correlationId())) {
                PromotionRequest request = awaitingDecision.remove(event.correlationId());
                Instant at = requestedAt.remove(event.correlationId());
                Decision replayedDecision = new GateEvaluator(Clock.fixed(at, ZoneOffset.UTC))
                        .evaluate(candidate, request, asOfThen);
                replayed[0]++;
                if (replayedDecision.outcome() != event.outcome()) {
                    changes.add(new Change(request.correlationId(), request.environment(), at, event.outcome(),
                            replayedDecision.outcome(),
                            replayedDecision.reasons().stream().map(r -> r.code()).toList()));
                }
            } else if (event.type() == AuditEventType.DEPLOYMENT && event.environment() != null
                    && "SUCCESS".equals(event.payload().get(PayloadKeys.DEPLOYMENT_OUTCOME))) {
                for (String digest : event.digests()) {
                    deployments.put(key(Digest.parse(digest), event.environment()), event.time());
                }
            }
        });
        return new Report(replayed[0], changes);
    }

    private static String key(Digest digest, String environment) {
        return digest + "@" + environment;
    }
}
