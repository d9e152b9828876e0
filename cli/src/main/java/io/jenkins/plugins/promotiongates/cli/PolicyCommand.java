package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.gate.GateEvaluator;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.service.DefaultPromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PolicyProvider;
import io.jenkins.plugins.promotiongates.engine.service.PolicyReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code promotion-gates policy}: try a policy before saving it. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Check, explain, test and replay policies.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Explain.class, PolicyCommand.Test.class,
                PolicyCommand.Replay.class})
final class PolicyCommand {

    /** {@code policy check FILE}: every validation error with file, line and column. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a policy file; print every error with file:line:column.",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:valid", "2:invalid (errors printed)"})
    static final class Check implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "FILE", description = "Policy file (YAML or JSON).")
        private Path file;
        @Option(names = "--json", description = "Print {valid, policyHash, environments} or {valid, errors} as one "
                + "JSON object on one line.")
        private boolean json;

        Check(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            if (json) {
                return PolicyCheckJson.print(file, output);
            }
            Policy policy = Policies.load(file);
            output.out().println(output.green("valid") + ": " + file + " (sha256 " + policy.hash() + "), environments "
                    + String.join(" → ", policy.environmentNames()));
            // The pins, as the policy carries them: each file's content matched its pin when it was read just now.
            policy.trustedRoots().values().forEach(root -> output.out().println("  trusted root " + root.name()
                    + ": " + root.path() + " sha256: " + root.sha256()));
            policy.environments().stream().flatMap(env -> env.signature().stream())
                    .flatMap(rule -> rule.keys().stream()).distinct().forEach(key -> output.out().println(
                            "  signing key " + key.keyId() + ": " + key.publicKeyPath() + " sha256: " + key.sha256()));
            output.out().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code policy explain}: the decision trace for a request, recording nothing. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Show every check the gate would make for a request, without recording anything.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:would allow", "1:would deny", "2:usage error", "3:would need approval"})
    static final class Explain implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Option(names = "--policy", required = true, paramLabel = "FILE", description = "Policy file.")
        private Path policy;
        @Mixin
        private RequestOptions request;
        @Option(names = "--store", paramLabel = "DIR",
                description = "Read the deployment history from this embedded store (read-only); default: none.")
        private Path storeDirectory;
        @Option(names = "--json", description = "Print the decision as JSON.")
        private boolean json;

        Explain(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            Policy loaded = Policies.load(policy);
            if (storeDirectory != null && !Files.isDirectory(storeDirectory)) {
                // explain records nothing: a mistyped --store must not leave a new empty store behind
                throw new CliException(ExitCodes.USAGE, "no audit store in " + storeDirectory);
            }
            try (AuditStore history = storeDirectory == null ? new InMemoryAuditStore(context.clock())
                    : new io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore(storeDirectory, context.clock())) {
                Decision decision = new DefaultPromotionService(PolicyProvider.fixed(loaded), history, context.clock())
                        .explain(request.submission(context, output));
                return DecisionOutput.print(decision, json, output);
            }
        }
    }

    /** {@code policy test DIR}: request → expected-decision cases kept next to the policy. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run policy test cases (*.yaml in DIR): each states a request, history, time and the "
                    + "expected outcome and reason codes.",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:all cases pass", "1:some case failed",
                    "2:usage error (unreadable case, invalid policy)"})
    static final class Test implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Parameters(paramLabel = "DIR", description = "Directory of test cases.")
        private Path directory;
        @Option(names = "--policy", paramLabel = "FILE", description = "Policy under test (default: DIR/../policy.yaml).")
        private Path policy;
        @Option(names = "--json", description = "Print {passed, failed, invalid, cases} as one JSON object on one line.")
        private boolean json;

        Test(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            Path policyFile = policy != null ? policy
                    : directory.toAbsolutePath().getParent().resolve("policy.yaml");
            Policy loaded = Policies.load(policyFile);
            List<Path> cases;
            try (Stream<Path> files = Files.list(directory)) {
                cases = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot list test cases in " + directory + ": " + Problems.cause(e), e);
            }
            if (cases.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no test cases (*.yaml) in " + directory);
            }
            // Every case runs, so one typo does not hide the others: an invalid case is reported and counted.
            int passed = 0;
            int failed = 0;
            int invalid = 0;
            List<Map<String, Object>> results = new ArrayList<>();
            for (Path file : cases) {
                PolicyTestCase testCase;
                Decision decision;
                try {
                    testCase = PolicyTestCase.read(file);
                    decision = new GateEvaluator(Clock.fixed(testCase.at(), ZoneOffset.UTC))
                            .evaluate(loaded, testCase.toRequest(), testCase.toHistory());
                } catch (IOException | IllegalArgumentException e) {
                    invalid++;
                    // read()'s message starts with file:line:column; the others do not name the file
                    String message = e instanceof IOException && e.getMessage().startsWith(file.toString())
                            ? e.getMessage() : file + ": " + e.getMessage();
                    results.add(result(file, null, "INVALID", List.of(message)));
                    if (!json) {
                        output.err().println("promotion-gates: invalid test case " + message);
                    }
                    continue;
                }
                List<String> problems = problems(testCase, decision);
                results.add(result(file, testCase.name(), problems.isEmpty() ? "PASS" : "FAIL", problems));
                if (json) {
                    if (problems.isEmpty()) {
                        passed++;
                    } else {
                        failed++;
                    }
                } else if (problems.isEmpty()) {
                    passed++;
                    output.out().println(output.green("PASS") + " " + testCase.name());
                } else {
                    failed++;
                    output.out().println(output.red("FAIL") + " " + testCase.name() + " (" + file.getFileName() + ")");
                    problems.forEach(p -> output.out().println("     " + p));
                }
            }
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("passed", passed);
                body.put("failed", failed);
                body.put("invalid", invalid);
                body.put("cases", results);
                output.out().println(Json.write(body));
            } else {
                output.out().println(passed + " passed, " + failed + " failed"
                        + (invalid == 0 ? "" : ", " + invalid + " invalid"));
            }
            output.out().flush();
            output.err().flush();
            if (invalid > 0) {
                return ExitCodes.USAGE;
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.DENIED;
        }

        private static Map<String, Object> result(Path file, String name, String status, List<String> problems) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", file.getFileName().toString());
            result.put("name", name);
            result.put("status", status);
            result.put("problems", problems);
            return result;
        }

        private static List<String> problems(PolicyTestCase testCase, Decision decision) {
            List<String> problems = new ArrayList<>();
            if (decision.outcome() != testCase.expect().outcome()) {
                problems.add("expected " + testCase.expect().outcome() + " but got " + decision.outcome());
            }
            TreeSet<ReasonCode> actual = new TreeSet<>();
            decision.reasons().forEach(r -> actual.add(r.code()));
            if (testCase.expect().codes() != null && !actual.equals(new TreeSet<>(testCase.expect().codes()))) {
                problems.add("expected reason codes " + new TreeSet<>(testCase.expect().codes()) + " but got " + actual);
            }
            if (!problems.isEmpty()) {
                for (CheckResult reason : decision.reasons()) {
                    problems.add("  " + reason.code() + " [" + reason.gate() + "] " + reason.message());
                }
            }
            return problems;
        }
    }

    /** {@code policy replay}: shadow mode over the recorded requests. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Shadow mode: re-evaluate every recorded request under a new policy, as of its time, and "
                    + "list each decision that would change.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:no decision would change", "1:some decisions would change (listed)", "2:usage error"})
    static final class Replay implements Callable<Integer> {
        private final CliContext context;
        @Spec
        private CommandSpec spec;
        @Option(names = "--policy", required = true, paramLabel = "NEW", description = "The candidate policy.")
        private Path policy;
        @Mixin
        private StoreOptions store;
        @Option(names = "--json", description = "Print the report as JSON.")
        private boolean json;

        Replay(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws CliException {
            Output output = context.output(spec);
            Policy candidate = Policies.load(policy);
            PolicyReplay.Report report;
            try (AuditStore opened = ServiceSession.openStore(context, store)) {
                report = PolicyReplay.replay(opened, candidate);
            }
            if (json) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("policyHash", candidate.hash());
                body.put("replayed", report.replayed());
                body.put("changes", report.changes());
                output.out().println(Json.write(body));
            } else {
                output.out().println("replayed " + report.replayed() + " recorded requests under " + policy + ": "
                        + report.changes().size() + " decisions would change");
                for (PolicyReplay.Change change : report.changes()) {
                    output.out().printf("  %s  %s  %s: %s → %s  %s%n", change.requestedAt(), change.correlationId(),
                            change.environment(), change.recorded(), change.replayed(), change.reasons());
                }
            }
            output.out().flush();
            return report.changes().isEmpty() ? ExitCodes.OK : ExitCodes.DENIED;
        }
    }
}
