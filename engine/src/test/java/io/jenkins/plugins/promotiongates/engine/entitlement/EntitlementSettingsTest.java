package io.jenkins.plugins.promotiongates.engine.entitlement;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broker key configuration: every mistake is refused when the verifier is built, with a precise message. */
class EntitlementSettingsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T02:00:00Z"), ZoneOffset.UTC);
    private static final BrokerKeyPair ES_KEY = BrokerKeyPair.generate("k1", "ES256");
    private static final BrokerKeyPair ED_KEY = BrokerKeyPair.generate("k2", "EdDSA");

    private static EntitlementVerifier build(TrustedBroker... brokers) {
        return new EntitlementVerifier(new EntitlementSettings(List.of(brokers), Duration.ofSeconds(30),
                Duration.ofHours(1)), CLOCK);
    }

    @Test
    void shouldRefuseUnsupportedAlgorithm() {
        assertThatThrownBy(() -> build(new TrustedBroker("k1", "RS256", ES_KEY.publicJwk())))
                .isInstanceOf(BrokerKeyException.class)
                .hasMessage("Trusted broker key 'k1': algorithm 'RS256' is not supported: expected ES256 or EdDSA");
    }

    @Test
    void shouldRefuseKeyOfTheWrongTypeForTheAlgorithm() {
        assertThatThrownBy(() -> build(new TrustedBroker("k2", "ES256", ED_KEY.publicJwk())))
                .hasMessage("Trusted broker key 'k2': algorithm ES256 needs an EC JWK (kty EC), got kty OKP");
        assertThatThrownBy(() -> build(new TrustedBroker("k1", "EdDSA", ES_KEY.publicJwk())))
                .hasMessage("Trusted broker key 'k1': algorithm EdDSA needs an OKP JWK (kty OKP), got kty EC");
        assertThatThrownBy(() -> build(new TrustedBroker("k2", "ES256", ED_KEY.publicPem())))
                .hasMessageStartingWith("Trusted broker key 'k2': the PEM is not a valid EC public key");
    }

    @Test
    void shouldRefusePrivateKeyMaterial() {
        String privateJwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
                + "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}";

        assertThatThrownBy(() -> build(new TrustedBroker("k", "EdDSA", privateJwk)))
                .hasMessage("Trusted broker key 'k': the JWK contains private key material; configure the public "
                        + "key only");
        assertThatThrownBy(() -> build(new TrustedBroker("k", "EdDSA",
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----")))
                .hasMessage("Trusted broker key 'k': the PEM holds a private key; configure the public key only");
    }

    @Test
    void shouldRefuseJwkWhoseKidDiffersFromTheConfiguredKeyId() {
        assertThatThrownBy(() -> build(new TrustedBroker("other", "ES256", ES_KEY.publicJwk())))
                .hasMessage("Trusted broker key 'other': the JWK's kid 'k1' differs from the configured key id");
    }

    @Test
    void shouldRefuseDuplicateKeyIds() {
        assertThatThrownBy(() -> build(ES_KEY.trustedBroker(null), new TrustedBroker("k1", "ES256",
                ES_KEY.publicPem())))
                .hasMessage("Trusted broker key 'k1': key id is configured twice; each kid must be unique");
    }

    @Test
    void shouldRefuseUnreadableKeyText() {
        assertThatThrownBy(() -> build(new TrustedBroker("k", "ES256", "ssh-ed25519 AAAA")))
                .hasMessageStartingWith("Trusted broker key 'k': public key must be a JWK (JSON object) or a PEM");
        assertThatThrownBy(() -> build(new TrustedBroker("k", "ES256", "{\"kty\":")))
                .hasMessageStartingWith("Trusted broker key 'k': public key is not a valid JWK");
        assertThatThrownBy(() -> build(new TrustedBroker("k", "EdDSA",
                "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----")))
                .hasMessageStartingWith("Trusted broker key 'k': the PEM is not a valid Ed25519 public key");
    }

    @Test
    void shouldRefuseWrongCurve() throws Exception {
        String p384 = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384).generate()
                .toPublicJWK().toJSONString();

        assertThatThrownBy(() -> build(new TrustedBroker("k", "ES256", p384)))
                .hasMessage("Trusted broker key 'k': algorithm ES256 needs curve P-256, got P-384");
    }

    @Test
    void shouldRefuseBlankIssuerAndUnsafeKeyId() {
        assertThatThrownBy(() -> build(new TrustedBroker("k1", "ES256", ES_KEY.publicJwk(), " ")))
                .hasMessageContaining("issuer is blank");
        assertThatThrownBy(() -> build(new TrustedBroker("k\n1", "ES256", ES_KEY.publicJwk())))
                .isInstanceOf(BrokerKeyException.class).hasMessageContaining("control character");
    }

    @Test
    void shouldAcceptEd25519AsSynonymForEdDsa() {
        assertThat(build(new TrustedBroker("k2", "Ed25519", ED_KEY.publicJwk()))).isNotNull();
    }

    @Test
    void shouldRefuseEveryEntitlementWhenNoBrokerIsTrusted() {
        EntitlementVerifier verifier = new EntitlementVerifier(EntitlementSettings.none(), CLOCK);
        String token = new EntitlementMinter(ES_KEY, "b", CLOCK).mint(new EntitlementClaims("a", "t", List.of("r"),
                List.of("promote"), List.of("staging"), Duration.ofMinutes(5)));

        assertThat(verifier.verify(token).failure())
                .isEqualTo(io.jenkins.plugins.promotiongates.engine.model.ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER);
    }
}
