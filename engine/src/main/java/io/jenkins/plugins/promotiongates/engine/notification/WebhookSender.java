package io.jenkins.plugins.promotiongates.engine.notification;

import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.NotificationRule;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Posts a signed {@link WebhookPayload} to a webhook. Any answer but 2xx, a timeout or a refused connection is a
 * failed attempt; redirects are not followed (a receiver that moved is reconfigured, not chased).
 */
public final class WebhookSender {
    private final HttpClient client;
    private final SecretSource secrets;
    private final Clock clock;
    private final Duration timeout;
    private final WebhookPayload payload = new WebhookPayload();

    public WebhookSender(HttpClient client, SecretSource secrets, Clock clock, Duration timeout) {
        this.client = client;
        this.secrets = secrets;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A client that connects within the timeout and never follows redirects. */
    public static HttpClient defaultClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public void send(NotificationRule.Webhook webhook, Notification notification, String deliveryId)
            throws DeliveryException {
        byte[] secret = secrets.secret(webhook.secretId()).filter(s -> s.length > 0).orElseThrow(() ->
                new DeliveryException(ReasonCode.NOTIFICATION_NOT_CONFIGURED, "webhook '" + webhook.name()
                        + "': no secret '" + webhook.secretId() + "' is configured"));
        Instant now = clock.instant();
        byte[] body = payload.body(notification, deliveryId, now);
        HttpRequest request = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "promotion-gates")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, body))
                .header(WebhookSignature.DELIVERY_HEADER, deliveryId)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()))
                .header(WebhookSignature.EVENT_HEADER, notification.kind().name())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Arrays.fill(secret, (byte) 0);
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new DeliveryException(ReasonCode.NOTIFICATION_DELIVERY_FAILED, "webhook '" + webhook.name()
                    + "': " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(ReasonCode.NOTIFICATION_DELIVERY_FAILED, "webhook '" + webhook.name()
                    + "': interrupted");
        }
        if (status < 200 || status > 299) {
            throw new DeliveryException(ReasonCode.NOTIFICATION_DELIVERY_FAILED, "webhook '" + webhook.name()
                    + "' answered HTTP " + status);
        }
    }
}
