package io.jenkins.plugins.promotiongates.engine.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The webhook body, schema {@value #SCHEMA} (docs/webhooks.md). Fields are only added within a version; a removed or
 * changed field makes a new version. The body carries the delivery id and the time it was sent, so the signature
 * over the body covers both.
 */
public final class WebhookPayload {
    /** The schema name and version every body starts with. */
    public static final String SCHEMA = "promotion-gates.notification/v1";

    private final ObjectMapper json = new ObjectMapper();

    public byte[] body(Notification n, String deliveryId, Instant sentAt) {
        ObjectNode root = json.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("deliveryId", deliveryId);
        root.put("sentAt", sentAt.getEpochSecond());
        root.put("notificationId", n.id());
        fill(root, n);
        try {
            return json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification could not be written as JSON", e);
        }
    }

    private void fill(ObjectNode node, Notification n) {
        node.put("kind", n.kind().name());
        node.put("occurredAt", n.occurredAt().toString());
        putNullable(node, "environment", n.environment());
        putNullable(node, "correlationId", n.correlationId());
        putNullable(node, "approvalId", n.approvalId());
        ObjectNode requester = node.putObject("requester");
        requester.put("id", n.requester());
        requester.put("agent", n.requesterIsAgent());
        putNullable(requester, "task", n.agentTask());
        ArrayNode artifacts = node.putArray("artifacts");
        for (Notification.Artifact artifact : n.artifacts()) {
            artifacts.addObject().put("name", artifact.name()).put("digest", artifact.digest());
        }
        ArrayNode reasons = node.putArray("reasons");
        for (AuditReason reason : n.reasons()) {
            reasons.addObject().put("code", reason.code().name()).put("gate", reason.gate())
                    .put("message", reason.message());
        }
        putNullable(node, "decisionNeeded", n.decisionNeeded());
        putNullable(node, "outcome", n.outcome());
        putNullable(node, "deadline", n.deadline() == null ? null : n.deadline().toString());
        putNullable(node, "link", n.link() == null ? null : n.link().toString());
    }

    private static void putNullable(ObjectNode node, String key, String value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
