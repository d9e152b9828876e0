package io.jenkins.plugins.promotiongates.steps;

import hudson.AbortException;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport.DeploymentOutcome;
import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDeploymentStepTest {
    private final FakeService service = new FakeService();

    private RecordDeploymentStep.Execution execution(String outcome) throws IOException {
        RecordingContext context = new RecordingContext(new FakeRun(), null);
        return new RecordDeploymentStep.Execution(context, new RecordDeploymentStep("canary", outcome),
                () -> TestJenkins.runtime(service, new FakeAccess(), (id, d) -> { }));
    }

    @ParameterizedTest(name = "{0} is recorded as {1}")
    @CsvSource({"success, SUCCESS", "failure, FAILURE", "rolledBack, ROLLED_BACK"})
    void shouldRecordEachOutcome(String text, DeploymentOutcome expected) throws Exception {
        execution(text).run();
        assertThat(service.deployments).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(expected);
            assertThat(r.environment()).isEqualTo("canary");
            assertThat(r.run().id()).isEqualTo("shop#42");
        });
    }

    @Test
    void shouldRefuseUnknownOutcome() {
        assertThatThrownBy(() -> execution("ok").run()).isInstanceOf(AbortException.class)
                .hasMessageContaining("'success', 'failure' or 'rolledBack'");
        assertThat(service.deployments).isEmpty();
    }

    @Test
    void shouldFailWhenStoreDown() {
        service.storeDown = true;
        assertThatThrownBy(() -> execution("success").run()).isInstanceOf(AbortException.class)
                .hasMessageContaining("did not record");
    }
}
