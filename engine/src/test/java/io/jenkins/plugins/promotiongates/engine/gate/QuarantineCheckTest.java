package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.good;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;

/** The quarantine gate: second in the documented order, evaluated even for an unknown environment. */
class QuarantineCheckTest {
    private static final Policy POLICY = GateFixtures.policy();
    private static final Instant SINCE = Instant.parse("2026-11-23T08:00:00Z");
    private static final List<String> CHECKED = List.of("user:alice", "job:acme/app/release");

    private final GateEvaluator evaluator = new GateEvaluator(CLOCK);

    private static CheckResult quarantine(Decision decision) {
        return GateEvaluatorTest.check(decision, "quarantine");
    }

    @Test
    void shouldPassAndNameTheIdentitiesWhenNoneIsQuarantined() {
        Decision decision = evaluator.evaluate(POLICY, good("production").build(), history(),
                QuarantineState.of(CHECKED, List.of()));

        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(quarantine(decision).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(quarantine(decision).message()).isEqualTo("Neither user:alice nor job:acme/app/release is quarantined.");
        assertThat(decision.checks().get(1).gate()).isEqualTo("quarantine");
    }

    @Test
    void shouldBeNotApplicableWhenTheStateWasNotConsulted() {
        Decision decision = evaluator.evaluate(POLICY, good("production").build(), history());

        assertThat(quarantine(decision).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldDenyWithTheQuarantineAndItsEvidenceWhenTheRequesterIsQuarantined() {
        Decision decision = evaluator.evaluate(POLICY, good("production").build(), history(), QuarantineState.of(
                CHECKED, List.of(new QuarantineState.Active("user:alice", SINCE, "5 denials within 1 h"))));

        CheckResult check = quarantine(decision);
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(check.code()).isEqualTo(ReasonCode.IDENTITY_QUARANTINED);
        assertThat(check.message()).isEqualTo("user:alice is quarantined since " + SINCE
                + " (5 denials within 1 h); an admin must lift the quarantine");
        assertThat(check.evidence()).containsEntry("identity", "user:alice")
                .containsEntry("quarantinedSince", SINCE.toString()).doesNotContainKey("alsoQuarantined");
        assertThat(decision.reasons()).containsExactly(check);
    }

    @Test
    void shouldNameBothInOneCheckWhenTheRequesterAndTheJobAreQuarantined() {
        Decision decision = evaluator.evaluate(POLICY, good("production").build(), history(), QuarantineState.of(
                CHECKED, List.of(new QuarantineState.Active("user:alice", SINCE, "denials"),
                        new QuarantineState.Active("job:acme/app/release", SINCE, "denials"))));

        assertThat(decision.checks()).extracting(CheckResult::gate).containsExactlyElementsOf(GateEvaluator.GATES);
        assertThat(quarantine(decision).evidence()).containsEntry("alsoQuarantined", "job:acme/app/release");
        assertThat(quarantine(decision).message()).contains("and so is job:acme/app/release");
    }

    @Test
    void shouldDenyAsQuarantinedEvenWhenTheEnvironmentIsUnknown() {
        Decision decision = evaluator.evaluate(POLICY, good("qa").build(), history(), QuarantineState.of(
                CHECKED, List.of(new QuarantineState.Active("user:alice", SINCE, "denials"))));

        assertThat(decision.reasons()).extracting(CheckResult::code)
                .containsExactly(ReasonCode.UNKNOWN_ENVIRONMENT, ReasonCode.IDENTITY_QUARANTINED);
        assertThat(decision.checks().subList(2, decision.checks().size()))
                .allSatisfy(check -> assertThat(check.status()).isEqualTo(CheckStatus.NOT_APPLICABLE));
    }

    @Test
    void shouldRefuseActiveQuarantinesThatWereNotConsulted() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new QuarantineState(
                false, CHECKED, List.of(new QuarantineState.Active("user:alice", SINCE, "denials"))));
    }
}
