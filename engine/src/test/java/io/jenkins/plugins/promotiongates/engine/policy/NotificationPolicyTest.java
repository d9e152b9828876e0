package io.jenkins.plugins.promotiongates.engine.policy;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code notifications} sections: global, per environment (replacing it), and their located errors. */
class NotificationPolicyTest {
    private static final String HEADER = "apiVersion: promotion-gates/v1\n";

    @Test
    void shouldReadTheGlobalSectionAndLetAnEnvironmentReplaceIt() throws PolicyValidationException {
        Policy policy = PolicyLoaderTest.valid(HEADER
                + "notifications:\n"
                + "  admins: [release-lead, security-officer]\n"
                + "  reminderMinutes: 120\n"
                + "  webhooks:\n"
                + "    - {name: chat, url: 'https://chat.example.org/hook', secretId: chat-secret}\n"
                + "environments:\n"
                + "  - name: staging\n"
                + "  - name: production\n"
                + "    notifications:\n"
                + "      admins: [release-lead]\n"
                + "      mail: false\n"
                + "      digestMinutes: 60\n");

        NotificationRule staging = policy.notifications("staging");
        assertThat(staging).isEqualTo(policy.notifications());
        assertThat(staging.admins()).containsExactlyInAnyOrder("release-lead", "security-officer");
        assertThat(staging.mail()).isTrue();
        assertThat(staging.reminderMinutes()).isEqualTo(120);
        assertThat(staging.webhooks()).containsExactly(new NotificationRule.Webhook("chat",
                URI.create("https://chat.example.org/hook"), "chat-secret"));
        NotificationRule production = policy.notifications("production");
        assertThat(production).isEqualTo(new NotificationRule(java.util.Set.of("release-lead"), false, 0, 60,
                List.of()));
    }

    @Test
    void shouldDefaultToMailingApproversOnly() throws PolicyValidationException {
        Policy policy = PolicyLoaderTest.valid(HEADER + "environments:\n  - name: staging\n");

        assertThat(policy.notifications("staging")).isEqualTo(NotificationRule.defaults());
    }

    @Test
    void shouldRefuseAPlainHttpWebhookOffLoopbackWithItsLocation() {
        List<PolicyError> errors = PolicyLoaderTest.errorsOf(HEADER + "notifications:\n  webhooks:\n"
                + "    - name: chat\n      url: 'http://chat.example.org/hook'\n      secretId: s\n"
                + "environments:\n  - name: staging\n");

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.location().line()).isEqualTo(5);
            assertThat(e.path()).isEqualTo("notifications.webhooks[0].url");
            assertThat(e.message()).contains("expected an https URL");
        });
    }

    @Test
    void shouldAcceptHttpToLoopbackOnly() throws PolicyValidationException {
        Policy policy = PolicyLoaderTest.valid(HEADER + "notifications:\n  webhooks:\n"
                + "    - {name: local, url: 'http://127.0.0.1:8080/hook', secretId: s}\n"
                + "environments:\n  - name: staging\n");

        assertThat(policy.notifications().webhooks()).singleElement()
                .satisfies(w -> assertThat(w.url().getPort()).isEqualTo(8080));
    }

    @Test
    void shouldRefuseDuplicateNamesUserInfoAndUnknownKeys() {
        List<PolicyError> errors = PolicyLoaderTest.errorsOf(HEADER + "environments:\n  - name: production\n"
                + "    notifications:\n"
                + "      reminderMinute: 5\n"
                + "      webhooks:\n"
                + "        - {name: chat, url: 'https://a.example.org/h', secretId: s}\n"
                + "        - {name: chat, url: 'https://user:pw@b.example.org/h', secretId: 's p'}\n");

        assertThat(errors).extracting(PolicyError::path).containsExactlyInAnyOrder(
                "environments[1].notifications.reminderMinute".replace("[1]", "[0]"),
                "environments[0].notifications.webhooks[1].name",
                "environments[0].notifications.webhooks[1].url",
                "environments[0].notifications.webhooks[1].secretId");
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("did you mean 'reminderMinutes'"));
    }
}
