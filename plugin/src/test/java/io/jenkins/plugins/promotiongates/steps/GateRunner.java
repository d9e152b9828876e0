package io.jenkins.plugins.promotiongates.steps;

import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;

import java.io.File;

/** Runs gates and deployments from tests of other packages (the executions' constructors are package-private). */
public final class GateRunner {
    private GateRunner() {
    }

    public static void gate(RecordingContext context, PromotionGatesRuntime runtime, String environment, String glob) {
        new PromotionGateStep.Execution(context, new PromotionGateStep(environment, glob), () -> runtime).start();
        if (context.failure != null) {
            throw new AssertionError("gate failed", context.failure);
        }
        context.result = null;
        context.completions = 0;
    }

    /**
     * Starts a gate with a rollback plan and returns its execution, which may still wait for approvals (resume it
     * through {@link AwaitsDecision#complete}); the context records how it ended, if it did.
     */
    public static AwaitsDecision start(RecordingContext context, PromotionGatesRuntime runtime, String environment,
            String glob) {
        PromotionGateStep step = new PromotionGateStep(environment, glob);
        step.setRollbackPlan("https://wiki.example.org/shop/rollback");
        PromotionGateStep.Execution execution = new PromotionGateStep.Execution(context, step, () -> runtime);
        execution.start();
        return execution;
    }

    /** The run passed the staging gate and deployed there: what production's order check needs. */
    public static void passStaging(FakeRun run, File workspace, PromotionGatesRuntime runtime, String glob)
            throws Exception {
        gate(new RecordingContext(run, workspace), runtime, "staging", glob);
        new RecordDeploymentStep.Execution(new RecordingContext(run, null), new RecordDeploymentStep("staging", "success"),
                () -> runtime).run();
    }
}
