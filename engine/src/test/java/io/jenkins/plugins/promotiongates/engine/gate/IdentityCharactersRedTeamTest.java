package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.ISSUER;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.artifact;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.goodProvenance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Look-alike identities: a bidirectional override, a zero-width character, a line separator or NUL makes one name
 * display as another (an approver reads {@code acme/lib/…} where the signer is someone else) or forges a log line.
 * Such values are refused, with the code point named, wherever they enter: request inputs when their value is built,
 * and the certificate's SAN and issuer in the signature gate. Watched failing on the code before the fix: the SAN and
 * issuer cases were allowed (the policy's {@code sanRegex} matched), and U+202E, U+200B and U+2028 passed
 * {@code Identifiers.requireSafeText}; group names were not checked at all.
 */
class IdentityCharactersRedTeamTest {
    private static final Instant SIGNED = Instant.parse("2026-11-23T18:44:36Z");

    static Stream<Arguments> lookAlikeSigners() {
        return Stream.of(
                Arguments.of("RIGHT-TO-LEFT OVERRIDE in the SAN",
                        SignatureEvidence.verified("https://github.com/acme/lib/\u202Elmy.esaeler/evil", ISSUER, 1L,
                                SIGNED), ReasonCode.IDENTITY_MISMATCH, "U+202E"),
                Arguments.of("ZERO WIDTH SPACE in the SAN",
                        SignatureEvidence.verified("https://github.com/acme/lib/\u200B", ISSUER, 1L, SIGNED),
                        ReasonCode.IDENTITY_MISMATCH, "U+200B"),
                Arguments.of("LINE SEPARATOR in the issuer",
                        SignatureEvidence.verified("https://github.com/acme/lib/release", ISSUER + "\u2028", 1L,
                                SIGNED), ReasonCode.ISSUER_MISMATCH, "U+2028"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookAlikeSigners")
    void shouldDenyACertificateIdentityWithInvisibleCharactersNamingTheCodePoint(String name,
            SignatureEvidence signature, ReasonCode code, String codePoint) {
        Decision decision = new GateEvaluator(CLOCK).evaluate(GateFixtures.policy(), GateFixtures.good("production")
                .artifact(artifact(signature, goodProvenance())).build(), GateFixtures.history());

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        CheckResult check = decision.checks().stream().filter(c -> c.gate().equals("signature")).findFirst()
                .orElseThrow();
        assertThat(check.code()).isEqualTo(code);
        assertThat(check.message()).contains(codePoint).doesNotContain("\u202E", "\u200B", "\u2028");
    }

    static Stream<Arguments> lookAlikeInputs() {
        return Stream.of(
                Arguments.of("requester id", (Executable) () -> Requester.human("al\u202Eice"), "U+202E"),
                Arguments.of("agent id", (Executable) () -> Requester.agent("bot\u2028INFO approved"), "U+2028"),
                Arguments.of("job name", (Executable) () -> new RunRef("acme/app\u200B/release", "42", "alice",
                        null, List.of()), "U+200B"),
                Arguments.of("run starter", (Executable) () -> new RunRef("acme/app/release", "42", "al\u0000ice",
                        null, List.of()), "U+0000"),
                Arguments.of("approver's group", (Executable) () -> new Approver("carol",
                        Set.of("release-managers\u2066"), true, false), "U+2066"),
                Arguments.of("approver id", (Executable) () -> new Approver("car\uFEFFol", Set.of(), true, false),
                        "U+FEFF"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookAlikeInputs")
    void shouldRefuseInvisibleAndControlCharactersInRequestInputsNamingTheCodePoint(String name,
            Executable build, String codePoint) {
        assertThatThrownBy(build::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(codePoint);
    }
}
