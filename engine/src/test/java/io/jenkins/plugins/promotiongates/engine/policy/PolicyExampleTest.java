package io.jenkins.plugins.promotiongates.engine.policy;

import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The example in docs/examples must load, and it must use every section of the format. */
class PolicyExampleTest {
    static final Path EXAMPLE = Path.of("..", "docs", "examples", "policy.yaml");

    private static Policy policy;

    @BeforeAll
    static void load() throws PolicyValidationException {
        policy = PolicyLoader.load(EXAMPLE);
    }

    @Test
    void shouldLoadTheEnvironmentsInPromotionOrder() {
        assertThat(policy.environmentNames()).containsExactly("staging", "canary", "production");
        assertThat(policy.previousEnvironment("production")).contains("canary");
        assertThat(policy.previousEnvironment("staging")).isEmpty();
        assertThat(policy.environment("qa")).isEmpty();
    }

    @Test
    void shouldHashTheFileBytes() throws Exception {
        assertThat(policy.hash()).isEqualTo(PolicyLoader.sha256(Files.readAllBytes(EXAMPLE))).hasSize(64);
    }

    @Test
    void shouldResolveTrustedRootsRelativeToThePolicyFile() {
        TrustedRoot root = policy.trustedRoots().get("public-good");

        assertThat(root.path()).isRegularFile().endsWith(Path.of("trusted-roots", "public-good.json"));
        assertThat(policy.environment("production").orElseThrow().signature().orElseThrow().trustedRoots())
                .containsExactly(root);
    }

    @Test
    void shouldExposeWhatTheVerifierAndApprovalEngineNeed() {
        EnvironmentPolicy production = policy.environment("production").orElseThrow();

        assertThat(production.signature().orElseThrow().identities()).extracting(IdentityRule::issuer)
                .containsOnly("https://token.actions.githubusercontent.com");
        assertThat(production.provenance().orElseThrow().sourceRepositories().texts())
                .containsExactly("github.com/sigstore/sigstore-java");
        assertThat(production.provenance().orElseThrow().refs().texts()).containsExactly("refs/tags/v*");
        assertThat(policy.approvalRequirement("production")).contains(new ApprovalRequirement(2,
                Set.of("release-managers", "sre"), true, Duration.ofHours(24)));
        assertThat(production.freezes().orElseThrow().exception()).isNotNull();
        assertThat(production.allows(PromotionRequest.Action.ROLLBACK)).isTrue();
        assertThat(production.agents()).isEqualTo(AgentAccess.NEVER);
        assertThat(policy.environment("staging").orElseThrow().provenance().orElseThrow().mode())
                .isEqualTo(RuleMode.WARN);
    }

    @Test
    void shouldBindEachCredentialToOneEnvironment() {
        assertThat(policy.credentialEnvironment("prod-deploy")).contains("production");
        assertThat(policy.isCredentialBoundTo("prod-deploy", "production")).isTrue();
        assertThat(policy.isCredentialBoundTo("prod-deploy", "staging")).isFalse();
        assertThat(policy.credentialEnvironment("unknown")).isEmpty();
    }

    @Test
    void shouldLoadTheGlobalSections() {
        assertThat(policy.entitlements().brokers()).hasSize(2);
        assertThat(policy.entitlements().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.anomaly().denials()).isEqualTo(5);
        assertThat(policy.breakGlass().mayOverride("freezes")).isTrue();
        assertThat(policy.notifications("production").admins()).containsExactly("release-lead");
        assertThat(policy.notifications("production").reminderMinutes()).isEqualTo(120);
        assertThat(policy.notifications().webhooks()).extracting(NotificationRule.Webhook::secretId)
                .containsExactly("release-chat-hook");
        assertThat(policy.breakGlass().mayOverride("signature")).isFalse();
    }

    @Test
    void shouldUseEverySectionOfTheFormat() {
        EnvironmentPolicy production = policy.environment("production").orElseThrow();
        EnvironmentPolicy canary = policy.environment("canary").orElseThrow();

        assertThat(production.signature()).isPresent();
        assertThat(production.provenance()).isPresent();
        assertThat(production.allowlist()).isPresent();
        assertThat(production.windows()).isPresent();
        assertThat(production.freezes()).isPresent();
        assertThat(production.order()).isPresent();
        assertThat(production.tests()).isPresent();
        assertThat(production.rollbackPlan()).isPresent();
        assertThat(production.approvals()).isPresent();
        assertThat(production.escalation()).isPresent();
        assertThat(production.credentials()).isNotEmpty();
        assertThat(canary.agents()).isEqualTo(AgentAccess.WITH_APPROVAL);
        assertThat(policy.environment("staging").orElseThrow().agents()).isEqualTo(AgentAccess.ALLOWED);
    }
}
