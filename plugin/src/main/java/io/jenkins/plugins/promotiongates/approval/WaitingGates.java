package io.jenkins.plugins.promotiongates.approval;

import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.steps.AwaitsDecision;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/** Wakes the {@code promotionGate} step waiting on a promotion once a human decided it. */
@FunctionalInterface
public interface WaitingGates {
    void resume(String correlationId, Decision decision);

    /** Finds the waiting executions among the running pipeline steps (after a restart too). */
    // The visit's future is not awaited: a waiting step also polls for its decision (PromotionGateStep), so this
    // wake-up only shortens the wait, and the voter's request must not block on every running step.
    @SuppressWarnings("FutureReturnValueIgnored")
    WaitingGates RUNNING_STEPS = (correlationId, decision) -> StepExecution.acceptAll(execution -> {
        if (execution instanceof AwaitsDecision waiting) {
            waiting.complete(correlationId, decision);
        }
    });
}
