package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.ChainReport;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many agents on one machine run the CLI against one embedded store: 20 processes, 4 writing operations each (gate
 * staging, record the deployment, gate canary, approve), all at once with the default store wait. Every operation is
 * acknowledged with its expected exit code and the chain is intact. When the store was owned by one process at a
 * time, 3 of 80 succeeded and 77 exited "locked by another process" (issue 18); watched failing on that code: the
 * first process's four operations all exited 4.
 */
class ConcurrentCliTest {
    private static final int PROCESSES = 20;
    @TempDir
    private Path directory;

    @Test
    void shouldAcknowledgeEveryOperationOfTwentyProcessesSharingOneStore() throws Exception {
        Workspace workspace = CliHarness.workspace(directory);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                processes.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                        "-cp", System.getProperty("java.class.path"), CliProcess.class.getName(),
                        directory.toString(), String.valueOf(100 + i)).redirectErrorStream(true).start());
            }
            List<String> outputs = new ArrayList<>();
            for (Process process : processes) {
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                outputs.add(out);
                assertThat(process.exitValue()).as(out).isZero();
            }
            assertThat(String.join("", outputs).lines().filter(line -> line.startsWith("acknowledged "))).as(
                    String.join("\n", outputs)).hasSize(4 * PROCESSES);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        try (FileAuditStore store = new FileAuditStore(workspace.store(), new MutableClock(TUESDAY_MORNING))) {
            ChainReport report = ChainVerifier.verify(store);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            for (int i = 0; i < PROCESSES; i++) {
                List<AuditEvent> canary = store.byCorrelationId("shop/release#" + (100 + i) + "/canary");
                assertThat(canary).as("run " + (100 + i)).extracting(event -> event.type().name())
                        .contains("APPROVAL_REQUESTED", "APPROVAL_GRANTED");
            }
            assertThat(store.pendingApprovalCorrelationIds()).hasSize(PROCESSES);
        }
        assertThat(ChainVerifier.verifyDirectory(workspace.store()).isIntact()).isTrue();
    }

    /**
     * One CLI process of the test: the CLI's commands as {@code Main} runs them, with the test's clock (a test
     * never reads the wall clock) and environment; prints "acknowledged OPERATION" per expected exit code.
     */
    static final class CliProcess {
        private CliProcess() {
        }

        public static void main(String[] args) throws IOException {
            Workspace workspace = new Workspace(Path.of(args[0]));
            String run = args[1];
            CliContext context = new CliContext(new MutableClock(TUESDAY_MORNING), Map.of("USER", "ci-runner"), false);
            int failures = 0;
            failures += expect(context, 0, workspace.gate("staging", "alice", run));
            failures += expect(context, 0, "record-deployment", "--store", workspace.storeArg(), "--environment",
                    "staging", "--job", "shop/release", "--run", run, "--outcome", "success");
            failures += expect(context, 3, workspace.gate("canary", "alice", run));
            failures += expect(context, 3, "approve", "--store", workspace.storeArg(), "--job", "shop/release",
                    "--run", run, "-e", "canary", "--as", "bob", "--group", "release-managers");
            System.out.flush();
            System.exit(failures == 0 ? 0 : 1);
        }

        private static int expect(CliContext context, int expected, String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            picocli.CommandLine commandLine = PromotionGatesCli.newCommandLine(context);
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            int code = commandLine.execute(args);
            if (code == expected) {
                System.out.println("acknowledged " + args[0]);
                return 0;
            }
            System.out.println("FAILED " + String.join(" ", args) + ": exit " + code + "\n" + out + err);
            return 1;
        }
    }
}
