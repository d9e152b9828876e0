package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.util.DecisionText;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code promotionGate} and {@code waitForPromotion} share while a promotion waits for people: no thread and no
 * executor held; the step ends when the approval handlers call {@link #complete}, when the minute poll reads a final
 * decision (timeouts, decisions made on another controller), or on resume. Only strings are persisted.
 */
abstract class DecisionWaitExecution extends StepExecution implements AwaitsDecision {
    private static final long serialVersionUID = 1L;

    final String environment;
    @CheckForNull
    transient RuntimeLocator locator;
    @CheckForNull
    String correlationId;
    /** name → digest, as the gate verified them. */
    final Map<String, String> digests = new TreeMap<>();
    private boolean settled;
    @CheckForNull
    private transient AutoCloseable polling;

    DecisionWaitExecution(StepContext context, String environment, @CheckForNull RuntimeLocator locator) {
        super(context);
        this.environment = environment;
        this.locator = locator;
    }

    final PromotionGatesRuntime runtime() {
        return RuntimeLocator.resolve(locator);
    }

    /** Settles the step if the decision is for this promotion and final; other promotions are ignored. */
    @Override
    public final void complete(String id, Decision decision) {
        if (!id.equals(correlationId) || decision.outcome() == Outcome.PENDING) {
            return;
        }
        try {
            beforeSettling(decision);
            settle(decision);
        } catch (Exception e) {
            fail(e);
        }
    }

    /** Hook run with the final decision before the step ends (the gate records it on the run). */
    void beforeSettling(Decision decision) throws Exception {
    }

    /** Reads the current decision now; a failing read is retried on the next period (the service fails closed). */
    final void poll() {
        try {
            runtime().service().currentDecision(correlationId).ifPresent(d -> complete(correlationId, d));
        } catch (RuntimeException e) {
            // retried on the next period
        }
    }

    final synchronized void startPolling() {
        if (!settled && polling == null) {
            polling = runtime().poller().every(PromotionGateStep.POLL_PERIOD, this::poll);
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

    /** Ends the step with its value (allowed) or the reasons (denied). */
    final synchronized void settle(Decision decision) {
        if (settled) {
            return;
        }
        settled = true;
        stopPolling();
        if (decision.isAllowed()) {
            getContext().onSuccess(PromotionGateStep.result(decision, digests));
        } else {
            getContext().onFailure(new AbortException(DecisionText.denial(decision)));
        }
    }

    /** Ends the step with a value without waiting (the gate's {@code wait: false}). */
    final synchronized void settleWith(Object value) {
        if (!settled) {
            settled = true;
            stopPolling();
            getContext().onSuccess(value);
        }
    }

    final synchronized void fail(Throwable e) {
        if (!settled) {
            settled = true;
            stopPolling();
            getContext().onFailure(e);
        }
    }

    final boolean isSettled() {
        return settled;
    }

    /** The build was aborted: withdraw the pending request, then end the step with the cause. */
    @Override
    public void stop(Throwable cause) {
        if (correlationId != null && !settled) {
            runtime().service().withdraw(correlationId, "jenkins", "Build aborted: " + cause);
        }
        fail(cause);
    }

    @Override
    @CheckForNull
    public String getStatus() {
        return settled ? null : "waiting for the promotion decision for " + environment;
    }
}
