package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.OrderRule;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.artifactEvidence;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.count;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.label;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.missing;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.put;

/**
 * Promotion order: every artifact was deployed successfully to the preceding environment at least the soak time
 * ago, read from the promotion history; a history that cannot be read denies.
 */
final class OrderCheck implements GateCheck {
    @Override
    public String name() {
        return "order";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return order(context.env(), context.request(), context.history(), context.now());
    }

    private static CheckResult order(EnvironmentPolicy env, PromotionRequest request, PromotionHistory history,
            Instant now) {
        Optional<OrderRule> configured = env.order();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("order", "No promotion order is required for " + env.name() + ".");
        }
        OrderRule rule = configured.get();
        if (request.artifacts().isEmpty()) {
            return mode(missing("order", "the request names no artifacts whose earlier deployments could be "
                    + "checked", ev("missing", "artifacts")), rule.mode());
        }
        long soakMinutes = rule.soak().toMinutes();
        Instant latest = null;
        for (ArtifactEvidence artifact : request.artifacts()) {
            Optional<Instant> deployed;
            try {
                deployed = history.lastSuccessfulDeployment(artifact.artifact().digest(), rule.after());
            } catch (RuntimeException e) {
                return CheckResult.failed("order", ReasonCode.STORE_UNAVAILABLE, "The ledger could not be read to "
                        + "check that " + label(artifact) + " passed " + rule.after() + ", so the promotion is "
                        + "denied.", put(orderEvidence(artifact, rule), "error", Identifiers.printable(String.valueOf(e.getMessage()))));
            }
            if (deployed.isEmpty()) {
                return mode(CheckResult.failed("order", ReasonCode.PROMOTION_ORDER_VIOLATED, label(artifact)
                        + " has no successful deployment in " + rule.after() + ", which must come before "
                        + env.name() + ".", orderEvidence(artifact, rule)), rule.mode());
            }
            Instant at = deployed.get();
            Duration soaked = Duration.between(at, now);
            if (soaked.compareTo(rule.soak()) < 0) {
                Map<String, String> evidence = orderEvidence(artifact, rule);
                evidence.put("deployedAt", at.toString());
                evidence.put("readyAt", at.plus(rule.soak()).toString());
                return mode(CheckResult.failed("order", ReasonCode.SOAK_TIME_NOT_MET, label(artifact) + " was "
                        + "deployed to " + rule.after() + " at " + at + ", " + Math.max(0, soaked.toMinutes())
                        + " minutes ago, but " + env.name() + " requires " + soakMinutes + " minutes of soak "
                        + "(ready at " + at.plus(rule.soak()) + ").", evidence), rule.mode());
            }
            latest = latest == null || at.isAfter(latest) ? at : latest;
        }
        return CheckResult.passed("order", count(request) + " deployed successfully to " + rule.after()
                + (soakMinutes > 0 ? " at least " + soakMinutes + " minutes ago" : "") + ".",
                ev("after", rule.after(), "soakMinutes", String.valueOf(soakMinutes), "latestDeployedAt",
                        String.valueOf(latest)));
    }

    private static Map<String, String> orderEvidence(ArtifactEvidence artifact, OrderRule rule) {
        Map<String, String> evidence = artifactEvidence(artifact);
        evidence.put("after", rule.after());
        evidence.put("soakMinutes", String.valueOf(rule.soak().toMinutes()));
        return evidence;
    }
}
