package io.jenkins.plugins.promotiongates.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.DIGEST;
import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code policy check|explain|test|replay}: trying a policy before saving it. */
class PolicyCommandTest {
    private static final Path EXAMPLES = Path.of("../docs/examples");
    private static final String SAN = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    @Test
    void shouldAcceptAValidPolicy() {
        Result result = cli.run("policy", "check", workspace.policyArg());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("valid: " + workspace.policyArg() + " (sha256 ")
                .contains("environments staging → canary → production");
    }

    @Test
    void shouldPrintThePinOfEachTrustedRoot() {
        Result result = cli.run("policy", "check", workspace.policyArg());

        assertThat(result.out()).contains("  trusted root public-good: ", "public-good.json sha256: "
                + "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66");
    }

    /** Watched failing before trusted roots were pinned: the swapped root was accepted (exit 0). */
    @Test
    void shouldRefuseATrustedRootThatDoesNotMatchItsPin() throws IOException {
        Path root = workspace.policy().getParent().resolve("../trusted-roots/public-good.json").normalize();
        Files.writeString(root, Files.readString(root, StandardCharsets.UTF_8) + " ", StandardCharsets.UTF_8);

        Result check = cli.run("policy", "check", workspace.policyArg());
        Result gate = cli.run("gate", "--policy", workspace.policyArg(), "--store", workspace.storeArg(), "-e",
                "staging", "--artifact", workspace.artifactArg());

        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.err()).contains("trustedRoots[0].sha256", "but the policy pins "
                + "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66");
        assertThat(gate.exitCode()).isNotZero();
        assertThat(gate.err()).contains("trustedRoots[0].sha256");
    }

    @Test
    void shouldAcceptTheDocumentedExamplePolicy() {
        Result result = cli.run("policy", "check", EXAMPLES.resolve("policy.yaml").toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void shouldLocateEveryErrorOfAnInvalidPolicy() throws IOException {
        Path invalid = directory.resolve("invalid.yaml");
        Files.writeString(invalid, """
                apiVersion: promotion-gates/v1
                environments:
                  - name: staging
                    agents: sometimes
                  - name: Production
                    windows:
                      weekly:
                        - days: [MON]
                          start: '25:00'
                          end: '17:00'
                """, StandardCharsets.UTF_8);

        Result result = cli.run("policy", "check", invalid.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("promotion-gates: policy " + invalid + " is invalid (");
        assertThat(result.err().lines().skip(1)).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("  \\Q" + invalid + "\\E:\\d+:\\d+: .+"));
        assertThat(result.err()).contains(invalid + ":4:13: environments[0].agents")
                .contains("'25:00'").contains("Production");
    }

    @Test
    void shouldExitTwoWhenThePolicyFileIsMissing() {
        Result result = cli.run("policy", "check", directory.resolve("absent.yaml").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("policy file " + directory.resolve("absent.yaml")
                + " does not exist or is not a file");
    }

    @Test
    void shouldExplainWithoutRecordingAnything() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        long before = exportedEvents();

        Result result = cli.run("policy", "explain", "--policy", workspace.policyArg(), "--store", workspace.storeArg(),
                "-e", "canary", "--artifact", workspace.artifactArg(), "--requester", "bob", "--job", "shop/release",
                "--run", "43", "--commit-author", "dave", "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        JsonNode json = result.json();
        assertThat(json.get("outcome").asText()).isEqualTo("PENDING");
        assertThat(json.get("correlationId").asText()).isEqualTo("shop/release#43/canary");
        assertThat(GateCommandTest.check(json, "order").get("status").asText()).as("reads the store's history")
                .isEqualTo("PASSED");
        assertThat(exportedEvents()).isEqualTo(before);
        assertThat(cli.run("audit", "show", "--store", workspace.storeArg(), "shop/release#43/canary").exitCode())
                .isEqualTo(1);
    }

    @Test
    void shouldExplainADenialInTextWithoutAStore() {
        Result result = cli.run("policy", "explain", "--policy", workspace.policyArg(), "-e", "canary", "--artifact",
                workspace.artifactArg(), "--requester", "bob");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("PROMOTION_ORDER_VIOLATED").contains("DENIED — canary");
        assertThat(workspace.store()).doesNotExist();
    }

    @Test
    void shouldPassTheDocumentedPolicyTests() {
        Result result = cli.run("policy", "test", EXAMPLES.resolve("policy-tests").toString(), "--policy",
                EXAMPLES.resolve("policy.yaml").toString());

        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(result.out()).doesNotContain("FAIL").contains("PASS staging accepts a signed release")
                .containsPattern("(\\d+) passed, 0 failed");
    }

    @Test
    void shouldPassMatchingCasesAndUseThePolicyBesideTheDirectory() throws IOException {
        Path tests = Files.createDirectory(workspace.policy().resolveSibling("tests"));
        writeCase(tests.resolve("staging.yaml"), "staging takes the signed POM", "2026-11-24T08:30:00Z", "staging",
                "ALLOW", "[]");

        Result result = cli.run("policy", "test", tests.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).isEqualTo("PASS staging takes the signed POM" + System.lineSeparator()
                + "1 passed, 0 failed" + System.lineSeparator());
    }

    @Test
    void shouldExitOneAndPrintTheMismatchWhenACaseFails() throws IOException {
        Path tests = Files.createDirectory(directory.resolve("tests"));
        writeCase(tests.resolve("a-staging.yaml"), "staging takes the signed POM", "2026-11-24T08:30:00Z", "staging",
                "ALLOW", "[]");
        writeCase(tests.resolve("b-weekend.yaml"), "production on a Saturday", "2026-11-28T10:00:00Z", "production",
                "ALLOW", "[]");

        Result result = cli.run("policy", "test", tests.toString(), "--policy", workspace.policyArg());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("PASS staging takes the signed POM")
                .contains("FAIL production on a Saturday (b-weekend.yaml)")
                .contains("expected ALLOW but got DENY")
                .contains("expected reason codes [] but got [OUTSIDE_CHANGE_WINDOW, PROMOTION_ORDER_VIOLATED,"
                        + " COMMIT_AUTHORS_UNKNOWN]")
                .contains("OUTSIDE_CHANGE_WINDOW [windows]")
                .endsWith("1 passed, 1 failed" + System.lineSeparator());
    }

    @Test
    void shouldExitTwoWithTheLocationOfAnInvalidCase() throws IOException {
        Path tests = Files.createDirectory(directory.resolve("tests"));
        Files.writeString(tests.resolve("bad.yaml"), """
                name: typo
                at: 2026-11-24T08:30:00Z
                request:
                  environment: staging
                  requester: {id: alice}
                  colour: blue
                expect:
                  outcome: ALLOW
                """, StandardCharsets.UTF_8);

        Result result = cli.run("policy", "test", tests.toString(), "--policy", workspace.policyArg());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).containsPattern("promotion-gates: invalid test case \\Q" + tests.resolve("bad.yaml")
                + "\\E:\\d+:\\d+: request\\.colour: unknown key 'colour'; expected one of action, artifacts, ")
                .doesNotContain("Unrecognized").doesNotContain("PolicyTestCase");
    }

    @Test
    void shouldReportEveryInvalidCaseInItsOwnWords() throws IOException {
        Path tests = Files.createDirectory(directory.resolve("tests"));
        Files.writeString(tests.resolve("a-date.yaml"), """
                name: bad date
                at: next tuesday
                request: {environment: staging, requester: {id: alice}}
                expect: {outcome: ALLOW}
                """, StandardCharsets.UTF_8);
        Files.writeString(tests.resolve("b-outcome.yaml"), """
                name: bad outcome
                at: 2026-11-24T08:30:00Z
                request: {environment: staging, requester: {id: alice}}
                expect: {outcome: MAYBE}
                """, StandardCharsets.UTF_8);
        writeCase(tests.resolve("c-good.yaml"), "staging takes the signed POM", "2026-11-24T08:30:00Z", "staging",
                "ALLOW", "[]");

        Result result = cli.run("policy", "test", tests.toString(), "--policy", workspace.policyArg());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(tests.resolve("a-date.yaml") + ":2:5: at: 'next tuesday' is not a time; "
                        + "expected an ISO-8601 UTC time such as 2026-11-24T08:30:00Z")
                .contains(tests.resolve("b-outcome.yaml") + ":4:19: expect.outcome: 'MAYBE' is not one of ALLOW, ")
                .doesNotContain("java.").doesNotContain("`");
        assertThat(result.out()).contains("PASS staging takes the signed POM").endsWith("1 passed, 0 failed, 2 invalid"
                + System.lineSeparator());
    }

    @Test
    void shouldExitTwoWhenTheDirectoryHoldsNoCases() throws IOException {
        Path tests = Files.createDirectory(directory.resolve("tests"));

        Result result = cli.run("policy", "test", tests.toString(), "--policy", workspace.policyArg());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no test cases (*.yaml) in " + tests);
    }

    @Test
    void shouldListTheDecisionsAStricterPolicyWouldChange() {
        seedStagingPromotions();
        Path stricter = workspace.policyVariant("stricter.yaml", "    agents: allowed\n",
                "    agents: allowed\n    tests:\n      required: true\n");

        Result text = cli.run("policy", "replay", "--policy", stricter.toString(), "--store", workspace.storeArg());
        Result json = cli.run("policy", "replay", "--policy", stricter.toString(), "--store", workspace.storeArg(),
                "--json");

        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("replayed 3 recorded requests under " + stricter + ": 2 decisions would change")
                .contains("shop/release#42/staging  staging: ALLOW → DENY")
                .contains("shop/release#43/staging  staging: ALLOW → DENY")
                .doesNotContain("#44");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(json.json().get("replayed").asInt()).isEqualTo(3);
        assertThat(json.json().get("changes")).hasSize(2).allSatisfy(change -> {
            assertThat(change.get("recorded").asText()).isEqualTo("ALLOW");
            assertThat(change.get("replayed").asText()).isEqualTo("DENY");
            assertThat(change.get("reasons").toString()).isEqualTo("[\"MISSING_EVIDENCE\"]");
        });
    }

    @Test
    void shouldReportNoChangeUnderTheSamePolicy() {
        seedStagingPromotions();

        Result result = cli.run("policy", "replay", "--policy", workspace.policyArg(), "--store", workspace.storeArg());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("replayed 3 recorded requests under " + workspace.policyArg()
                + ": 0 decisions would change");
    }

    /** Two allowed staging promotions and one denial (unknown environment) under the test policy. */
    private void seedStagingPromotions() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        assertThat(cli.run(workspace.gate("staging", "alice", "43")).exitCode()).isZero();
        assertThat(cli.run(workspace.gate("qa", "alice", "44")).exitCode()).isEqualTo(1);
    }

    private long exportedEvents() {
        return cli.run("audit", "export", "--store", workspace.storeArg()).out().lines().count();
    }

    private static void writeCase(Path file, String name, String at, String environment, String outcome, String codes)
            throws IOException {
        Files.writeString(file, """
                name: %s
                at: %s
                request:
                  environment: %s
                  requester: {id: alice}
                  run: {job: shop/release, run: "42"}
                  artifacts:
                    - name: sigstore-java-1.0.0.pom
                      digest: %s
                      signature: {identity: "%s", issuer: https://token.actions.githubusercontent.com}
                expect:
                  outcome: %s
                  codes: %s
                """.formatted(name, at, environment, DIGEST, SAN, outcome, codes), StandardCharsets.UTF_8);
    }
}
