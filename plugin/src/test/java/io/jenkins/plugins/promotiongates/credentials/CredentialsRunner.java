package io.jenkins.plugins.promotiongates.credentials;

import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.testing.FakeCredentials;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;

/** Runs {@code withPromotionCredentials} from tests of other packages, with secret text in the system store. */
public final class CredentialsRunner {
    private CredentialsRunner() {
    }

    /** Binds and waits until the step failed or started its body (the binding runs on another thread). */
    public static void bind(RecordingContext context, PromotionGatesRuntime runtime, String environment,
            String credentialsId) {
        bind(context, runtime, environment, credentialsId, FakeCredentials.system(credentialsId));
    }

    public static void bind(RecordingContext context, PromotionGatesRuntime runtime, String environment,
            String credentialsId, CredentialSource source) {
        new WithPromotionCredentialsStep.Execution(context, new WithPromotionCredentialsStep(environment, credentialsId),
                () -> runtime, source).start();
        context.awaitOutcome();
    }
}
