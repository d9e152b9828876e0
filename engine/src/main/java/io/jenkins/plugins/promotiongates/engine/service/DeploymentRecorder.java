package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.time.Clock;
import java.util.Optional;

/**
 * Closes a promotion with the deployment's outcome, in one append. Only a gated deployment names digests, so an
 * ungated "success" never satisfies the next environment's promotion order; a write the store refuses throws, and
 * nothing of it is recorded.
 */
final class DeploymentRecorder {
    private final ApprovalRepository repository;
    private final ApprovalWorkflow workflow;
    private final Clock clock;

    DeploymentRecorder(ApprovalRepository repository, ApprovalWorkflow workflow, Clock clock) {
        this.repository = repository;
        this.workflow = workflow;
        this.clock = clock;
    }

    void record(DeploymentReport report) {
        String environment = Identifiers.requireEnvironmentName(report.environment());
        String correlationId = CorrelationIds.of(report.run(), environment);
        PromotionRecord record = repository.load(correlationId);
        Optional<Decision> decision = Optional.ofNullable(
                workflow.settle(record, clock.instant(), workflow.policyInForce()).decision());
        boolean gated = decision.isPresent() && decision.get().isAllowed();
        NewEvent.Builder builder = NewEvent.builder(AuditEventType.DEPLOYMENT, report.run().id(), ActorKind.SYSTEM)
                .correlationId(correlationId).environment(environment).run(report.run())
                .put(PayloadKeys.DEPLOYMENT_OUTCOME, report.outcome().name())
                .put("gated", Boolean.toString(gated));
        if (!report.detail().isBlank()) {
            builder.put(PayloadKeys.DETAIL, report.detail());
        }
        PromotionRequest request = record.request();
        if (gated && request != null) {
            request.artifacts().forEach(a -> builder.digest(a.artifact().digest()));
            builder.policyHash(decision.get().policyHash());
        }
        repository.store().append(builder.build());
    }
}
