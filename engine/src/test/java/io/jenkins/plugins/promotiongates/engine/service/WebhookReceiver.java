package io.jenkins.plugins.promotiongates.engine.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that does what docs/webhooks.md asks of one, written independently of the sender:
 * it recomputes the HMAC-SHA256 over the raw body, refuses a timestamp more than five minutes from its clock, and
 * does not act again on a delivery id it has accepted before (a replay, or a resend after the sender stopped mid-send:
 * answered 200 so that a genuine resend stops, but not accepted again). It can also fail (answer 503) or hang.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received: headers and the raw body bytes (what the signature covers). */
    static final class Received {
        private final Map<String, List<String>> headers;
        private final byte[] body;
        private final int status;

        Received(Map<String, List<String>> headers, byte[] body, int status) {
            this.headers = headers;
            this.body = body.clone();
            this.status = status;
        }

        byte[] body() {
            return body.clone();
        }

        int status() {
            return status;
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    enum Mode { ACCEPT, FAIL, HANG }

    private final HttpServer server;
    private final byte[] secret;
    private final Clock clock;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    final List<Received> accepted = new CopyOnWriteArrayList<>();
    final List<Received> all = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.ACCEPT;
    final CountDownLatch hanging = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    WebhookReceiver(byte[] secret, Clock clock) throws IOException {
        this.secret = secret.clone();
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
        int status = judge(exchange, body);
        if (mode == Mode.HANG) {
            hanging.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Received received = new Received(headers, body, status);
        all.add(received);
        if (status == 204) {
            accepted.add(received);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private int judge(HttpExchange exchange, byte[] body) {
        if (mode == Mode.FAIL) {
            return 503;
        }
        String signature = exchange.getRequestHeaders().getFirst("X-Promotion-Gates-Signature-256");
        String delivery = exchange.getRequestHeaders().getFirst("X-Promotion-Gates-Delivery");
        String timestamp = exchange.getRequestHeaders().getFirst("X-Promotion-Gates-Timestamp");
        if (signature == null || delivery == null || timestamp == null
                || !MessageDigest.isEqual(expected(body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return 401;
        }
        if (Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) > 300
                || !new String(body, StandardCharsets.UTF_8).contains("\"sentAt\":" + timestamp + ",")) {
            return 400;
        }
        return seen.add(delivery) ? 204 : 200;
    }

    private String expected(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
