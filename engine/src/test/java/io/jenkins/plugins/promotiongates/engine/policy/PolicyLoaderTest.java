package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PolicyLoaderTest {
    private static final String HEADER = "apiVersion: promotion-gates/v1\n";

    static List<PolicyError> errorsOf(String yaml) {
        try {
            PolicyLoader.parse(yaml, "policy.yaml", Path.of("."));
        } catch (PolicyValidationException e) {
            return e.errors();
        }
        throw new AssertionError("expected the policy to be invalid:\n" + yaml);
    }

    static Policy valid(String yaml) throws PolicyValidationException {
        return PolicyLoader.parse(yaml, "policy.yaml", Path.of("."));
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                Arguments.of("unknown key", HEADER + "environments:\n  - name: staging\n    signatur: {}\n",
                        4, 5, "environments[0].signatur", "unknown key 'signatur' (did you mean 'signature'?)"),
                Arguments.of("wrong type", HEADER + "environments:\n  - name: staging\n    tests:\n"
                        + "      maxFailures: two\n", 5, 20, "environments[0].tests.maxFailures",
                        "expected a whole number, got the string 'two'"),
                Arguments.of("bad regex", HEADER + "trustedRoots: [{name: pg, path: x.json, sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66}]\nenvironments:\n"
                        + "  - name: staging\n    signature:\n      identities:\n        - sanRegex: '(('\n"
                        + "          issuer: https://issuer\n", 7, 21,
                        "environments[0].signature.identities[0].sanRegex", "bad regular expression '(('"),
                Arguments.of("bad glob", HEADER + "environments:\n  - name: staging\n    allowlist:\n"
                        + "      jobs: ['shop/[main']\n", 5, 14, "environments[0].allowlist.jobs[0]",
                        "bad glob 'shop/[main': unclosed '['"),
                Arguments.of("unknown time zone", HEADER + "environments:\n  - name: staging\n    windows:\n"
                        + "      timeZone: Mars/Olympus\n      weekly: [{days: [MON], start: '09:00', end: '10:00'}]\n",
                        5, 17, "environments[0].windows.timeZone", "unknown time zone 'Mars/Olympus'"),
                Arguments.of("window never opens", HEADER + "environments:\n  - name: staging\n    windows:\n"
                        + "      weekly:\n        - days: [MON]\n          start: '09:00'\n          end: '09:00'\n"
                        + "          timeZone: UTC\n", 6, 11, "environments[0].windows.weekly[0]",
                        "can never open"),
                Arguments.of("window without days", HEADER + "environments:\n  - name: staging\n    windows:\n"
                        + "      weekly:\n        - days: []\n          start: '09:00'\n          end: '10:00'\n"
                        + "          timeZone: UTC\n", 6, 17, "environments[0].windows.weekly[0].days",
                        "can never open"),
                Arguments.of("undefined environment", HEADER + "environments:\n  - name: staging\n"
                        + "  - name: production\n    order: {after: canary}\n", 5, 20, "environments[1].order.after",
                        "environment 'canary' is not defined"),
                Arguments.of("undefined trusted root", HEADER + "environments:\n  - name: staging\n    signature:\n"
                        + "      trustedRoots: [staging-root]\n      identities: [{san: a, issuer: b}]\n", 5, 22,
                        "environments[0].signature.trustedRoots[0]", "trusted root 'staging-root' is not defined"),
                Arguments.of("identities without a trusted root", HEADER + "trustedRoots: [{name: pg, path: "
                        + "pg.json, sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66}]\nenvironments:\n  - name: staging\n    signature:\n      trustedRoots: []\n"
                        + "      identities: [{san: a, issuer: b}]\n", 6, 21, "environments[0].signature.trustedRoots",
                        "need at least one trusted root"),
                Arguments.of("duplicate environment", HEADER + "environments:\n  - name: staging\n"
                        + "  - name: staging\n", 4, 11, "environments[1].name", "duplicate environment 'staging'"),
                Arguments.of("bad api version", "apiVersion: v2\nenvironments: [{name: staging}]\n", 1, 13,
                        "apiVersion", "unsupported apiVersion 'v2'"),
                Arguments.of("unknown mode", HEADER + "environments:\n  - name: staging\n    tests:\n"
                        + "      mode: audit\n", 5, 13, "environments[0].tests.mode", "unknown value 'audit'"),
                Arguments.of("unknown commit authors choice", HEADER + "environments:\n  - name: production\n"
                        + "    approvals:\n      required: 1\n      groups: [a]\n      unknownCommitAuthors: warn\n", 7, 29,
                        "environments[0].approvals.unknownCommitAuthors", "unknown value 'warn'"),
                Arguments.of("bad time", HEADER + "environments:\n  - name: staging\n    windows:\n"
                        + "      weekly: [{days: [MON], start: '9am', end: '10:00', timeZone: UTC}]\n", 5, 37,
                        "environments[0].windows.weekly[0].start", "expected a time HH:MM"),
                Arguments.of("freeze backwards", HEADER + "environments:\n  - name: staging\n    freezes:\n"
                        + "      periods:\n        - {from: '2026-12-20T00:00', to: '2026-12-19T00:00', "
                        + "timeZone: UTC, reason: x}\n", 6, 11, "environments[0].freezes.periods[0]",
                        "never active"),
                Arguments.of("break-glass beyond time rules", HEADER + "breakGlass:\n  groups: [sre]\n"
                        + "  overrides: [windows, signature]\nenvironments: [{name: staging}]\n", 4, 24,
                        "breakGlass.overrides[1]", "can only override windows and freezes"),
                Arguments.of("credential in two environments", HEADER + "environments:\n  - name: staging\n"
                        + "    credentials: [deploy]\n  - name: production\n    credentials: [deploy]\n", 6, 19,
                        "environments[1].credentials[0]", "already bound to environments[0]"),
                Arguments.of("agents with approval but no approvers", HEADER + "environments:\n  - name: canary\n"
                        + "    agents: with-approval\n", 4, 13, "environments[0].agents",
                        "needs an approvals section"),
                Arguments.of("first environment ordered after nothing", HEADER + "environments:\n"
                        + "  - name: staging\n    order: {soakMinutes: 10}\n", 4, 12, "environments[0].order",
                        "no previous environment"),
                Arguments.of("bad environment name", HEADER + "environments:\n  - name: Prod/EU\n", 3, 11,
                        "environments[0].name", "Invalid environment name"),
                Arguments.of("duplicate key", HEADER + "environments:\n  - name: staging\n    name: prod\n", 4, 5,
                        "environments[0].name", "duplicate key 'name'"),
                Arguments.of("missing environments", HEADER, 1, 1, "environments",
                        "missing required key 'environments'"),
                Arguments.of("not well-formed", HEADER + "environments: [\n", 2, 0, "", "not well-formed"),
                Arguments.of("private broker key", HEADER + "entitlements:\n  brokers:\n    - keyId: k\n"
                        + "      algorithm: EdDSA\n      publicKey: '{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                        + "\"x\":\"TN0l2m-6SswQ7JsWAuCjmI36qv0UYr3rIKMfU-lf0JE\","
                        + "\"d\":\"TN0l2m-6SswQ7JsWAuCjmI36qv0UYr3rIKMfU-lf0JE\"}'\n"
                        + "environments: [{name: staging}]\n", 6, 18, "entitlements.brokers[0].publicKey",
                        "contains a private key"),
                Arguments.of("wrong key algorithm", HEADER + "entitlements:\n  brokers:\n    - keyId: k\n"
                        + "      algorithm: ES256\n      publicKey: '{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                        + "\"x\":\"TN0l2m-6SswQ7JsWAuCjmI36qv0UYr3rIKMfU-lf0JE\"}'\n"
                        + "environments: [{name: staging}]\n", 6, 18, "entitlements.brokers[0].publicKey",
                        "not a P-256 EC key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void shouldLocateEachValidationError(String name, String yaml, int line, int column, String path,
            String message) {
        List<PolicyError> errors = errorsOf(yaml);

        assertThat(errors).as(errors.toString()).anySatisfy(error -> {
            assertThat(error.location().line()).isEqualTo(line);
            if (column > 0) {
                assertThat(error.location().column()).isEqualTo(column);
            }
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void shouldCollectEveryErrorAndListThemInTheMessage() {
        String yaml = HEADER + "environments:\n  - name: staging\n    actions: [promote, deploy]\n"
                + "    tests: {maxFailures: -1}\n    agents: sometimes\n";

        assertThatExceptionOfType(PolicyValidationException.class)
                .isThrownBy(() -> valid(yaml))
                .satisfies(e -> {
                    assertThat(e.errors()).hasSize(3);
                    assertThat(e.getMessage()).contains("3 errors")
                            .contains("policy.yaml:4:24: environments[0].actions[1]: unknown action 'deploy'")
                            .contains("policy.yaml:5:26: environments[0].tests.maxFailures: expected a number from 0")
                            .contains("policy.yaml:6:13: environments[0].agents: unknown value 'sometimes'");
                    assertThat(e.errors().get(0).allowedValues()).containsExactly("promote", "rollback");
                });
    }

    @Test
    void shouldOfferTheAllowedKeysForAnUnknownKey() {
        PolicyError error = errorsOf(HEADER + "environments: [{name: staging, sigature: {}}]\n").get(0);

        assertThat(error.allowedValues()).contains("signature", "provenance", "approvals");
        assertThat(error.toString()).startsWith("policy.yaml:2:32: environments[0].sigature: unknown key");
    }

    @Test
    void shouldReadJsonWithTheSameMeaningAsYaml() throws PolicyValidationException {
        Policy json = valid("{\"apiVersion\": \"promotion-gates/v1\", \"environments\": [{\"name\": \"staging\", "
                + "\"actions\": [\"promote\"]}, {\"name\": \"production\", \"order\": {\"soakMinutes\": 60}}]}");

        assertThat(json.environmentNames()).containsExactly("staging", "production");
        assertThat(json.environment("production").orElseThrow().order().orElseThrow().after()).isEqualTo("staging");
        assertThat(json.environment("staging").orElseThrow().allows(PromotionRequest.Action.PROMOTE)).isTrue();
    }

    @Test
    void shouldLocateErrorsInJson() {
        List<PolicyError> errors = errorsOf("{\"apiVersion\": \"promotion-gates/v1\",\n \"environments\": "
                + "[{\"name\": \"staging\", \"agents\": 3}]}");

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.location()).isEqualTo(new Location("policy.yaml", 2, 49));
            assertThat(error.message()).isEqualTo("expected a string, got the number 3");
        });
    }

    @Test
    void shouldDenyEverythingNotListed() throws PolicyValidationException {
        EnvironmentPolicy staging = valid(HEADER + "environments: [{name: staging}]\n").environment("staging")
                .orElseThrow();

        assertThat(staging.actions()).isEmpty();
        assertThat(staging.agents()).isEqualTo(AgentAccess.NEVER);
        assertThat(staging.credentials()).isEmpty();
        assertThat(staging.signature()).isEmpty();
    }

    @Test
    void shouldTurnOffADisabledSectionButStillCheckItsKeys() throws PolicyValidationException {
        EnvironmentPolicy staging = valid(HEADER + "environments:\n  - name: staging\n    tests:\n"
                + "      enabled: false\n      maxFailures: 3\n").environment("staging").orElseThrow();

        assertThat(staging.tests()).isEmpty();
        assertThat(errorsOf(HEADER + "environments:\n  - name: staging\n    tests:\n      enabled: false\n"
                + "      maxFailure: 3\n")).extracting(PolicyError::path)
                .containsExactly("environments[0].tests.maxFailure");
    }

    @Test
    void shouldAcceptUnquotedTimesAndDayRanges() throws PolicyValidationException {
        Policy policy = valid(HEADER + "environments:\n  - name: staging\n    windows:\n      timeZone: UTC\n"
                + "      weekly:\n        - {days: [FRI-MON, wednesday], start: 22:00, end: 06:00}\n");

        assertThat(policy.environment("staging").orElseThrow().windows().orElseThrow().calendar().describe())
                .isEqualTo("Mon,Wed,Fri,Sat,Sun 22:00-06:00 (next day) UTC");
    }

    @Test
    void shouldRequireTrustedRootFilesToExistWhenLoadingAFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("policy.yaml");
        Files.writeString(file, HEADER + "trustedRoots: [{name: pg, path: roots/missing.json, sha256: 6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66}]\n"
                + "environments: [{name: staging}]\n", StandardCharsets.UTF_8);

        assertThatExceptionOfType(PolicyValidationException.class).isThrownBy(() -> PolicyLoader.load(file))
                .satisfies(e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                    assertThat(error.location()).isEqualTo(new Location(file.toString(), 2, 33));
                    assertThat(error.message()).contains("file not found").contains("missing.json");
                }));
    }

    @Test
    void shouldIgnoreAByteOrderMark() throws PolicyValidationException {
        assertThat(valid("\uFEFF" + HEADER + "environments: [{name: staging}]\n").environmentNames())
                .containsExactly("staging");
    }

    @Test
    void shouldRefuseAFileThatIsNotUtf8(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("policy.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe});

        assertThatExceptionOfType(PolicyValidationException.class).isThrownBy(() -> PolicyLoader.load(file))
                .withMessageContaining("not valid UTF-8");
    }

    @Test
    void shouldGiveTheSameHashForTheSameBytesAndADifferentOneOtherwise() throws PolicyValidationException {
        String text = HEADER + "environments: [{name: staging}]\n";

        assertThat(valid(text).hash()).isEqualTo(valid(text).hash());
        assertThat(valid(text + "# comment\n").hash()).isNotEqualTo(valid(text).hash());
    }

    @Test
    void shouldExposeApprovalRequirementsAndFreezeExceptions() throws PolicyValidationException {
        Policy policy = valid(HEADER + "environments:\n  - name: production\n    approvals:\n      required: 2\n"
                + "      groups: [a, b]\n      distinctGroups: true\n    freezes:\n      timeZone: UTC\n"
                + "      periods: [{from: '2026-12-20T00:00', to: '2027-01-02T00:00', reason: year end}]\n"
                + "      exception: {approvals: 3, groups: [cab, a, b]}\n");

        assertThat(policy.approvalRequirement("production").orElseThrow().required()).isEqualTo(2);
        assertThat(policy.approvalRequirement("staging")).isEmpty();
        assertThat(policy.environment("production").orElseThrow().freezes().orElseThrow().exception().required())
                .isEqualTo(3);
    }

    @Test
    void shouldBlockUnknownCommitAuthorsByDefaultUnlessTheEnvironmentAllows() throws PolicyValidationException {
        Policy policy = valid(HEADER + "environments:\n  - name: dev\n"
                + "  - name: staging\n    approvals: {required: 1, groups: [a], unknownCommitAuthors: allow}\n"
                + "  - name: production\n    approvals: {required: 1, groups: [a]}\n");

        assertThat(policy.environment("dev").orElseThrow().blocksUnknownCommitAuthors()).isFalse();
        assertThat(policy.environment("staging").orElseThrow().blocksUnknownCommitAuthors()).isFalse();
        assertThat(policy.environment("production").orElseThrow().blocksUnknownCommitAuthors()).isTrue();
    }
}
