package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.promotiongates.approval.DecisionView;
import io.jenkins.plugins.promotiongates.approval.PendingApprovalsAction;
import io.jenkins.plugins.promotiongates.approval.PromotionApprovalAction;
import io.jenkins.plugins.promotiongates.approval.PromotionDecisionAction;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.evidence.CollectedEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.engine.testresults.MalformedReportException;
import io.jenkins.plugins.promotiongates.util.DecisionText;
import io.jenkins.plugins.promotiongates.util.RunRefs;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code promotionGate(environment: 'production', artifacts: 'build/libs/*.jar')}: hashes the artifacts on the agent,
 * asks the engine, records the decision on the run, and returns it or fails the build with the reasons. When a human
 * must decide, the step waits without holding an executor until the approval page (or the API) settles it.
 */
public final class PromotionGateStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The failures the engine's break-glass may override; only used to point the console at the form. */
    private static final Set<ReasonCode> OVERRIDABLE = Set.of(ReasonCode.OUTSIDE_CHANGE_WINDOW, ReasonCode.FREEZE_ACTIVE);
    /** How often a waiting gate re-reads its decision. */
    static final java.time.Duration POLL_PERIOD = java.time.Duration.ofMinutes(1);

    private final String environment;
    private final String artifacts;
    @CheckForNull
    private String bundle;
    @CheckForNull
    private String provenance;
    @CheckForNull
    private String rollbackPlan;
    @CheckForNull
    private String requester;
    @CheckForNull
    private String entitlement;
    @CheckForNull
    private String testResults;
    private boolean wait = true;

    @DataBoundConstructor
    public PromotionGateStep(String environment, String artifacts) {
        this.environment = environment;
        this.artifacts = artifacts;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getArtifacts() {
        return artifacts;
    }

    @CheckForNull
    public String getBundle() {
        return bundle;
    }

    @DataBoundSetter
    public void setBundle(@CheckForNull String bundle) {
        this.bundle = emptyToNull(bundle);
    }

    @CheckForNull
    public String getProvenance() {
        return provenance;
    }

    @DataBoundSetter
    public void setProvenance(@CheckForNull String provenance) {
        this.provenance = emptyToNull(provenance);
    }

    @CheckForNull
    public String getRollbackPlan() {
        return rollbackPlan;
    }

    @DataBoundSetter
    public void setRollbackPlan(@CheckForNull String rollbackPlan) {
        this.rollbackPlan = emptyToNull(rollbackPlan);
    }

    @CheckForNull
    public String getRequester() {
        return requester;
    }

    @DataBoundSetter
    public void setRequester(@CheckForNull String requester) {
        this.requester = emptyToNull(requester);
    }

    @CheckForNull
    public String getEntitlement() {
        return entitlement;
    }

    /** The agent's signed entitlement (compact JWS); pass it from a credential, never a literal. */
    @DataBoundSetter
    public void setEntitlement(@CheckForNull String entitlement) {
        this.entitlement = emptyToNull(entitlement);
    }

    @CheckForNull
    public String getTestResults() {
        return testResults;
    }

    /**
     * Comma-separated Ant-style globs of JUnit XML reports in the workspace, read on the agent. No match means no
     * test evidence (the policy's {@code tests.required} then decides); a malformed report fails the gate.
     */
    @DataBoundSetter
    public void setTestResults(@CheckForNull String testResults) {
        this.testResults = emptyToNull(testResults);
    }

    public boolean isWait() {
        return wait;
    }

    /**
     * {@code false}: when a human must decide, return at once with outcome PENDING (the approval page is up) so the
     * pipeline can leave its {@code node} and wait with {@code waitForPromotion} without holding an executor.
     */
    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    @CheckForNull
    static String emptyToNull(@CheckForNull String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this, null);
    }

    /**
     * Asynchronous execution: {@link #start()} returns false at once; the work runs on the plugin's bounded executor
     * as the run's authentication (taken on the CPS VM thread, as workflow-step-api's
     * {@code SynchronousNonBlockingStepExecution} does) and the outcome arrives through the context. Only strings and
     * flags are persisted, so the program can be saved while waiting. While the evaluation runs, a restart is
     * blocked ({@link #blocksRestart()}); if Jenkins stops anyway before the request was submitted,
     * {@link #onResume()} ends the step with a clear message instead of polling for a decision that never comes.
     */
    public static final class Execution extends DecisionWaitExecution {
        private static final long serialVersionUID = 1L;

        private final transient PromotionGateStep step;
        /** True once the engine answered the submission (persisted with the program). */
        private boolean answered;
        private transient volatile boolean evaluating;

        Execution(StepContext context, PromotionGateStep step, @CheckForNull RuntimeLocator locator) {
            super(context, step.getEnvironment(), locator);
            this.step = step;
        }

        @Override
        public boolean start() {
            evaluating = true;
            try {
                runtime().background().execute(this::evaluate);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                evaluating = false;
                fail(new AbortException("promotionGate: the Promotion Gates worker pool is full or stopped; run the"
                        + " gate again (" + e.getMessage() + ")"));
            }
            return false;
        }

        /** A safe restart waits while the artifacts are hashed and the request is submitted. */
        @Override
        public boolean blocksRestart() {
            return evaluating;
        }

        private void evaluate() {
            try {
                evaluateNow();
            } finally {
                evaluating = false;
            }
        }

        // saveState() is not awaited: upstream's CpsStepContext.saveState only schedules a save of the program, and
        // its future only says when that happened; the poll that follows does not depend on it.
        @SuppressWarnings("FutureReturnValueIgnored")
        private void evaluateNow() {
            try {
                Run<?, ?> run = getContext().get(Run.class);
                TaskListener listener = getContext().get(TaskListener.class);
                FilePath workspace = getContext().get(FilePath.class);
                if (workspace == null) {
                    throw new AbortException("promotionGate needs a workspace: call it inside node { … }");
                }
                correlationId = RunRefs.correlationId(run, environment);
                CollectArtifacts.Found found = workspace.act(
                        CollectArtifacts.withEvidence(step.getArtifacts(), step.getBundle(), step.getProvenance()));
                for (CollectArtifacts.Collected c : found.artifacts()) {
                    digests.put(c.name(), c.digest());
                    listener.getLogger().println("[promotion-gates] " + c.name() + " " + c.digest()
                            + (c.bundleJson() == null ? " (no bundle)" : "") + (c.provenanceJson() == null ? " (no provenance)" : ""));
                }
                CollectedEvidence evidence = GateEvidence.of(found,
                        found.refusals().isEmpty() ? testEvidence(workspace, listener) : null);
                ChangeAuthors authors = ChangeAuthors.of(run);
                RunRef runRef = authors.applyTo(RunRefs.of(run));
                Requester who;
                try {
                    who = RequesterFacts.of(run, step.getRequester(), runtime().automatedJobs());
                } catch (IllegalArgumentException e) {
                    // A hostile requester (newline, oversized) fails the build with the reason, not a stack trace.
                    throw new AbortException("promotionGate refused the requester parameter: " + e.getMessage());
                }
                listener.getLogger().println("[promotion-gates] Requester " + who.id() + " ("
                        + who.kind().name().toLowerCase(java.util.Locale.ROOT) + ", from " + who.source() + "); "
                        + (authors.known() ? "commit authors " + authors.authors()
                                : "commit authors unknown" + (authors.authors().isEmpty() ? "" : ", at least "
                                        + authors.authors())));
                PromotionSubmission submission = evidence.applyTo(PromotionSubmission.builder(correlationId,
                        environment, who, runRef)).rollbackPlan(step.getRollbackPlan())
                        .entitlementToken(step.getEntitlement()).build();
                Decision decision = runtime().service().requestPromotion(submission);
                answered = true;
                record(run, decision);
                if (decision.outcome() == Outcome.PENDING) {
                    // One approval page per environment: replace only this environment's earlier page, if any.
                    for (PromotionApprovalAction old : run.getActions(PromotionApprovalAction.class)) {
                        if (old.getEnvironment().equals(environment)) {
                            run.removeAction(old);
                        }
                    }
                    // The engine binds votes to the run as job#number (RunRef.id()), not Jenkins' bare build id.
                    run.addAction(new PromotionApprovalAction(correlationId, runRef.id(), environment,
                            List.copyOf(digests.values()), decision.policyHash(), locator));
                    run.save(); // the approval page must survive a restart with the run
                    listener.getLogger().println("[promotion-gates] Waiting for approval to promote to '" + environment
                            + "': " + PendingApprovalsAction.approvalUrl(runRef, environment)
                            + DecisionText.reasons(decision.reasons()));
                    if (!step.isWait()) {
                        settleWith(PromotionGateStep.result(decision, digests));
                        return;
                    }
                    getContext().saveState();
                    startPolling();
                    return;
                }
                if (decision.outcome() == Outcome.DENY && decision.checks().stream().anyMatch(c ->
                        c.status() == CheckStatus.FAILED && OVERRIDABLE.contains(c.code()))) {
                    listener.getLogger().println("[promotion-gates] In an emergency, a user with the Promotion Gates/"
                            + "BreakGlass permission may override the change window or freeze on "
                            + PendingApprovalsAction.runUrl(correlationId) + " (this run only; other failures cannot be"
                            + " overridden); waitForPromotion(environment: '" + environment + "') then picks it up");
                }
                settle(decision);
            } catch (Exception e) {
                fail(e);
            }
        }

        /** Sums the JUnit reports on the agent; {@code null} when none is asked for. */
        @CheckForNull
        private CollectTestResults.Found testEvidence(FilePath workspace, TaskListener listener)
                throws IOException, InterruptedException {
            String globs = step.getTestResults();
            if (globs == null) {
                return null;
            }
            CollectTestResults.Found found;
            try {
                found = workspace.act(new CollectTestResults(globs));
            } catch (MalformedReportException e) {
                // A report that cannot be read never counts as green: the gate fails before anything is submitted.
                throw new AbortException("promotionGate: test report " + e.getMessage()
                        + "; fix the report or the 'testResults' glob (no promotion without readable test results)");
            }
            TestEvidence tests = found.evidence();
            if (found.refusal() != null) {
                listener.getLogger().println("[promotion-gates] " + found.refusal().message());
            } else if (tests == null) {
                listener.getLogger().println("[promotion-gates] No test report matches '" + globs
                        + "': no test evidence (the policy decides whether tests are required)");
            } else {
                listener.getLogger().println("[promotion-gates] Tests from " + found.reports() + " report(s): "
                        + tests.total() + " run, " + tests.failed() + " failed, " + tests.skipped() + " skipped");
            }
            return found;
        }

        private void record(Run<?, ?> run, Decision decision) throws IOException {
            PromotionDecisionAction action = run.getAction(PromotionDecisionAction.class);
            if (action == null) {
                action = new PromotionDecisionAction(locator);
                run.addOrReplaceAction(action);
            }
            action.record(new DecisionView(decision, digests));
            run.save();
        }

        /** The final decision is shown on the run before the step ends. */
        @Override
        void beforeSettling(Decision decision) throws Exception {
            record(getContext().get(Run.class), decision);
        }

        /**
         * After a restart: the approval may have been decided (or timed out) meanwhile. If Jenkins stopped while the
         * gate was still evaluating (the request may or may not have reached the engine), the step never waits for
         * a decision it cannot know of: a final decision the engine has is taken, a pending one is withdrawn, and the
         * step fails with a message that says to run the gate again (requests are not yet idempotent, so it does not
         * resubmit).
         */
        @Override
        public void onResume() {
            if (correlationId == null) {
                fail(new AbortException("Jenkins restarted before the promotion to '" + environment
                        + "' was submitted; run the gate again"));
                return;
            }
            java.util.Optional<Decision> known = runtime().service().currentDecision(correlationId);
            if (!answered) {
                if (known.isPresent() && known.get().outcome() != Outcome.PENDING) {
                    complete(correlationId, known.get());
                    return;
                }
                String why = "Jenkins restarted while the promotion gate for '" + environment + "' was evaluating ("
                        + correlationId + "); the request was not completed, so nothing can be approved: run the gate again";
                if (known.isPresent()) {
                    runtime().service().withdraw(correlationId, "jenkins", why);
                }
                fail(new AbortException(why));
                return;
            }
            known.ifPresent(d -> complete(correlationId, d));
            startPolling();
        }

        /** For tests: the digests the gate verified. */
        Map<String, String> digests() {
            return Map.copyOf(digests);
        }
    }

    /** The step's return value: environment, correlationId, outcome, policyHash and digests (name → digest). */
    static Map<String, Object> result(Decision decision, Map<String, String> digests) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("environment", decision.environment());
        result.put("correlationId", decision.correlationId());
        result.put("outcome", decision.outcome().name());
        result.put("policyHash", decision.policyHash());
        result.put("digests", new LinkedHashMap<>(digests));
        return result;
    }

    @Extension
    @Symbol("promotionGate")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "promotionGate";
        }

        @Override
        public String getDisplayName() {
            return "Promotion gate: verify and decide whether artifacts may be promoted";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
