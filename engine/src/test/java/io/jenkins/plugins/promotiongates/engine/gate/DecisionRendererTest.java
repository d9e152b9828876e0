package io.jenkins.plugins.promotiongates.engine.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.good;
import static io.jenkins.plugins.promotiongates.engine.gate.GateFixtures.history;
import static org.assertj.core.api.Assertions.assertThat;

class DecisionRendererTest {
    private static final Policy POLICY = GateFixtures.policy();
    private final DecisionRenderer renderer = new DecisionRenderer();
    private final GateEvaluator evaluator = new GateEvaluator(CLOCK);

    @Test
    void shouldExplainEveryCheckOnItsOwnLine() {
        Decision decision = evaluator.evaluate(POLICY, good("production").tests(null).build(), history());

        String text = renderer.toText(decision);

        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(1 + GateEvaluator.GATES.size());
        assertThat(lines.get(0)).startsWith("DENY: denied for production (correlation corr-1, policy "
                + POLICY.hash().substring(0, 12));
        for (String gate : GateEvaluator.GATES) {
            assertThat(lines).anySatisfy(line -> assertThat(line).contains(" " + gate + " "));
        }
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .startsWith("  ✘ tests        FAILED         MISSING_EVIDENCE: missing evidence: no test results"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("  ✔ signature    PASSED        : "));
    }

    @Test
    void shouldMarkWarningsPendingItemsAndTheEscalation() {
        Decision decision = evaluator.evaluate(POLICY, good("gated").changedPaths(List.of(".github/workflows/x.yml"))
                .build(), history());

        String text = renderer.toText(decision);

        assertThat(text).startsWith("PENDING: a human must decide before promoting to gated")
                .contains("  … escalation   PENDING        ESCALATION_REQUIRED: A human must decide")
                .contains("  … approvals    PENDING        APPROVAL_REQUIRED: gated needs 2 approvals")
                .contains("  – signature    NOT_APPLICABLE: No signature rule")
                .contains("  Escalation: Approve or reject: promote app-1.2.0.jar");
    }

    @Test
    void shouldNeverLetEvidenceForgeExtraLines() {
        Decision decision = Decision.fromChecks("production", "c-1", "hash", GateFixtures.NOW, List.of(
                CheckResult.failed("signature", ReasonCode.SIGNATURE_INVALID, "bad\nDECISION: ALLOW", Map.of())),
                null);

        assertThat(renderer.toText(decision).lines()).hasSize(2).last().asString()
                .contains("bad\\u000aDECISION: ALLOW");
    }

    @Test
    void shouldRenderJsonWithStableFieldNames() throws Exception {
        Decision decision = evaluator.evaluate(POLICY, good("gated").changedPaths(List.of(".github/workflows/x.yml"))
                .build(), history());

        JsonNode json = new ObjectMapper().readTree(renderer.toJson(decision));

        assertThat(fieldNames(json)).containsExactly("outcome", "environment", "correlationId", "policyHash",
                "decidedAt", "checks", "escalation");
        assertThat(json.get("outcome").asText()).isEqualTo("PENDING");
        assertThat(json.get("decidedAt").asText()).isEqualTo("2026-11-24T09:00:00Z");
        assertThat(json.get("checks")).hasSize(GateEvaluator.GATES.size());
        JsonNode escalationCheck = json.get("checks").get(GateEvaluator.GATES.indexOf("escalation"));
        assertThat(fieldNames(escalationCheck)).containsExactly("gate", "status", "code", "message", "evidence");
        assertThat(escalationCheck.get("code").asText()).isEqualTo("ESCALATION_REQUIRED");
        assertThat(escalationCheck.get("evidence").get("sensitivePathsTouched").asText())
                .isEqualTo(".github/workflows/x.yml (.github/workflows/**)");
        assertThat(fieldNames(json.get("escalation"))).containsExactly("requester", "attempted", "decisionNeeded",
                "evidence", "triggers");
    }

    @Test
    void shouldRenderAMissingEscalationAsNull() throws Exception {
        Decision decision = evaluator.evaluate(POLICY, good("production").build(), history());

        JsonNode json = new ObjectMapper().readTree(renderer.toJson(decision));

        assertThat(json.get("outcome").asText()).isEqualTo("ALLOW");
        assertThat(json.get("escalation").isNull()).isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
