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

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code --json} on every command: exactly one JSON object on one line of stdout, as docs/cli.md promises. */
class JsonOutputTest {
    private static final String CANARY_42 = "shop/release#42/canary";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    /** The single line of stdout, parsed; fails if there is not exactly one line holding one object. */
    private static JsonNode oneObject(Result result) {
        assertThat(result.out().lines()).as("stdout of a --json command: " + result.out() + result.err()).hasSize(1);
        JsonNode node = result.json();
        assertThat(node.isObject()).as(result.out()).isTrue();
        return node;
    }

    @Test
    void shouldPrintTheGateDecisionOnOneLine() {
        JsonNode decision = oneObject(cli.run(workspace.gate("staging", "alice", "42")));
        assertThat(decision.get("outcome").asText()).isEqualTo("ALLOW");
        assertThat(decision.get("checks").isArray()).isTrue();
    }

    @Test
    void shouldPrintExplainAndAuditReportsOnOneLine() {
        assertThat(oneObject(cli.run(workspace.gate("staging", "alice", "42"))).get("outcome").asText()).isEqualTo("ALLOW");

        JsonNode explained = oneObject(cli.run("policy", "explain", "--policy", workspace.policyArg(), "--store",
                workspace.storeArg(), "-e", "canary", "--artifact", workspace.artifactArg(), "--json"));
        JsonNode verified = oneObject(cli.run("audit", "verify", "--store", workspace.storeArg(), "--json"));

        assertThat(explained.get("environment").asText()).isEqualTo("canary");
        assertThat(verified.get("intact").asBoolean()).isTrue();
        assertThat(cli.run("audit", "show", "--store", workspace.storeArg(), "shop/release#42/staging", "--json")
                .out().lines()).hasSize(1);
    }

    @Test
    void shouldPrintPendingApprovalsVotesAndDeploymentsAsJson() {
        Result staging = cli.run(workspace.gate("staging", "alice", "42"));
        assertThat(staging.exitCode()).isZero();
        JsonNode deployment = oneObject(cli.run("record-deployment", "--store", workspace.storeArg(), "--environment",
                "staging", "--job", "shop/release", "--run", "42", "--outcome", "success", "--json"));
        assertThat(deployment.get("recorded").asBoolean()).isTrue();
        assertThat(deployment.get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(deployment.get("correlationId").asText()).isEqualTo("shop/release#42/staging");
        assertThat(cli.run(workspace.gate("canary", "alice", "42")).exitCode()).isEqualTo(3);

        Result pending = cli.run("pending", "--store", workspace.storeArg(), "--json");
        assertThat(pending.exitCode()).isZero();
        JsonNode list = oneObject(pending);
        assertThat(list.get("pending")).hasSize(1);
        assertThat(list.get("pending").get(0).get("correlationId").asText()).isEqualTo(CANARY_42);
        assertThat(list.get("pending").get(0).get("required").asInt()).isEqualTo(2);
        assertThat(list.get("pending").get(0).get("digests").get(0).asText()).isEqualTo(CliHarness.DIGEST);

        Result approve = cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", CANARY_42, "--as",
                "bob", "--group", "release-managers", "--json");
        assertThat(approve.exitCode()).isEqualTo(3);
        JsonNode vote = oneObject(approve);
        assertThat(vote.get("counted").asBoolean()).isTrue();
        assertThat(vote.get("decision").get("outcome").asText()).isEqualTo("PENDING");

        Result self = cli.run("reject", "--store", workspace.storeArg(), "--correlation-id", CANARY_42, "--as",
                "alice", "--comment", "no", "--json");
        assertThat(self.exitCode()).isEqualTo(1);
        JsonNode refused = oneObject(self);
        assertThat(refused.get("counted").asBoolean()).isFalse();
        assertThat(refused.get("code").asText()).isNotBlank();

        JsonNode none = oneObject(cli.run("pending", "--store", workspace.storeArg(), "-e", "production", "--json"));
        assertThat(none.get("pending")).isEmpty();

        Result unknown = cli.run("approve", "--store", workspace.storeArg(), "--correlation-id", "nope#1/canary",
                "--as", "bob", "--json");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(oneObject(unknown).get("counted").asBoolean()).isFalse();
        assertThat(unknown.err()).contains("no pending approval nope#1/canary");
    }

    @Test
    void shouldPrintPolicyCheckAndPolicyTestAsJson() throws IOException {
        JsonNode check = oneObject(cli.run("policy", "check", workspace.policyArg(), "--json"));
        assertThat(check.get("valid").asBoolean()).isTrue();
        assertThat(check.get("policyHash").asText()).hasSize(64);
        assertThat(check.get("environments").get(0).asText()).isEqualTo("staging");

        Path invalid = workspace.policyVariant("invalid.yaml", "staging", "Staging!");
        Result bad = cli.run("policy", "check", invalid.toString(), "--json");
        assertThat(bad.exitCode()).isEqualTo(2);
        JsonNode errors = oneObject(bad);
        assertThat(errors.get("valid").asBoolean()).isFalse();
        assertThat(errors.get("errors").get(0).get("line").asInt()).isPositive();
        assertThat(errors.get("errors").get(0).get("message").asText()).isNotBlank();

        Path tests = Files.createDirectories(directory.resolve("tests"));
        Files.writeString(tests.resolve("staging.yaml"), """
                name: staging is open to alice
                at: 2026-11-24T08:30:00Z
                request: {environment: staging, requester: {id: alice}}
                expect: {outcome: DENY}
                """, StandardCharsets.UTF_8);
        Result test = cli.run("policy", "test", tests.toString(), "--policy", workspace.policyArg(), "--json");
        JsonNode report = oneObject(test);
        assertThat(report.get("passed").asInt() + report.get("failed").asInt()).isEqualTo(1);
        assertThat(report.get("cases").get(0).get("name").asText()).isEqualTo("staging is open to alice");
    }

    @Test
    void shouldPrintReviewsAndQuarantineLiftAsJson() {
        JsonNode reviews = oneObject(cli.run("review", "list", "--store", workspace.storeArg(), "--json"));
        assertThat(reviews.get("reviews")).isEmpty();
        cli.run(workspace.gate("staging", "alice", "42"));
        JsonNode close = oneObject(cli.run("review", "close", "shop/release#42/staging", "--note", "none",
                "--store", workspace.storeArg(), "--json"));
        assertThat(close.get("closed").asBoolean()).isFalse();
        JsonNode lift = oneObject(cli.run("quarantine", "lift", "user:nobody", "--reason", "none", "--store",
                workspace.storeArg(), "--json"));
        assertThat(lift.get("lifted").asBoolean()).isFalse();
        assertThat(lift.get("identity").asText()).isEqualTo("user:nobody");
    }
}
