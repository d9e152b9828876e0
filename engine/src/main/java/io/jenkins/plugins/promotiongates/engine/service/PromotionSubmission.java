package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest.Action;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;

import java.util.List;
import java.util.Objects;

/**
 * What a caller gathered for a promotion, before verification: digests computed where the files are, the raw
 * bundle and provenance documents, and the raw entitlement token. The service verifies all of it.
 *
 * <p>Callers build one with {@link #builder}: the canonical constructor stays for existing callers, but fields are
 * added over time and a positional call of eleven arguments is easy to get wrong.
 *
 * @param correlationId            caller-chosen id (Jenkins: run id + environment) joining all records
 * @param environment              target environment as given (validated by the service, not here)
 * @param action                   promote or rollback
 * @param requester                user or agent id
 * @param run                      the asking run
 * @param artifacts                artifacts with their digests and evidence documents
 * @param tests                    test results, if reported
 * @param rollbackPlan             path or URL, if given
 * @param entitlementToken         the agent's signed entitlement (compact JWS), if presented
 * @param freezeExceptionRequested ask to use the freeze exception route (needs extra approval)
 * @param changedPaths             paths the change touches, if known
 * @param refusals                 what the caller refused while gathering the evidence (a symlinked artifact, a glob
 *                                 that matches nothing): each a FAILED check; any one makes the service record a
 *                                 denial with these reasons instead of evaluating
 */
public record PromotionSubmission(String correlationId, String environment, Action action, Requester requester,
        RunRef run, List<SubmittedArtifact> artifacts, @CheckForNull TestEvidence tests, @CheckForNull String rollbackPlan,
        @CheckForNull String entitlementToken, boolean freezeExceptionRequested, List<String> changedPaths,
        List<CheckResult> refusals) {
    public PromotionSubmission {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(run, "run");
        artifacts = List.copyOf(artifacts);
        changedPaths = List.copyOf(changedPaths);
        refusals = List.copyOf(refusals);
        for (CheckResult refusal : refusals) {
            if (refusal.status() != CheckStatus.FAILED) {
                throw new IllegalArgumentException("a caller's refusal must be FAILED, got " + refusal.status());
            }
        }
    }

    /** A submission whose evidence was gathered without a refusal. */
    public PromotionSubmission(String correlationId, String environment, Action action, Requester requester,
            RunRef run, List<SubmittedArtifact> artifacts, @CheckForNull TestEvidence tests,
            @CheckForNull String rollbackPlan, @CheckForNull String entitlementToken, boolean freezeExceptionRequested,
            List<String> changedPaths) {
        this(correlationId, environment, action, requester, run, artifacts, tests, rollbackPlan, entitlementToken,
                freezeExceptionRequested, changedPaths, List.of());
    }

    /** Starts a submission with its required fields; the action defaults to {@code PROMOTE}. */
    public static Builder builder(String correlationId, String environment, Requester requester, RunRef run) {
        return new Builder(correlationId, environment, requester, run);
    }

    /** The optional parts of a submission; {@link #build()} validates. */
    public static final class Builder {
        private final String correlationId;
        private final String environment;
        private final Requester requester;
        private final RunRef run;
        private Action action = Action.PROMOTE;
        private final List<SubmittedArtifact> artifacts = new java.util.ArrayList<>();
        @CheckForNull
        private TestEvidence tests;
        @CheckForNull
        private String rollbackPlan;
        @CheckForNull
        private String entitlementToken;
        private boolean freezeExceptionRequested;
        private final List<String> changedPaths = new java.util.ArrayList<>();
        private final List<CheckResult> refusals = new java.util.ArrayList<>();

        private Builder(String correlationId, String environment, Requester requester, RunRef run) {
            this.correlationId = correlationId;
            this.environment = environment;
            this.requester = requester;
            this.run = run;
        }

        public Builder action(Action value) {
            this.action = value;
            return this;
        }

        public Builder artifact(SubmittedArtifact artifact) {
            this.artifacts.add(artifact);
            return this;
        }

        public Builder artifacts(List<SubmittedArtifact> all) {
            this.artifacts.addAll(all);
            return this;
        }

        public Builder tests(@CheckForNull TestEvidence value) {
            this.tests = value;
            return this;
        }

        public Builder rollbackPlan(@CheckForNull String value) {
            this.rollbackPlan = value;
            return this;
        }

        public Builder entitlementToken(@CheckForNull String value) {
            this.entitlementToken = value;
            return this;
        }

        public Builder freezeExceptionRequested(boolean value) {
            this.freezeExceptionRequested = value;
            return this;
        }

        public Builder changedPaths(List<String> paths) {
            this.changedPaths.addAll(paths);
            return this;
        }

        /** What the caller refused while gathering the evidence; each a FAILED check. */
        public Builder refusals(List<CheckResult> all) {
            this.refusals.addAll(all);
            return this;
        }

        public PromotionSubmission build() {
            return new PromotionSubmission(correlationId, environment, action, requester, run, artifacts, tests,
                    rollbackPlan, entitlementToken, freezeExceptionRequested, changedPaths, refusals);
        }
    }
}
