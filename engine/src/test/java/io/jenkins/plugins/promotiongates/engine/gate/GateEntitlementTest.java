package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.gate.GateEvaluatorTest.check;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.agent;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.entitlement;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;

/** The agents gate: who may ask, and whether the entitlement covers what is asked. */
class GateEntitlementTest {
    private static final Policy POLICY = GateFixtures.policy();
    private static final List<String> REPO = List.of("https://github.com/acme/app");
    private final GateEvaluator evaluator = new GateEvaluator(CLOCK);

    private CheckResult agents(PromotionRequest request) {
        return check(evaluator.evaluate(POLICY, request, history()), "agents");
    }

    @Test
    void shouldNotApplyAgentRulesToPeople() {
        assertThat(agents(GateFixtures.good("production").build()).status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
    }

    @Test
    void shouldAllowAnAgentWhoseEntitlementCoversTheRequest() {
        Decision decision = evaluator.evaluate(POLICY, agent("staging", entitlement(List.of("staging"),
                List.of("promote"), List.of("github.com/acme/app"))).build(), history());

        assertThat(check(decision, "agents").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(check(decision, "agents").evidence()).containsEntry("entitlement.task", "update markdown links");
        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
    }

    static Stream<Arguments> denials() {
        return Stream.of(
                Arguments.of("humans only in production", agent("production", entitlement(List.of("production"),
                        List.of("promote"), REPO)).build(), ReasonCode.AGENTS_NOT_ALLOWED),
                Arguments.of("no entitlement", agent("staging", null).build(), ReasonCode.ENTITLEMENT_MISSING),
                Arguments.of("expired entitlement", agent("staging", EntitlementEvidence.invalid(
                        ReasonCode.ENTITLEMENT_EXPIRED, "expired at 2026-11-24T08:00:00Z (skew 30 s)")).build(),
                        ReasonCode.ENTITLEMENT_EXPIRED),
                Arguments.of("untrusted broker", agent("staging", EntitlementEvidence.invalid(
                        ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER, "key id rogue is not trusted")).build(),
                        ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER),
                Arguments.of("entitled for another environment", agent("staging", entitlement(List.of("canary"),
                        List.of("promote"), REPO)).build(), ReasonCode.ENTITLEMENT_OUT_OF_SCOPE),
                Arguments.of("entitled for other actions", agent("staging", entitlement(List.of("staging"),
                        List.of("read", "write-pr"), REPO)).build(), ReasonCode.ENTITLEMENT_OUT_OF_SCOPE),
                Arguments.of("entitled for another repository", agent("staging", entitlement(List.of("staging"),
                        List.of("promote"), List.of("docs-site"))).build(), ReasonCode.ENTITLEMENT_OUT_OF_SCOPE),
                Arguments.of("entitlement of another agent", PromotionRequest.builder("c", "staging",
                        Requester.agent("other-agent"), GateFixtures.run()).entitlement(entitlement(
                        List.of("staging"), List.of("promote"), REPO)).build(), ReasonCode.ENTITLEMENT_INVALID),
                Arguments.of("run without repository", PromotionRequest.builder("c", "staging",
                        Requester.agent("docs-refactor-042"), RunRef.of("acme/app/release", "1")).entitlement(
                        entitlement(List.of("staging"), List.of("promote"), REPO)).build(),
                        ReasonCode.MISSING_EVIDENCE));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("denials")
    void shouldDenyAgentsOutsideTheirEntitlement(String name, PromotionRequest request, ReasonCode code) {
        Decision decision = evaluator.evaluate(POLICY, request, history());

        assertThat(check(decision, "agents").status()).isEqualTo(CheckStatus.FAILED);
        assertThat(check(decision, "agents").code()).isEqualTo(code);
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void shouldSayWhatIsMissingWhenNoEntitlementIsPresented() {
        assertThat(agents(agent("staging", null).build()).message())
                .startsWith("missing evidence: agent docs-refactor-042 presented no entitlement");
    }

    @Test
    void shouldNeverLetAStagingEntitlementPromoteToProduction() {
        CheckResult result = agents(agent("gated", entitlement(List.of("staging"), List.of("promote"), REPO))
                .build());

        assertThat(result.code()).isEqualTo(ReasonCode.ENTITLEMENT_OUT_OF_SCOPE);
        assertThat(result.message()).contains("[staging], not gated");
    }

    @Test
    void shouldAskAHumanWhenAgentsNeedApproval() {
        Decision decision = evaluator.evaluate(POLICY, agent("gated", entitlement(List.of("gated"),
                List.of("promote"), REPO)).build(), history());

        assertThat(check(decision, "agents").status()).isEqualTo(CheckStatus.PENDING);
        assertThat(check(decision, "agents").code()).isEqualTo(ReasonCode.APPROVAL_REQUIRED);
        assertThat(decision.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(decision.escalation()).isNotNull();
        assertThat(decision.escalation().requester()).isEqualTo("docs-refactor-042");
        assertThat(decision.escalation().evidence()).containsEntry("requester.kind", "agent")
                .containsEntry("agents.entitlement.environments", "[gated]");
    }
}
