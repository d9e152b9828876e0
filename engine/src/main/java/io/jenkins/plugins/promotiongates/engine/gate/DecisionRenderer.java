package io.jenkins.plugins.promotiongates.engine.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Escalation;

import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Renders decisions for people (text, one line per check) and for tools (JSON with stable field names). The CLI's
 * {@code policy explain} and the plugin's run summary both use it, so they always agree.
 *
 * <p>JSON shape: {@code {outcome, environment, correlationId, policyHash, decidedAt, checks: [{gate, status,
 * code, message, evidence}], escalation: null | {requester, attempted, decisionNeeded, evidence, triggers: [...]}}};
 * enum values are their names, times ISO-8601 UTC, evidence keys sorted.
 */
public final class DecisionRenderer {
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Human text: a headline, then one line per check ({@code ✔ signature PASSED: …}), then the escalation. */
    public String toText(Decision decision) {
        StringBuilder out = new StringBuilder(512);
        out.append(decision.outcome()).append(": ").append(verb(decision)).append(' ')
                .append(decision.environment()).append(" (correlation ").append(decision.correlationId())
                .append(", policy ").append(abbreviate(decision.policyHash())).append(", decided at ")
                .append(decision.decidedAt()).append(")\n");
        for (CheckResult check : decision.checks()) {
            out.append("  ").append(symbol(check.status())).append(' ').append(String.format(Locale.ROOT, "%-12s",
                    check.gate())).append(' ').append(String.format(Locale.ROOT, "%-14s", check.status()));
            if (check.status() != CheckStatus.PASSED && check.status() != CheckStatus.NOT_APPLICABLE) {
                out.append(' ').append(check.code());
            }
            out.append(": ").append(oneLine(check.message())).append('\n');
        }
        Escalation escalation = decision.escalation();
        if (escalation != null) {
            out.append("  Escalation: ").append(oneLine(escalation.decisionNeeded()))
                    .append('\n');
        }
        return out.toString();
    }

    /** JSON with stable field names, pretty-printed. */
    public String toJson(Decision decision) {
        try {
            return mapper.writeValueAsString(toTree(decision));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not render decision " + decision.correlationId() + " as JSON", e);
        }
    }

    /** The JSON tree, for callers that embed the decision in a larger document. */
    public ObjectNode toTree(Decision decision) {
        ObjectNode root = mapper.createObjectNode();
        root.put("outcome", decision.outcome().name());
        root.put("environment", decision.environment());
        root.put("correlationId", decision.correlationId());
        root.put("policyHash", decision.policyHash());
        root.put("decidedAt", decision.decidedAt().toString());
        ArrayNode checks = root.putArray("checks");
        decision.checks().forEach(check -> checks.add(check(check)));
        Escalation escalation = decision.escalation();
        if (escalation == null) {
            root.putNull("escalation");
        } else {
            ObjectNode node = root.putObject("escalation");
            node.put("requester", escalation.requester());
            node.put("attempted", escalation.attempted());
            node.put("decisionNeeded", escalation.decisionNeeded());
            putMap(node.putObject("evidence"), escalation.evidence());
            ArrayNode triggers = node.putArray("triggers");
            escalation.triggers().forEach(trigger -> triggers.add(check(trigger)));
        }
        return root;
    }

    private ObjectNode check(CheckResult check) {
        ObjectNode node = mapper.createObjectNode();
        node.put("gate", check.gate());
        node.put("status", check.status().name());
        node.put("code", check.code().name());
        node.put("message", check.message());
        putMap(node.putObject("evidence"), check.evidence());
        return node;
    }

    private static void putMap(ObjectNode node, Map<String, String> values) {
        values.forEach(node::put);
    }

    private static String verb(Decision decision) {
        return switch (decision.outcome()) {
            case ALLOW -> "allowed to";
            case PENDING -> "a human must decide before promoting to";
            case DENY -> "denied for";
        };
    }

    static String symbol(CheckStatus status) {
        return switch (status) {
            case PASSED -> "✔";
            case FAILED -> "✘";
            case WARNED -> "⚠";
            case PENDING -> "…";
            case NOT_APPLICABLE -> "–";
        };
    }

    /** Control characters escaped, so that evidence from outside can never forge extra lines. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
