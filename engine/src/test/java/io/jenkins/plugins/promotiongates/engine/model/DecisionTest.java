package io.jenkins.plugins.promotiongates.engine.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DecisionTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void shouldDenyWhenNoCheckRan() {
        Decision decision = Decision.fromChecks("production", "c-1", "h", NOW, List.of(), null);

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldTakeTheWorstCheck() {
        Decision decision = Decision.fromChecks("production", "c-1", "h", NOW, List.of(
                CheckResult.passed("signature", "ok", Map.of()),
                CheckResult.pending("approval", ReasonCode.APPROVAL_REQUIRED, "2 approvals needed", Map.of())), null);

        assertThat(decision.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(decision.reasons()).extracting(CheckResult::code).containsExactly(ReasonCode.APPROVAL_REQUIRED);
    }

    @Test
    void shouldNotBlockOnWarnModeFindings() {
        CheckResult warned = CheckResult.failed("window", ReasonCode.OUTSIDE_CHANGE_WINDOW, "closed", Map.of())
                .inMode(RuleMode.WARN);

        Decision decision = Decision.fromChecks("staging", "c-1", "h", NOW, List.of(warned), null);

        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decision.reasons()).singleElement().satisfies(reason -> {
            assertThat(reason.status()).isEqualTo(CheckStatus.WARNED);
            assertThat(reason.message()).startsWith("[warn mode]");
        });
    }

    @Test
    void shouldRefuseAnOutcomeBetterThanItsChecks() {
        List<CheckResult> checks = List.of(CheckResult.failed("signature", ReasonCode.SIGNATURE_INVALID, "bad", Map.of()));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Decision(Outcome.ALLOW, "staging", "c", "h", NOW, checks, null));
    }

    @Test
    void shouldRefuseHostileEnvironmentNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireEnvironmentName("../prod"));
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireEnvironmentName("prod*"));
        assertThatIllegalArgumentException().isThrownBy(() -> Identifiers.requireEnvironmentName("prod\nuction"));
        assertThat(Identifiers.requireEnvironmentName("pre-production")).isEqualTo("pre-production");
    }

    @Test
    void shouldRefuseNewlinesInRequesterIds() {
        assertThatIllegalArgumentException().isThrownBy(() -> Requester.agent("agent-1\nAPPROVED by admin"))
                .withMessageContaining("\\u000a");
    }

    @Test
    void shouldParseDigests() {
        Digest digest = Digest.parse("SHA256:5BE26F1777A351A2F770E91DBCEAE0AAA3F6E26E8AD218C6AC16CAA783A5AA0D");

        assertThat(digest).hasToString("sha256:5be26f1777a351a2f770e91dbceae0aaa3f6e26e8ad218c6ac16caa783a5aa0d");
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.parse("sha256:abc"));
        assertThatIllegalArgumentException().isThrownBy(() -> Digest.parse("md5:" + "a".repeat(32)));
    }
}
