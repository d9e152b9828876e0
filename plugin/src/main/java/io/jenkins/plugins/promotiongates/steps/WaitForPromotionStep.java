package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.promotiongates.approval.DecisionView;
import io.jenkins.plugins.promotiongates.approval.PromotionDecisionAction;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.io.Serializable;
import java.util.Set;

/**
 * {@code waitForPromotion(environment: 'production')}: waits, outside any {@code node}, for the human decision on the
 * promotion that {@code promotionGate(…, wait: false)} left pending in this run. Returns the same map as the gate,
 * or fails with the reasons (rejected, timed out, withdrawn).
 */
public final class WaitForPromotionStep extends Step implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String environment;

    @DataBoundConstructor
    public WaitForPromotionStep(String environment) {
        this.environment = environment;
    }

    public String getEnvironment() {
        return environment;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, environment, null);
    }

    /** Asynchronous: holds no thread and no executor; completed by the approval handlers, the poll or on resume. */
    static final class Execution extends DecisionWaitExecution {
        private static final long serialVersionUID = 1L;

        Execution(StepContext context, String environment, @CheckForNull RuntimeLocator locator) {
            super(context, environment, locator);
        }

        @Override
        public boolean start() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            PromotionDecisionAction decisions = run.getAction(PromotionDecisionAction.class);
            DecisionView gate = decisions == null ? null : decisions.forEnvironment(environment);
            if (gate == null) {
                throw new AbortException("waitForPromotion: this run has no promotionGate decision for '" + environment
                        + "'; call promotionGate(environment: '" + environment + "', …, wait: false) first");
            }
            correlationId = gate.getCorrelationId();
            digests.putAll(gate.getDigests());
            getContext().get(TaskListener.class).getLogger().println("[promotion-gates] Waiting for the decision on "
                    + correlationId);
            runtime().background().execute(this::poll);
            startPolling();
            return false;
        }

        @Override
        public void onResume() {
            if (correlationId != null) {
                poll();
                startPolling();
            }
        }
    }

    @Extension
    @Symbol("waitForPromotion")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "waitForPromotion";
        }

        @Override
        public String getDisplayName() {
            return "Wait, without an executor, for the human decision on a pending promotion";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
