package io.jenkins.plugins.promotiongates.credentials;

import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;

import java.util.Map;

/** Runs {@code withPromotionCredentials} from tests of other packages, with a secret-text credential double. */
public final class CredentialsRunner {
    private CredentialsRunner() {
    }

    public static void bind(RecordingContext context, PromotionGatesRuntime runtime, String environment,
            String credentialsId) {
        new WithPromotionCredentialsStep.Execution(context, new WithPromotionCredentialsStep(environment, credentialsId),
                () -> runtime, (id, run) -> new WithPromotionCredentialsStep.Binding(
                        Map.of(WithPromotionCredentialsStep.SECRET_VARIABLE, "s3cr3t"), null, null)).start();
    }
}
