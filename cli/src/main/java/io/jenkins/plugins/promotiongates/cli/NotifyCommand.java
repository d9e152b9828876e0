package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.notification.ApprovalLinks;
import io.jenkins.plugins.promotiongates.engine.notification.NotificationOutbox;
import io.jenkins.plugins.promotiongates.engine.notification.OutboxSettings;
import io.jenkins.plugins.promotiongates.engine.notification.RecipientDirectory;
import io.jenkins.plugins.promotiongates.engine.notification.SecretSource;
import io.jenkins.plugins.promotiongates.engine.notification.WebhookSender;
import io.jenkins.plugins.promotiongates.engine.service.PolicyUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code promotion-gates notify}: delivers the webhooks that are due from the store, once (run it from cron or after
 * {@code gate}). The same outbox as the plugin's: attempts are claimed and recorded in the store, so running it twice,
 * or beside a Jenkins controller on the same store, never sends a notification twice. The CLI sends no mail.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Deliver the signed webhooks that are due (approval requests, answers, reminders, break-glass, "
                + "quarantines) and record each attempt in the store.")
final class NotifyCommand implements Callable<Integer> {
    /** A webhook's secret: this prefix and its policy {@code secretId}, upper case, '.' and '-' as '_'. */
    static final String SECRET_PREFIX = "PROMOTION_GATES_WEBHOOK_SECRET_";

    private final CliContext context;
    @Spec
    private CommandSpec spec;
    @Mixin
    private StoreOptions store;
    @Option(names = "--base-url", paramLabel = "URL",
            description = "Where people open a promotion (messages link to URL?correlationId=…); none by default.")
    private String baseUrl;

    NotifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliException {
        Output output = context.output(spec);
        ApprovalLinks links = links();
        try (ServiceSession session = ServiceSession.openWithStoredPolicy(context, store)) {
            NotificationOutbox outbox = new NotificationOutbox(session.store(), session::policy,
                    RecipientDirectory.none(), links, null,
                    new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(10)), this::secret,
                            context.clock(), Duration.ofSeconds(30)),
                    OutboxSettings.defaults(), context.clock());
            NotificationOutbox.PassReport report = outbox.deliverDue();
            output.out().printf("notifications: %d sent, %d failed (recorded, retried later), %d taken by another "
                    + "process%n", report.sent(), report.failed(), report.skipped());
            output.out().flush();
            return ExitCodes.OK;
        } catch (PolicyUnavailableException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    private ApprovalLinks links() throws CliException {
        if (baseUrl == null) {
            return ApprovalLinks.none();
        }
        URI base;
        try {
            base = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new CliException(ExitCodes.USAGE, "--base-url: not a URL: " + e.getMessage(), e);
        }
        if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme())) {
            throw new CliException(ExitCodes.USAGE, "--base-url: expected an http(s) URL, got '" + baseUrl + "'");
        }
        return (correlationId, environment, job, run) -> URI.create(baseUrl + (baseUrl.contains("?") ? "&" : "?")
                + "correlationId=" + URLEncoder.encode(correlationId, StandardCharsets.UTF_8));
    }

    /** From {@code PROMOTION_GATES_WEBHOOK_SECRET_<ID>}, or the file {@code PROMOTION_GATES_WEBHOOK_SECRET_<ID>_FILE} names. */
    private Optional<byte[]> secret(String secretId) {
        String name = variable(secretId);
        Map<String, String> environment = context.environment();
        String value = environment.get(name);
        if (value != null && !value.isEmpty()) {
            return Optional.of(value.getBytes(StandardCharsets.UTF_8));
        }
        String file = environment.get(name + "_FILE");
        if (file == null) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String variable(String secretId) {
        return SECRET_PREFIX + secretId.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
