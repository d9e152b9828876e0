package io.jenkins.plugins.promotiongates.credentials;

import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.service.CredentialOrigin;
import io.jenkins.plugins.promotiongates.steps.GateRunner;
import io.jenkins.plugins.promotiongates.testing.FakeCredentials;
import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousResumeNotSupportedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code withPromotionCredentials} as Jenkins runs it: the binding runs in the background (upstream
 * {@code GeneralNonBlockingStepExecution}, imitated by the stub), as the run's authentication, and only data is
 * saved with the program. Watched failing before the fix: a restart mid-bind left the step waiting forever
 * (no onResume), the program state carried a serializable lambda, and the binding ran as whoever the pool thread was.
 */
class CredentialStepExecutionTest {
    @TempDir
    Path workspace;
    private final FakeService service = new FakeService();
    private PromotionGatesRuntime runtime;
    private RecordingContext context;

    @BeforeEach
    void setUp() throws IOException {
        runtime = TestJenkins.runtime(service, new FakeAccess(), (id, d) -> { });
        context = new RecordingContext(new FakeRun(), workspace.toFile());
        Files.writeString(workspace.resolve("app.jar"), "app");
        Files.writeString(workspace.resolve("app.jar.sigstore.json"), "{}");
        GateRunner.gate(context, runtime, "staging", "*.jar");
    }

    private WithPromotionCredentialsStep.Execution execution(CredentialSource source) {
        return new WithPromotionCredentialsStep.Execution(context, new WithPromotionCredentialsStep("staging",
                "staging-deploy"), () -> runtime, source);
    }

    /** What Jenkins writes into program.dat for an execution: the context is pickled apart (CPS), the rest as is. */
    private static byte[] programState(Object execution) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                return obj instanceof StepContext ? "<context>" : obj;
            }
        }) {
            out.writeObject(execution);
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldPersistNothingButDataWithTheProgram() throws Exception {
        WithPromotionCredentialsStep.Execution execution = execution(FakeCredentials.system("staging-deploy"));
        execution.start();
        context.awaitOutcome();
        assertThat(context.failure).isNull();

        String state = new String(programState(execution), StandardCharsets.ISO_8859_1);
        String callback = new String(programState(context.body.callback), StandardCharsets.ISO_8859_1);
        assertThat(state + callback).doesNotContain("s3cr3t").doesNotContain("Lambda").doesNotContain("FakeCredentials");
    }

    @Test
    void shouldFailOnResumeWhenJenkinsStoppedDuringTheBinding() throws Exception {
        CountDownLatch resolving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WithPromotionCredentialsStep.Execution execution = execution((id, run) -> {
            resolving.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeCredentials.system(id).resolve(id, run);
        });
        execution.start();
        assertThat(resolving.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(execution.blocksRestart()).as("a safe restart waits for the binding").isTrue();

        execution.onResume();
        assertThat(context.failure).isInstanceOf(SynchronousResumeNotSupportedException.class);
        release.countDown();
    }

    @Test
    @SuppressWarnings("try") // the ACL context is held for its effect, as upstream callers of ACL.as2 do
    void shouldBindAsTheRunsAuthenticationOffTheCallingThread() throws Exception {
        AtomicReference<String> who = new AtomicReference<>();
        AtomicReference<String> thread = new AtomicReference<>();
        CredentialSource source = (id, run) -> {
            who.set(Jenkins.getAuthentication2().getName());
            thread.set(Thread.currentThread().getName());
            return FakeCredentials.system(id).resolve(id, run);
        };
        try (ACLContext ignored = ACL.as2(TestJenkins.authentication("run-as-alice"))) {
            execution(source).start();
        }
        context.awaitOutcome();
        assertThat(who.get()).isEqualTo("run-as-alice");
        assertThat(thread.get()).isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void shouldTrackTheCredentialItBinds() throws Exception {
        FakeCredentials credentials = FakeCredentials.system("staging-deploy");
        execution(credentials).start();
        context.awaitOutcome();
        assertThat(credentials.tracked).containsExactly("staging-deploy");
    }

    @Test
    void shouldReportTheOriginOfTheCredentialToTheEngine() throws Exception {
        execution(FakeCredentials.system("staging-deploy")).start();
        context.awaitOutcome();
        assertThat(service.credentialRequests).singleElement().satisfies(r -> {
            assertThat(r.origin()).isNotNull();
            assertThat(r.origin().store()).isEqualTo("system");
            assertThat(r.origin().fingerprint()).isEqualTo("fp-staging-deploy");
            assertThat(r.origin().runResolution()).isEqualTo(CredentialOrigin.RunResolution.SAME);
        });
    }
}
