package io.jenkins.plugins.promotiongates.steps;

import hudson.AbortException;
import io.jenkins.plugins.promotiongates.approval.PromotionApprovalAction;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.testing.RealEngine;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code promotionGate(testResults: …)} against the real engine: the JUnit reports are found and summed by the file
 * callable in the workspace, and the policy's {@code tests} condition (environment {@code qa}: required, no
 * failures) decides.
 */
class RealEngineTestResultsTest {
    private static final String REPORTS = "**/target/surefire-reports/TEST-*.xml";

    @TempDir
    Path home;
    @TempDir
    Path workspace;
    private PromotionGatesRuntime runtime;
    private RealEngine engine;
    private PromotionGateStep.Execution execution;

    @BeforeEach
    void setUp() throws IOException {
        engine = new RealEngine(home);
        runtime = TestJenkins.runtime(engine.service, new FakeAccess(), (id, decision) -> execution.complete(id, decision),
                new TestJenkins.ManualPoller());
        RealEngine.signedArtifact(workspace.resolve("target"));
    }

    private void report(String module, String name, String xml) throws IOException {
        Path dir = workspace.resolve(module).resolve("target/surefire-reports");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), xml, StandardCharsets.UTF_8);
    }

    private static String suite(int tests, int failures) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"io.example.ShopTest\" tests=\"" + tests
                + "\" errors=\"0\" skipped=\"1\" failures=\"" + failures + "\"/>\n";
    }

    private RecordingContext gate(String environment, String testResults) throws IOException {
        RecordingContext context = new RecordingContext(new FakeRun(), workspace.toFile());
        PromotionGateStep step = new PromotionGateStep(environment, "target/*.pom");
        step.setTestResults(testResults);
        execution = new PromotionGateStep.Execution(context, step, () -> runtime);
        assertThat(execution.start()).isFalse();
        return context;
    }

    @Test
    void shouldAllowWhenEveryReportIsGreen() throws IOException {
        report(".", "TEST-io.example.ShopTest.xml", suite(12, 0));
        report("web", "TEST-io.example.WebTest.xml", "<testsuites>" + suite(5, 0).replaceFirst("<\\?xml.*\\?>", "")
                + "</testsuites>");
        report("web", "ignored.xml", "not even XML");

        RecordingContext context = gate("qa", REPORTS);

        assertThat(context.failure).isNull();
        assertThat(((Map<?, ?>) context.result).get("outcome")).isEqualTo("ALLOW");
        assertThat(context.log.text()).contains("Tests from 2 report(s): 17 run, 0 failed, 2 skipped");
    }

    @Test
    void shouldDenyWithTestsFailedWhenAReportHasFailures() throws IOException {
        report(".", "TEST-green.xml", suite(12, 0));
        report("web", "TEST-red.xml", suite(5, 2));

        RecordingContext context = gate("qa", REPORTS);

        assertThat(context.result).isNull();
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("TESTS_FAILED");
    }

    @Test
    void shouldDenyWithMissingEvidenceWhenNoReportMatches() throws IOException {
        RecordingContext context = gate("qa", REPORTS);

        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("MISSING_EVIDENCE");
        assertThat(context.log.text()).contains("No test report matches '" + REPORTS + "'");
    }

    @Test
    void shouldDenyWithMissingEvidenceWhenNoGlobIsGiven() throws IOException {
        RecordingContext context = gate("qa", null);

        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("MISSING_EVIDENCE");
    }

    @Test
    void shouldFailNamingTheReportWhenAReportIsMalformed() throws IOException {
        report(".", "TEST-green.xml", suite(12, 0));
        report("web", "TEST-broken.xml", "<testsuite name=\"web\" tests=\"3\" failures=\"none\"/>");

        RecordingContext context = gate("qa", REPORTS);

        assertThat(context.result).isNull();
        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageContaining("web/target/surefire-reports/TEST-broken.xml")
                .hasMessageContaining("failures=\"none\"");
        assertThat(engine.service.pendingApprovals()).isEmpty();
    }

    @Test
    void shouldHandTheCountsToTheApprovalPage() throws IOException {
        report(".", "TEST-green.xml", suite(12, 0));

        RecordingContext context = gate("qa-approved", REPORTS);

        assertThat(context.completions).isZero();
        PromotionApprovalAction page = context.run.getAction(PromotionApprovalAction.class);
        assertThat(page).isNotNull();
        assertThat(page.getPending().request().tests()).isEqualTo(new TestEvidence(12, 0, 1));
    }
}
