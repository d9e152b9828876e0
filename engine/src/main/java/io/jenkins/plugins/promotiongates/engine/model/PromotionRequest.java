package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request to promote artifacts to one environment, with all the evidence gathered for it. This is the input
 * of the pure policy evaluation; verification has already turned bundles into {@link ArtifactEvidence}.
 *
 * @param correlationId            joins every record of this promotion in the audit trail
 * @param environment              target environment (validated name)
 * @param action                   what is asked: a promotion or a rollback
 * @param requester                who asks
 * @param run                      the run that asks
 * @param artifacts                the artifacts and their verified evidence
 * @param tests                    test results, if any were reported
 * @param rollbackPlan             path or URL of the rollback plan, if given
 * @param entitlement              the agent's checked entitlement, if one was presented
 * @param freezeExceptionRequested the requester asks to pass a freeze through its exception route
 * @param changedPaths             paths the change touches, if known (sensitive-path escalation)
 */
public record PromotionRequest(String correlationId, String environment, Action action, Requester requester, RunRef run,
        List<ArtifactEvidence> artifacts, @CheckForNull TestEvidence tests, @CheckForNull String rollbackPlan,
        @CheckForNull EntitlementEvidence entitlement, boolean freezeExceptionRequested, List<String> changedPaths) {

    /** What a request asks to do; destructive actions in production need an explicit rule. */
    public enum Action {
        PROMOTE,
        ROLLBACK
    }

    public PromotionRequest {
        Identifiers.requireSafeText("correlation id", correlationId, 128);
        Identifiers.requireEnvironmentName(environment);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(run, "run");
        artifacts = List.copyOf(artifacts);
        if (rollbackPlan != null) {
            Identifiers.requireSafeText("rollback plan", rollbackPlan, 4096);
        }
        changedPaths = List.copyOf(changedPaths);
    }

    public static Builder builder(String correlationId, String environment, Requester requester, RunRef run) {
        return new Builder(correlationId, environment, requester, run);
    }

    public Builder toBuilder() {
        Builder builder = new Builder(correlationId, environment, requester, run)
                .action(action).tests(tests).rollbackPlan(rollbackPlan).entitlement(entitlement)
                .freezeExceptionRequested(freezeExceptionRequested).changedPaths(changedPaths);
        artifacts.forEach(builder::artifact);
        return builder;
    }

    /** Builds requests; only the four identifying fields are mandatory. */
    public static final class Builder {
        private final String correlationId;
        private final String environment;
        private final Requester requester;
        private final RunRef run;
        private Action action = Action.PROMOTE;
        private final List<ArtifactEvidence> artifacts = new ArrayList<>();
        private TestEvidence tests;
        private String rollbackPlan;
        private EntitlementEvidence entitlement;
        private boolean freezeExceptionRequested;
        private List<String> changedPaths = List.of();

        private Builder(String correlationId, String environment, Requester requester, RunRef run) {
            this.correlationId = correlationId;
            this.environment = environment;
            this.requester = requester;
            this.run = run;
        }

        public Builder action(Action newAction) {
            this.action = newAction;
            return this;
        }

        public Builder artifact(ArtifactEvidence artifact) {
            artifacts.add(artifact);
            return this;
        }

        public Builder tests(@CheckForNull TestEvidence newTests) {
            this.tests = newTests;
            return this;
        }

        public Builder rollbackPlan(@CheckForNull String newRollbackPlan) {
            this.rollbackPlan = newRollbackPlan;
            return this;
        }

        public Builder entitlement(@CheckForNull EntitlementEvidence newEntitlement) {
            this.entitlement = newEntitlement;
            return this;
        }

        public Builder freezeExceptionRequested(boolean requested) {
            this.freezeExceptionRequested = requested;
            return this;
        }

        public Builder changedPaths(List<String> paths) {
            this.changedPaths = List.copyOf(paths);
            return this;
        }

        public PromotionRequest build() {
            return new PromotionRequest(correlationId, environment, action, requester, run, artifacts, tests,
                    rollbackPlan, entitlement, freezeExceptionRequested, changedPaths);
        }
    }
}
