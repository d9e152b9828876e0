package io.jenkins.plugins.promotiongates.steps;

import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.promotiongates.config.BackgroundWork;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.ManualPoller;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gate as Jenkins runs it: evaluation on the plugin's own bounded pool as the run's authentication, a safe
 * restart blocked while it evaluates, and a clear end on resume when Jenkins stopped before the request was
 * answered. A restart is imitated as Jenkins does it: the execution is written into the program state (the context
 * pickled apart, workflow-cps {@code CpsThreadGroup}/{@code RiverWriter}) and read back, then {@code onResume()} is
 * called (workflow-api {@code FlowExecutionList.ItemListenerImpl.onLoaded} resumes every step execution).
 * Watched failing before the fix: the resumed gate polled forever and nothing blocked the restart.
 */
class GateExecutionTest {
    private static final String CONTEXT = "<pickled StepContext>";
    @TempDir
    Path workspace;
    private final FakeService service = new FakeService();
    private final BackgroundWork work = new BackgroundWork(1, 2);
    private final CountDownLatch submitting = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> submittedAs = new AtomicReference<>();
    private final AtomicReference<String> submittedOn = new AtomicReference<>();
    private boolean blockBeforeEngine = true;
    private PromotionGatesRuntime runtime;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(workspace.resolve("app.jar"), "app");
        Files.writeString(workspace.resolve("app.jar.sigstore.json"), "{}");
        PromotionService slow = (PromotionService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PromotionService.class}, (proxy, method, args) -> {
                    boolean submit = method.getName().equals("requestPromotion");
                    if (submit) {
                        submittedAs.set(Jenkins.getAuthentication2().getName());
                        submittedOn.set(Thread.currentThread().getName());
                        if (blockBeforeEngine) {
                            hold();
                        }
                    }
                    try {
                        Object answer = method.invoke(service, args);
                        if (submit && !blockBeforeEngine) {
                            hold();
                        }
                        return answer;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        runtime = new PromotionGatesRuntime(slow, work, (id, d) -> { }, new FakeAccess(), new ManualPoller());
    }

    private void hold() throws InterruptedException {
        submitting.countDown();
        release.await(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        work.close();
    }

    @SuppressWarnings("try") // the ACL context is held for its effect, as upstream callers of ACL.as2 do
    private PromotionGateStep.Execution startAs(RecordingContext context, String user, String environment) {
        PromotionGateStep.Execution execution = new PromotionGateStep.Execution(context,
                new PromotionGateStep(environment, "*.jar"), () -> runtime);
        try (ACLContext ignored = ACL.as2(TestJenkins.authentication(user))) {
            execution.start();
        }
        return execution;
    }

    /** Writes the execution as into program.dat and reads it back with a fresh context, as after a restart. */
    private PromotionGateStep.Execution restarted(PromotionGateStep.Execution execution, StepContext fresh)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object obj) {
                return obj instanceof StepContext ? CONTEXT : obj;
            }
        }) {
            out.writeObject(execution);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            {
                enableResolveObject(true);
            }

            @Override
            protected Object resolveObject(Object obj) {
                return CONTEXT.equals(obj) ? fresh : obj;
            }
        }) {
            PromotionGateStep.Execution copy = (PromotionGateStep.Execution) in.readObject();
            copy.locator = () -> runtime; // transient: a restarted Jenkins finds the global configuration's runtime
            return copy;
        }
    }

    @Test
    void shouldEvaluateOnThePluginsPoolAsTheRunsAuthentication() throws Exception {
        RecordingContext context = new RecordingContext(new FakeRun(), workspace.toFile());
        startAs(context, "run-as-alice", "staging");
        release.countDown();
        context.awaitCompletion();
        assertThat(context.failure).isNull();
        assertThat(submittedAs.get()).isEqualTo("run-as-alice");
        assertThat(submittedOn.get()).startsWith("promotion-gates-worker-");
    }

    @Test
    void shouldBlockARestartOnlyWhileEvaluating() throws Exception {
        RecordingContext context = new RecordingContext(new FakeRun(), workspace.toFile());
        PromotionGateStep.Execution execution = startAs(context, "alice", "staging");
        assertThat(submitting.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(execution.blocksRestart()).isTrue();
        release.countDown();
        context.awaitCompletion();
        // the worker clears the flag as it leaves the task, just after it ended the step
        for (int i = 0; i < 20_000 && execution.blocksRestart(); i++) {
            Thread.sleep(1);
        }
        assertThat(execution.blocksRestart()).isFalse();
    }

    @Test
    void shouldFailClearlyOnResumeWhenJenkinsStoppedBeforeTheEngineHadTheRequest() throws Exception {
        PromotionGateStep.Execution execution = startAs(new RecordingContext(new FakeRun(), workspace.toFile()),
                "alice", "production");
        assertThat(submitting.await(20, TimeUnit.SECONDS)).isTrue();

        RecordingContext resumed = new RecordingContext(new FakeRun(), workspace.toFile());
        restarted(execution, resumed).onResume();

        assertThat(resumed.failure).hasMessageContaining("Jenkins restarted while the promotion gate for 'production'"
                + " was evaluating").hasMessageContaining("run the gate again");
    }

    @Test
    void shouldWithdrawAndFailOnResumeWhenTheAnswerWasLostInTheRestart() throws Exception {
        blockBeforeEngine = false;
        PromotionGateStep.Execution execution = startAs(new RecordingContext(new FakeRun(), workspace.toFile()),
                "alice", "production");
        assertThat(submitting.await(20, TimeUnit.SECONDS)).isTrue();

        RecordingContext resumed = new RecordingContext(new FakeRun(), workspace.toFile());
        restarted(execution, resumed).onResume();

        assertThat(resumed.failure).hasMessageContaining("run the gate again");
        assertThat(service.withdrawn).as("nobody can approve a request the step no longer waits for")
                .containsExactly("shop#42/production");
    }

    @Test
    void shouldRefuseWorkWhenThePoolIsFull() {
        BackgroundWork tiny = new BackgroundWork(1, 1);
        try {
            CountDownLatch hold = new CountDownLatch(1);
            tiny.execute(() -> await(hold));
            tiny.execute(() -> await(hold));
            assertThatThrownBy(() -> tiny.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
            hold.countDown();
        } finally {
            tiny.close();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
