package io.jenkins.plugins.promotiongates.engine.entitlement;

import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntitlementValuesTest {
    @Test
    void shouldCompareTrustedBrokersByContent() {
        EqualsVerifier.forClass(TrustedBroker.class).verify();
    }

    @Test
    void shouldRefuseClaimsThatNoBrokerShouldSign() {
        assertThatThrownBy(() -> new EntitlementClaims("a", "t", List.of(), List.of(), List.of("Prod"),
                Duration.ofMinutes(5))).hasMessageContaining("Invalid environment name 'Prod'");
        assertThatThrownBy(() -> new EntitlementClaims("a", "t", List.of(), List.of(), List.of(),
                Duration.ofSeconds(90))).hasMessage("ttl must be a positive number of whole minutes, got PT1M30S");
        assertThatThrownBy(() -> new EntitlementClaims("a", "t", List.of(), List.of(), List.of(), Duration.ZERO))
                .hasMessageContaining("positive number of whole minutes");
    }

    @Test
    void shouldNeverShowPrivateKeyInText() {
        BrokerKeyPair key = BrokerKeyPair.generate("k", "ES256");

        assertThat(key).hasToString("BrokerKeyPair[k, ES256]");
        assertThat(key.publicJwk()).doesNotContain("\"d\"");
        assertThat(key.publicPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThatThrownBy(() -> BrokerKeyPair.generate("k", "HS256"))
                .hasMessage("Unsupported broker algorithm 'HS256': expected ES256 or EdDSA");
    }
}
