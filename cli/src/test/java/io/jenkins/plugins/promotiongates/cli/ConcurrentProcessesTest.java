package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.ChainReport;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.MutableClock;
import io.jenkins.plugins.promotiongates.engine.audit.SqliteAuditStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: many agents on one machine run the CLI against one store directory. 20 JVMs start at once, each runs 4
 * operations of the CLI (gate staging, record-deployment, pending, gate staging again), each operation opening and
 * closing the store as a CLI process does; all 80 must be acknowledged (exit 0) and the chain intact. It took 58 s at
 * a load of 40 and 90 s at a load of 20 on 2 cores, over the 60 s a CI test may take, so it runs on demand:
 * {@code -Dconcurrency.engines=sqlite} (or {@code segment,sqlite} for the comparison of docs/audit.md). The segment
 * log's own 20-process test ({@code ConcurrentCliTest}) runs in every build.
 */
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "concurrency.engines", matches = ".+")
class ConcurrentProcessesTest {
    private static final int PROCESSES = 20;
    private static final int OPERATIONS = 4;

    @TempDir
    Path directory;

    static Stream<String> engines() {
        return Arrays.stream(System.getProperty("concurrency.engines", "sqlite").split(",")).map(String::strip);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void shouldAcknowledgeEveryOperationOfTwentyProcessesOnOneStore(String engine) throws Exception {
        CliHarness.Workspace workspace = CliHarness.workspace(directory);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        long started = System.nanoTime(); // elapsed time for the report only, never for a decision
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                    System.getProperty("java.class.path"), Agent.class.getName(), engine, String.valueOf(i),
                    workspace.policyArg(), workspace.storeArg(), workspace.artifactArg())
                    .redirectErrorStream(true).start());
        }
        Map<Integer, String> outputs = new HashMap<>();
        for (int i = 0; i < PROCESSES; i++) {
            Process process = processes.get(i);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            outputs.put(i, output);
        }
        long acknowledged = outputs.values().stream().flatMap(String::lines).filter(line -> line.startsWith("exit 0 ")).count();
        System.out.printf("%d processes x %d operations on one %s store: %d acknowledged in %d ms%n", PROCESSES,
                OPERATIONS, engine, acknowledged, Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertThat(acknowledged).as("operations acknowledged; outputs: %s", outputs).isEqualTo(PROCESSES * OPERATIONS);

        try (AuditStore store = "sqlite".equals(engine)
                ? new SqliteAuditStore(workspace.store(), new MutableClock(CliHarness.TUESDAY_MORNING))
                : new FileAuditStore(workspace.store(), new MutableClock(CliHarness.TUESDAY_MORNING))) {
            ChainReport report = ChainVerifier.verify(store);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            List<AuditEvent> events = store.since(0, 10_000);
            // each process: two gates (request and decision each) and one deployment; the policy is recorded once
            assertThat(events).filteredOn(event -> event.type() == AuditEventType.DECISION).hasSize(2 * PROCESSES);
            assertThat(events).filteredOn(event -> event.type() == AuditEventType.DEPLOYMENT).hasSize(PROCESSES);
            assertThat(events).filteredOn(event -> event.type() == AuditEventType.POLICY_CHANGED).hasSize(1);
        }
    }

    /**
     * One agent's JVM: four CLI operations one after the other, each a fresh command line that opens and closes the
     * store (what four CLI processes would do, without paying four JVM starts on a loaded machine), with a fixed
     * clock (tests never read the wall clock). Prints "exit CODE OPERATION" and the command's output.
     */
    static final class Agent {
        private Agent() {
        }

        public static void main(String[] args) throws IOException {
            String engine = args[0];
            String agent = "agent-" + args[1];
            String policy = args[2];
            String store = args[3];
            String artifact = args[4];
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.put(StoreOptions.ENGINE_VARIABLE, engine);
            String run = String.valueOf(100 + Integer.parseInt(args[1]));
            List<String[]> operations = List.of(
                    gate(policy, store, artifact, agent, run),
                    new String[] {"record-deployment", "--store", store, "--environment", "staging", "--job",
                            "shop/release", "--run", run, "--outcome", "success", "--detail", "agent " + agent},
                    new String[] {"pending", "--store", store, "--json"},
                    gate(policy, store, artifact, agent, run + "-again"));
            for (String[] operation : operations) {
                CommandLine commandLine = PromotionGatesCli.newCommandLine(new CliContext(
                        new MutableClock(CliHarness.TUESDAY_MORNING), environment, false, StandardCharsets.UTF_8));
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                commandLine.setOut(new PrintWriter(out, true));
                commandLine.setErr(new PrintWriter(err, true));
                int code = commandLine.execute(operation);
                System.out.println("exit " + code + " " + operation[0]);
                if (code != 0) {
                    System.out.println(out + " " + err);
                }
            }
            System.out.flush();
        }

        private static String[] gate(String policy, String store, String artifact, String agent, String run) {
            return new String[] {"gate", "--policy", policy, "--store", store, "--environment", "staging", "--artifact",
                    artifact, "--requester", agent, "--job", "shop/release", "--run", run, "--json"};
        }
    }
}
