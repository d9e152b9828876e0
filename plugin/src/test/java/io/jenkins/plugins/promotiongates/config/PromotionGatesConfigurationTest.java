package io.jenkins.plugins.promotiongates.config;

import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionGatesConfigurationTest {
    private static final String GOOD = "environments: [staging, production]\n";
    private static final String BAD = "environments: [staging, production\n";
    @TempDir
    Path home;
    private final FakeAccess access = new FakeAccess();
    private final List<ServiceSettings> built = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();
    private PromotionGatesConfiguration config;

    @BeforeEach
    void setUp() {
        PolicyCheck check = (yaml, source) -> {
            checked.add(source);
            return yaml.contains("[staging, production\n") ? List.of(source + ":1:13: expected ']' but found end of line") : List.of();
        };
        config = new PromotionGatesConfiguration(settings -> {
            built.add(settings);
            return new FakeService();
        }, check, access, home::toFile, Runnable::run, new io.jenkins.plugins.promotiongates.testing.TestJenkins.ManualPoller());
    }

    @Test
    void shouldApplyValidPolicyAndRebuildService() {
        config.setPolicy(GOOD);
        assertThat(config.isPolicyApplied()).isTrue();
        assertThat(config.getPolicyProblems()).isEmpty();
        config.runtime();
        assertThat(built).singleElement().extracting(ServiceSettings::policyYaml).isEqualTo(GOOD);
    }

    @Test
    void shouldKeepLastGoodPolicyWhenNewOneIsInvalid() {
        config.setPolicy(GOOD);
        config.setPolicy(BAD);
        assertThat(config.getPolicyProblems()).singleElement().asString().contains("inline policy:1:13");
        assertThat(config.getPolicyStatus()).contains("last good policy stays in force");
        assertThat(config.runtime()).isNotNull();
        assertThat(built).last().extracting(ServiceSettings::policyYaml).isEqualTo(GOOD);
    }

    @Test
    void shouldNotApplyAnythingWhenFirstPolicyIsInvalid() {
        config.setPolicy(BAD);
        assertThat(config.isPolicyApplied()).isFalse();
        assertThat(config.getPolicyStatus()).contains("every promotion is denied");
    }

    @Test
    void shouldPreferPolicyFileUnderJenkinsHome() throws IOException {
        Files.writeString(home.resolve("policy.yaml"), GOOD);
        config.setPolicy(BAD);
        config.setPolicyFile("policy.yaml");
        assertThat(config.isPolicyApplied()).isTrue();
        assertThat(config.getPolicyProblems()).isEmpty();
        assertThat(checked).last().isEqualTo("policy.yaml");
    }

    @Test
    void shouldRefusePolicyFileOutsideJenkinsHome() {
        assertThatThrownBy(() -> config.resolveUnderHome("../etc/passwd")).hasMessageContaining("under JENKINS_HOME");
        config.setPolicyFile("/etc/passwd");
        assertThat(config.getPolicyProblems()).singleElement().asString().contains("under JENKINS_HOME");
    }

    @Test
    void shouldShowLocatedErrorsOnlyToAdministrators() {
        config.doCheckPolicy(BAD);
        assertThat(checked).isEmpty();
        access.grantAll = true;
        config.doCheckPolicy(BAD);
        assertThat(checked).containsExactly("inline policy");
    }

    @Test
    void shouldFailClosedUntilEngineIsWired() {
        assertThat(PolicyCheck.UNAVAILABLE.validate(GOOD, "inline policy")).singleElement().asString()
                .contains("cannot be applied");
        var service = new UnwiredPromotionService();
        assertThat(service.authorizeCredential(new io.jenkins.plugins.promotiongates.engine.service.CredentialRequest(
                "production", "prod-deploy", io.jenkins.plugins.promotiongates.engine.model.RunRef.of("shop", "1"), List.of()))
                .granted()).isFalse();
    }

    @Test
    void shouldMarkTheListedJobsAutomatedInTheRuntime() {
        config.setAutomatedJobs("# agents\nagents/**\n\nshop/release-bot\n");

        AutomatedJobs automated = config.runtime().automatedJobs();

        assertThat(automated.match("agents/team-a/deploy")).isNotNull();
        assertThat(automated.match("shop/release-bot")).isNotNull();
        assertThat(automated.match("shop/backend")).isNull();
    }

    @Test
    void shouldRefuseABadGlobWithItsLineAndKeepTheListInForce() {
        config.setAutomatedJobs("agents/**");

        assertThatThrownBy(() -> config.setAutomatedJobs("agents/**\nshop/[release"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");

        assertThat(config.getAutomatedJobs()).isEqualTo("agents/**");
        assertThat(config.runtime().automatedJobs().globs()).hasSize(1);
    }

    @Test
    void shouldTrustOnlyTheSystemStoreUntilTheAdminNamesAFolder() {
        assertThat(config.trustedCredentialStores()).isEqualTo(CredentialStores.SYSTEM_ONLY);

        config.setCredentialStores("# the production team's folder\nteams/production\n\nteams/production\n");

        assertThat(config.trustedCredentialStores().folders()).containsExactly("teams/production");
        assertThat(config.trustedCredentialStores().names()).containsExactly("system", "folder:teams/production");
    }

    /** A pattern would trust a folder created (or renamed into place) later by whoever controls it. */
    @Test
    void shouldRefuseAPatternOrAMalformedFolderNameWithItsLineAndKeepTheStoresInForce() {
        config.setCredentialStores("teams/production");

        assertThatThrownBy(() -> config.setCredentialStores("teams/production\nteams/*"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2")
                .hasMessageContaining("pattern");
        assertThatThrownBy(() -> config.setCredentialStores("teams/../agents"))
                .hasMessageContaining("line 1").hasMessageContaining("'..'");
        assertThatThrownBy(() -> config.setCredentialStores("teams/prod\u202Euction"))
                .hasMessageContaining("U+202E");

        assertThat(config.getCredentialStores()).isEqualTo("teams/production");
        assertThat(config.trustedCredentialStores().folders()).containsExactly("teams/production");
    }
}
