package io.jenkins.plugins.promotiongates.steps;

import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;

/** Runs a gate to completion in tests of other steps, then resets the context's recorded result. */
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
}
