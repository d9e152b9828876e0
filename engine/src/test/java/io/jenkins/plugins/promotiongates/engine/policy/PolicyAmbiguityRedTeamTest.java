package io.jenkins.plugins.promotiongates.engine.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A policy means one thing or is refused: YAML anchors, aliases, merge keys and tags, and invisible or control
 * characters in the values that name people, groups, jobs and signers, are located errors. Watched failing on the
 * code before the fix: every YAML case loaded (an alias became the literal string {@code x}, so
 * {@code sensitivePaths: [*x]} matched no path and escalation was silently off), and every Unicode case loaded.
 */
class PolicyAmbiguityRedTeamTest {
    private static final String HEADER = "apiVersion: promotion-gates/v1\n";
    private static final String APPROVALS = "    approvals:\n      required: 1\n      groups: [release-managers]\n";

    static Stream<Arguments> ambiguousYaml() {
        return Stream.of(
                Arguments.of("alias disabling escalation", HEADER + "environments:\n  - name: production\n"
                        + APPROVALS + "    escalation:\n      sensitivePaths: [*x]\n", 8, 24,
                        "environments[0].escalation.sensitivePaths[0]", "alias '*x'"),
                Arguments.of("anchor", HEADER + "environments:\n  - name: staging\n    allowlist:\n"
                        + "      jobs: &jobs ['shop/*']\n  - name: production\n    allowlist:\n      jobs: *jobs\n",
                        5, 13, "environments[0].allowlist.jobs", "anchor '&jobs'"),
                Arguments.of("merge key", HEADER + "environments:\n  - name: staging\n    tests:\n"
                        + "      <<: {required: false}\n      maxFailures: 0\n", 5, 7,
                        "environments[0].tests.<<", "merge key '<<'"),
                Arguments.of("custom tag", HEADER + "environments:\n  - name: staging\n    agents: !never allowed\n",
                        4, 13, "environments[0].agents", "tag '!never'"),
                Arguments.of("standard tag", HEADER + "environments:\n  - name: staging\n    tests:\n"
                        + "      maxFailures: !!str 0\n", 5, 20, "environments[0].tests.maxFailures", "tag '!!str'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousYaml")
    void shouldRefuseYamlWhoseMeaningDependsOnAnchorsAliasesMergeKeysOrTags(String name, String yaml, int line,
            int column, String path, String message) {
        assertThat(PolicyLoaderTest.errorsOf(yaml)).anySatisfy(error -> {
            assertThat(error.location().line()).isEqualTo(line);
            assertThat(error.location().column()).isEqualTo(column);
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.message()).contains(message);
        });
    }

    static Stream<Arguments> invisibleCharacters() {
        String root = "trustedRoots: [{name: pg, path: pg.json, sha256: " + "0".repeat(64) + "}]\n";
        return Stream.of(
                Arguments.of("RIGHT-TO-LEFT OVERRIDE in a SAN", HEADER + root + "environments:\n  - name: staging\n"
                        + "    signature:\n      identities:\n        - san: \"https://github.com/acme/\\u202Eevil\"\n"
                        + "          issuer: https://issuer\n", "environments[0].signature.identities[0].san",
                        "U+202E"),
                Arguments.of("LINE SEPARATOR in an issuer", HEADER + root + "environments:\n  - name: staging\n"
                        + "    signature:\n      identities:\n        - san: https://github.com/acme/app\n"
                        + "          issuer: \"https://issuer\\u2028x\"\n",
                        "environments[0].signature.identities[0].issuer", "U+2028"),
                Arguments.of("NUL in an approver group", HEADER + "environments:\n  - name: production\n"
                        + "    approvals:\n      required: 1\n      groups: [\"release\\0managers\"]\n",
                        "environments[0].approvals.groups[0]", "U+0000"),
                Arguments.of("ZERO WIDTH SPACE in a job name", HEADER + "environments:\n  - name: staging\n"
                        + "    allowlist:\n      jobs: [\"shop\\u200B/*\"]\n", "environments[0].allowlist.jobs[0]",
                        "U+200B"),
                Arguments.of("format character in a break-glass group", HEADER + "breakGlass:\n"
                        + "  groups: [\"sre\\u2066oncall\"]\n  overrides: [windows]\nenvironments:\n  - name: staging\n",
                        "breakGlass.groups[0]", "U+2066"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invisibleCharacters")
    void shouldRefuseInvisibleAndControlCharactersInPolicyIdentitiesNamingTheCodePoint(String name, String yaml,
            String path, String codePoint) {
        assertThat(PolicyLoaderTest.errorsOf(yaml)).anySatisfy(error -> {
            assertThat(error.path()).isEqualTo(path);
            assertThat(error.message()).contains(codePoint);
            assertThat(error.location().line()).isPositive();
        });
    }

    @org.junit.jupiter.api.Test
    void shouldStillLoadThePlainEquivalentOfARefusedPolicy() throws PolicyValidationException {
        assertThatExceptionOfType(PolicyValidationException.class).isThrownBy(() -> PolicyLoader.parse(HEADER
                + "environments:\n  - name: production\n" + APPROVALS
                + "    escalation:\n      sensitivePaths: [*x]\n", "p.yaml",
                Path.of(".")));
        // Positive control: the same rule with the pattern written out loads and names it.
        Policy policy = PolicyLoaderTest.valid(HEADER + "environments:\n  - name: production\n" + APPROVALS
                + "    escalation:\n      sensitivePaths: ['db/**']\n");
        assertThat(policy.environment("production")).isPresent();
    }
}
