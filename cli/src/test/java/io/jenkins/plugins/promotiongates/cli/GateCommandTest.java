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
import java.util.ArrayList;
import java.util.List;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.ARTIFACT;
import static io.jenkins.plugins.promotiongates.cli.CliHarness.DIGEST;
import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code gate}: exit codes 0/1/2/3, the JSON decision, and located errors, on the real signed sigstore-java POM. */
class GateCommandTest {
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
    void shouldAllowASignedArtifactAndPrintTheJsonDecision() {
        Result result = cli.run(workspace.gate("staging", "alice", "42"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("outcome").asText()).isEqualTo("ALLOW");
        assertThat(json.get("environment").asText()).isEqualTo("staging");
        assertThat(json.get("correlationId").asText()).isEqualTo("shop/release#42/staging");
        assertThat(json.get("policyHash").asText()).matches("[0-9a-f]{64}");
        assertThat(json.get("decidedAt").asText()).isEqualTo(TUESDAY_MORNING.toString());
        assertThat(json.get("checks")).isNotEmpty().allSatisfy(check -> {
            assertThat(check.fieldNames()).toIterable().contains("gate", "status", "code", "message", "evidence");
            assertThat(check.get("status").asText()).isIn("PASSED", "NOT_APPLICABLE");
        });
        JsonNode signature = check(json, "signature");
        assertThat(signature.get("message").asText()).contains(SAN).contains(DIGEST);
    }

    @Test
    void shouldPrintTheChecksAndTheVerdictForPeople() {
        Result result = cli.run(withoutJson(workspace.gate("staging", "alice", "42")));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("signature").contains("PASSED")
                .contains("ALLOWED — staging (correlation id shop/release#42/staging)")
                .doesNotContain("\u001b[");
    }

    @Test
    void shouldDenyWhenTheSignerIsNotAnAcceptedIdentity() {
        Path strict = workspace.policyVariant("other-identity.yaml", "refs/tags/v1.0.0", "refs/tags/v9.9.9");

        Result result = cli.run(replacePolicy(workspace.gate("staging", "alice", "42"), strict));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.json().get("outcome").asText()).isEqualTo("DENY");
        assertThat(result.failedCodes()).containsExactly("IDENTITY_MISMATCH");
        assertThat(check(result.json(), "signature").get("message").asText()).contains(SAN);
    }

    @Test
    void shouldDenyATamperedArtifactWithTheGenuineBundle() throws IOException {
        Path artifact = workspace.artifact();
        byte[] bytes = Files.readAllBytes(artifact);
        bytes[bytes.length / 2] ^= 1;
        Files.write(artifact, bytes);

        Result result = cli.run(workspace.gate("staging", "alice", "42"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.failedCodes()).containsExactly("DIGEST_MISMATCH");
        assertThat(check(result.json(), "signature").get("message").asText()).contains(DIGEST);
    }

    @Test
    void shouldDenyWhenTheBundleIsMissing() throws IOException {
        Files.delete(workspace.directory().resolve(ARTIFACT + ".sigstore.json"));

        Result result = cli.run(workspace.gate("staging", "alice", "42"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.failedCodes()).containsExactly("MISSING_EVIDENCE");
    }

    @Test
    void shouldExitThreeWhenTheEnvironmentNeedsApproval() {
        assertThat(cli.run(workspace.gate("staging", "alice", "42")).exitCode()).isZero();
        assertThat(cli.run("record-deployment", "--store", workspace.storeArg(), "--environment", "staging",
                "--job", "shop/release", "--run", "42", "--outcome", "success").exitCode()).isZero();

        Result result = cli.run(workspace.gate("canary", "alice", "42"));

        assertThat(result.exitCode()).as(result.out()).isEqualTo(3);
        assertThat(result.json().get("outcome").asText()).isEqualTo("PENDING");
        assertThat(result.failedCodes()).containsExactly("APPROVAL_REQUIRED");
        assertThat(result.json().get("escalation").get("requester").asText()).isEqualTo("alice");
    }

    @Test
    void shouldExitTwoWithEveryErrorLocatedWhenThePolicyIsInvalid() throws IOException {
        Path invalid = directory.resolve("invalid.yaml");
        Files.writeString(invalid, """
                apiVersion: promotion-gates/v1
                environments:
                  - name: staging
                    agents: sometimes
                    approvals:
                      required: -1
                """, StandardCharsets.UTF_8);

        Result result = cli.run(replacePolicy(workspace.gate("staging", "alice", "42"), invalid));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("policy " + invalid + " is invalid (3 errors); nothing was applied")
                .contains(invalid + ":4:13: environments[0].agents: unknown value 'sometimes'")
                .contains(invalid + ":6:7: environments[0].approvals.groups: ")
                .contains(invalid + ":6:17: environments[0].approvals.required: expected a number from 1 to 100, got -1");
        assertThat(workspace.store()).doesNotExist();
    }

    @Test
    void shouldDenyAnEnvironmentThePolicyDoesNotDefine() {
        Result result = cli.run(workspace.gate("qa", "alice", "42"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.json().get("environment").asText()).isEqualTo("qa");
        assertThat(result.failedCodes()).containsExactly("UNKNOWN_ENVIRONMENT");
    }

    @Test
    void shouldDenyAHostileEnvironmentNameWithoutTouchingOtherDirectories() {
        Result result = cli.run(workspace.gate("../prod", "alice", "42"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.failedCodes()).containsExactly("INVALID_REQUEST");
        assertThat(result.json().get("checks").get(0).get("message").asText())
                .contains("Invalid environment name '../prod'");
        assertThat(directory.resolve("prod")).doesNotExist();
        assertThat(directory.getParent().resolve("prod")).doesNotExist();
    }

    @Test
    void shouldExitTwoWhenTheArtifactDoesNotExist() {
        String[] args = workspace.gate("staging", "alice", "42");
        args[List.of(args).indexOf("--artifact") + 1] = directory.resolve("missing.jar").toString();

        Result result = cli.run(args);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("artifact " + directory.resolve("missing.jar") + " does not exist");
    }

    @Test
    void shouldAcceptWellFormedJUnitReports() throws IOException {
        Path report = Files.writeString(directory.resolve("TEST-shop.xml"),
                "<testsuite name=\"shop\" tests=\"3\" failures=\"0\" skipped=\"1\"/>", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(workspace.gate("staging", "alice", "42")));
        args.addAll(List.of("--junit", report.toString()));

        Result result = cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void shouldExitTwoNamingTheReportWhenAJUnitCountIsNegative() throws IOException {
        Path report = Files.writeString(directory.resolve("TEST-bad.xml"),
                "<testsuite name=\"shop\" tests=\"3\" failures=\"-1\"/>", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(workspace.gate("staging", "alice", "42")));
        args.addAll(List.of("--junit", report.toString()));

        Result result = cli.run(args.toArray(String[]::new));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(report + ": testsuite 'shop' (line 1) attribute failures=\"-1\"");
    }

    @Test
    void shouldExitTwoOnAMissingRequiredOption() {
        Result result = cli.run("gate", "--policy", workspace.policyArg(), "--artifact", workspace.artifactArg());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--environment=ENV'");
    }

    static JsonNode check(JsonNode decision, String gate) {
        for (JsonNode check : decision.get("checks")) {
            if (gate.equals(check.get("gate").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + gate + " in " + decision);
    }

    static String[] withoutJson(String[] args) {
        return List.of(args).stream().filter(a -> !"--json".equals(a)).toArray(String[]::new);
    }

    static String[] replacePolicy(String[] args, Path policy) {
        List<String> list = new ArrayList<>(List.of(args));
        list.set(list.indexOf("--policy") + 1, policy.toString());
        return list.toArray(String[]::new);
    }
}
