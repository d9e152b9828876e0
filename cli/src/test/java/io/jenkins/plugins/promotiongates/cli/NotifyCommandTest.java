package io.jenkins.plugins.promotiongates.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code notify}: the webhooks the store owes, signed with the secret from the environment, each sent once. */
class NotifyCommandTest {
    private static final String SECRET = "cli-webhook-secret";

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);
    private HttpServer server;
    private final List<JsonNode> verified = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        workspace = CliHarness.workspace(directory);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Promotion-Gates-Signature-256");
            boolean ok = hmac(body).equals(signature);
            if (ok) {
                verified.add(new ObjectMapper().readTree(body));
            } else {
                refused.add(String.valueOf(signature));
            }
            exchange.sendResponseHeaders(ok ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
        String policy = Files.readString(workspace.policy()).replaceFirst("(?m)^environments:$",
                "notifications:\n  webhooks:\n    - name: chat\n      url: http://127.0.0.1:"
                        + server.getAddress().getPort() + "/hook\n      secretId: chat-hook\nenvironments:");
        Files.writeString(workspace.policy(), policy);
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldSendTheApprovalRequestOnceSignedWithTheSecretFromTheEnvironment() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");
        cli.setEnvironmentVariable("PROMOTION_GATES_WEBHOOK_SECRET_CHAT_HOOK", SECRET);

        Result first = cli.run("notify", "--store", workspace.storeArg(), "--base-url", "https://ci.example.org/p");
        Result second = cli.run("notify", "--store", workspace.storeArg());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("notifications: 1 sent, 0 failed");
        assertThat(second.out()).contains("notifications: 0 sent, 0 failed");
        assertThat(refused).isEmpty();
        assertThat(verified).singleElement().satisfies(body -> {
            assertThat(body.path("kind").asText()).isEqualTo("APPROVAL_NEEDED");
            assertThat(body.path("correlationId").asText()).isEqualTo("shop/release#42/canary");
            assertThat(body.path("link").asText())
                    .isEqualTo("https://ci.example.org/p?correlationId=shop%2Frelease%2342%2Fcanary");
        });
    }

    @Test
    void shouldRecordAMissingSecretAndSendNothingUnsigned() {
        ApprovalCommandsTest.pendingCanary(cli, workspace, "42");

        Result result = cli.run("notify", "--store", workspace.storeArg());
        Result export = cli.run("audit", "export", "--store", workspace.storeArg());

        assertThat(result.out()).contains("notifications: 0 sent, 1 failed");
        assertThat(verified).isEmpty();
        assertThat(refused).isEmpty();
        assertThat(export.out()).contains("NOTIFICATION_FAILED", "NOTIFICATION_NOT_CONFIGURED",
                "no secret 'chat-hook' is configured").doesNotContain(SECRET);
    }
}
