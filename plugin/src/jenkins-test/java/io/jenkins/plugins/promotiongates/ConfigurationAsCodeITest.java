package io.jenkins.plugins.promotiongates;

import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.promotiongates.config.PromotionGatesConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code unclassified: promotionGates:} configures the global settings (run by plugin/pom.xml with -Pjenkins; the default build only compiles it). */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeITest {
    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void shouldConfigureStoreFromYaml(JenkinsConfiguredWithCodeRule j) {
        PromotionGatesConfiguration config = PromotionGatesConfiguration.get();
        assertThat(config.getPolicyFile()).isEqualTo("promotion-gates/policy.yaml");
        assertThat(config.getStoreUrl()).isEqualTo("jdbc:postgresql://db.example.internal:5432/promotions");
        assertThat(config.getStoreCredentialsId()).isEqualTo("promotion-store");
    }
}
