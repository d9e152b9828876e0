package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.promotiongates.approval.DecisionView;
import io.jenkins.plugins.promotiongates.approval.PromotionDecisionAction;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.util.DecisionText;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /** Asynchronous: holds no thread and no executor; completed by the approval handlers or on resume. */
    static final class Execution extends StepExecution implements AwaitsDecision {
        private static final long serialVersionUID = 1L;
        private final String environment;
        @CheckForNull
        private transient RuntimeLocator locator;
        @CheckForNull
        private String correlationId;
        private final Map<String, String> digests = new TreeMap<>();
        private boolean settled;
        @CheckForNull
        private transient AutoCloseable polling;

        Execution(StepContext context, String environment, @CheckForNull RuntimeLocator locator) {
            super(context);
            this.environment = environment;
            this.locator = locator;
        }

        private PromotionGatesRuntime runtime() {
            return RuntimeLocator.resolve(locator);
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
            runtime().background().execute(this::check);
            startPolling();
            return false;
        }

        private synchronized void startPolling() {
            if (!settled && polling == null) {
                polling = runtime().poller().every(PromotionGateStep.POLL_PERIOD, this::check);
            }
        }

        private synchronized void stopPolling() {
            if (polling != null) {
                try {
                    polling.close();
                } catch (Exception e) {
                    // nothing left to clean up
                }
                polling = null;
            }
        }

        private void check() {
            try {
                runtime().service().currentDecision(correlationId).ifPresent(d -> complete(correlationId, d));
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public void complete(String id, Decision decision) {
            if (!id.equals(correlationId) || decision.outcome() == Outcome.PENDING) {
                return;
            }
            synchronized (this) {
                if (settled) {
                    return;
                }
                settled = true;
                stopPolling();
            }
            if (decision.isAllowed()) {
                getContext().onSuccess(PromotionGateStep.result(decision, digests));
            } else {
                getContext().onFailure(new AbortException(DecisionText.denial(decision)));
            }
        }

        private synchronized void fail(Throwable e) {
            if (!settled) {
                settled = true;
                stopPolling();
                getContext().onFailure(e);
            }
        }

        @Override
        public void stop(Throwable cause) {
            if (correlationId != null && !settled) {
                runtime().service().withdraw(correlationId, "jenkins", "Build aborted: " + cause);
            }
            fail(cause);
        }

        @Override
        public void onResume() {
            if (correlationId != null) {
                check();
                startPolling();
            }
        }

        @Override
        @CheckForNull
        public String getStatus() {
            return settled ? null : "waiting for the promotion decision for " + environment;
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
