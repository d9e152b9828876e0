package io.jenkins.plugins.promotiongates.engine.entitlement;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EntitlementVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final BrokerKeyPair ES_KEY = BrokerKeyPair.generate("broker-es-1", "ES256");
    private static final BrokerKeyPair ED_KEY = BrokerKeyPair.generate("broker-ed-1", "EdDSA");
    private static final EntitlementClaims DOCS = new EntitlementClaims("docs-refactor-042", "update markdown links",
            List.of("docs-site"), List.of("read", "promote"), List.of("staging"), Duration.ofMinutes(30));

    private final EntitlementVerifier verifier = new EntitlementVerifier(new EntitlementSettings(
            List.of(ES_KEY.trustedBroker("https://broker.example"), ED_KEY.trustedBroker(null)), SKEW,
            Duration.ofMinutes(60)), CLOCK);

    private static BrokerKeyPair key(String algorithm) {
        return "ES256".equals(algorithm) ? ES_KEY : ED_KEY;
    }

    private static EntitlementMinter minter(BrokerKeyPair key) {
        return new EntitlementMinter(key, "https://broker.example", CLOCK);
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://broker.example");
        claims.put("iat", NOW.getEpochSecond());
        claims.put("nbf", NOW.getEpochSecond());
        claims.put("exp", NOW.plus(Duration.ofMinutes(30)).getEpochSecond());
        claims.put("agent_id", "docs-refactor-042");
        claims.put("task", "update markdown links");
        claims.put("repos", List.of("docs-site"));
        claims.put("actions", List.of("promote"));
        claims.put("environments", List.of("staging"));
        claims.put("ttl_minutes", 30);
        return claims;
    }

    private static String signed(BrokerKeyPair key, Map<String, Object> claims) {
        return minter(key).sign(new JWSHeader.Builder(key.jwsAlgorithm()).keyID(key.keyId()).build(), claims);
    }

    private static String payloadPart(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ES256", "EdDSA"})
    void shouldAcceptEntitlementSignedByTrustedBroker(String algorithm) {
        BrokerKeyPair key = key(algorithm);

        EntitlementEvidence evidence = verifier.verify(minter(key).mint(DOCS));

        assertThat(evidence.valid()).as(evidence.detail()).isTrue();
        assertThat(evidence.failure()).isEqualTo(ReasonCode.OK);
        assertThat(evidence.agentId()).isEqualTo("docs-refactor-042");
        assertThat(evidence.task()).isEqualTo("update markdown links");
        assertThat(evidence.repositories()).containsExactly("docs-site");
        assertThat(evidence.actions()).containsExactly("read", "promote");
        assertThat(evidence.environments()).containsExactly("staging");
        assertThat(evidence.issuer()).isEqualTo(key.keyId());
        assertThat(evidence.issuedAt()).isEqualTo(NOW);
        assertThat(evidence.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ES256", "EdDSA"})
    void shouldAcceptBrokerKeyConfiguredAsPem(String algorithm) {
        BrokerKeyPair key = key(algorithm);
        EntitlementVerifier pemVerifier = new EntitlementVerifier(new EntitlementSettings(
                List.of(new TrustedBroker(key.keyId(), algorithm, key.publicPem())), SKEW, Duration.ofHours(1)),
                CLOCK);

        assertThat(pemVerifier.verify(minter(key).mint(DOCS)).valid()).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "   "})
    void shouldReportMissingEntitlementWhenTokenIsBlank(String token) {
        assertThat(verifier.verify(token).failure()).isEqualTo(ReasonCode.ENTITLEMENT_MISSING);
        assertThat(verifier.verify(null).failure()).isEqualTo(ReasonCode.ENTITLEMENT_MISSING);
    }

    @Test
    void shouldRefuseUnsignedToken() {
        String token = payloadPart("{\"alg\":\"none\"}") + "." + payloadPart(new Payload(claims()).toString()) + ".";

        EntitlementEvidence evidence = verifier.verify(token);

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).contains("unsigned (alg none)");
    }

    @Test
    void shouldRefuseTokenSignedByAnotherKeyUnderTrustedKid() {
        BrokerKeyPair attacker = BrokerKeyPair.generate(ES_KEY.keyId(), "ES256");

        EntitlementEvidence evidence = verifier.verify(minter(attacker).mint(DOCS));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).isEqualTo("the signature does not verify with trusted key 'broker-es-1'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ES256", "EdDSA"})
    void shouldRefuseTokenWhosePayloadWasChanged(String algorithm) {
        String[] parts = minter(key(algorithm)).mint(DOCS).split("\\.", -1);
        Map<String, Object> widened = claims();
        widened.put("environments", List.of("production"));

        EntitlementEvidence evidence = verifier.verify(parts[0] + "." + payloadPart(new Payload(widened).toString())
                + "." + parts[2]);

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).startsWith("the signature does not verify");
    }

    @Test
    void shouldIgnoreKeyEmbeddedInHeader() throws Exception {
        BrokerKeyPair attacker = BrokerKeyPair.generate("attacker", "ES256");
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ES_KEY.keyId())
                .jwk(JWK.parse(attacker.publicJwk())).build();

        EntitlementEvidence evidence = verifier.verify(minter(attacker).sign(header, claims()));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).startsWith("the signature does not verify");
    }

    @Test
    void shouldRefuseAlgorithmOtherThanTheKeysAlgorithm() {
        BrokerKeyPair attacker = BrokerKeyPair.generate("x", "ES256");
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ED_KEY.keyId()).build();

        EntitlementEvidence evidence = verifier.verify(minter(attacker).sign(header, claims()));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).isEqualTo("signed with alg ES256 but trusted key 'broker-ed-1' is EdDSA");
    }

    @Test
    void shouldRefuseHmacSignedWithThePublicKeyAsSecret() throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ES_KEY.keyId()).build(),
                new Payload(claims()));
        jws.sign(new MACSigner(ES_KEY.publicJwk().repeat(2).getBytes(StandardCharsets.UTF_8)));

        EntitlementEvidence evidence = verifier.verify(jws.serialize());

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).contains("signed with alg HS256");
    }

    @Test
    void shouldRefuseUnknownKeyIdAsUntrustedIssuer() {
        BrokerKeyPair stranger = BrokerKeyPair.generate("someone-else", "EdDSA");

        EntitlementEvidence evidence = verifier.verify(minter(stranger).mint(DOCS));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER);
        assertThat(evidence.detail())
                .isEqualTo("kid 'someone-else' is not a trusted broker key (trusted: [broker-ed-1, broker-es-1])");
    }

    @Test
    void shouldRefuseTokenWithoutKeyId() {
        String token = minter(ES_KEY).sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), claims());

        EntitlementEvidence evidence = verifier.verify(token);

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).contains("no kid");
    }

    @Test
    void shouldRefuseIssuerOtherThanTheOneConfiguredForTheKey() {
        Map<String, Object> claims = claims();
        claims.put("iss", "https://evil.example");

        EntitlementEvidence evidence = verifier.verify(signed(ES_KEY, claims));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER);
        assertThat(evidence.detail()).contains("'https://evil.example'", "'https://broker.example'");
    }

    @Test
    void shouldAcceptAnyIssuerWhenNoneIsConfiguredForTheKey() {
        Map<String, Object> claims = claims();
        claims.put("iss", "https://other-broker.example");

        assertThat(verifier.verify(signed(ED_KEY, claims)).valid()).isTrue();
    }

    @Test
    void shouldRefuseCriticalHeaderParameters() {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(ED_KEY.keyId())
                .customParam("exp-policy", "x").criticalParams(Set.of("exp-policy")).build();

        EntitlementEvidence evidence = verifier.verify(minter(ED_KEY).sign(header, claims()));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).contains("critical");
    }

    @Test
    void shouldAcceptUntilExpiryPlusSkewAndRefuseFromThen() {
        String token = minter(ED_KEY).mint(DOCS);
        Instant expiry = NOW.plus(DOCS.ttl());
        EntitlementSettings settings = new EntitlementSettings(List.of(ED_KEY.trustedBroker(null)), SKEW,
                Duration.ofHours(1));

        EntitlementEvidence lastMoment = new EntitlementVerifier(settings,
                Clock.fixed(expiry.plus(SKEW).minusMillis(1), ZoneOffset.UTC)).verify(token);
        EntitlementEvidence expired = new EntitlementVerifier(settings,
                Clock.fixed(expiry.plus(SKEW), ZoneOffset.UTC)).verify(token);

        assertThat(lastMoment.valid()).isTrue();
        assertThat(expired.failure()).isEqualTo(ReasonCode.ENTITLEMENT_EXPIRED);
        assertThat(expired.detail()).isEqualTo("expired at 2026-11-25T02:30:00Z; the gate's clock says "
                + "2026-11-25T02:30:30Z (clock skew tolerance PT30S)");
    }

    @Test
    void shouldAcceptFromNotBeforeMinusSkewAndRefuseEarlier() {
        Map<String, Object> claims = claims();
        claims.put("nbf", NOW.plus(SKEW).getEpochSecond());
        Map<String, Object> early = claims();
        early.put("nbf", NOW.plus(SKEW).plusSeconds(1).getEpochSecond());

        EntitlementEvidence atEdge = verifier.verify(signed(ES_KEY, claims));
        EntitlementEvidence tooEarly = verifier.verify(signed(ES_KEY, early));

        assertThat(atEdge.valid()).as(atEdge.detail()).isTrue();
        assertThat(tooEarly.failure()).isEqualTo(ReasonCode.ENTITLEMENT_NOT_YET_VALID);
        assertThat(tooEarly.detail()).startsWith("valid from 2026-11-25T02:00:31Z but the gate's clock says");
    }

    @Test
    void shouldTreatIssueTimeInTheFutureAsNotYetValid() {
        Map<String, Object> claims = claims();
        claims.remove("nbf");
        claims.put("iat", NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
        claims.put("exp", NOW.plus(Duration.ofMinutes(35)).getEpochSecond());

        assertThat(verifier.verify(signed(ES_KEY, claims)).failure())
                .isEqualTo(ReasonCode.ENTITLEMENT_NOT_YET_VALID);
    }

    @Test
    void shouldRefuseTtlLongerThanThePolicyAllows() {
        Map<String, Object> claims = claims();
        claims.put("ttl_minutes", 61);
        claims.put("exp", NOW.plus(Duration.ofMinutes(61)).getEpochSecond());
        Map<String, Object> atLimit = claims();
        atLimit.put("ttl_minutes", 60);

        EntitlementEvidence evidence = verifier.verify(signed(ES_KEY, claims));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).isEqualTo("claim 'ttl_minutes' is 61 but the policy allows at most 60 minutes");
        assertThat(verifier.verify(signed(ES_KEY, atLimit)).valid()).isTrue();
    }

    @Test
    void shouldRefuseExpiryBeyondTheDeclaredTtl() {
        Map<String, Object> claims = claims();
        claims.put("exp", NOW.plus(Duration.ofMinutes(30)).plusSeconds(1).getEpochSecond());

        EntitlementEvidence evidence = verifier.verify(signed(ES_KEY, claims));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).contains("later than 'iat' + ttl_minutes");
    }

    @Test
    void shouldRefuseExpiryNotAfterIssueTime() {
        Map<String, Object> claims = claims();
        claims.put("exp", NOW.getEpochSecond());

        assertThat(verifier.verify(signed(ES_KEY, claims)).detail()).contains("is not after 'iat'");
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"iss", "agent_id", "task", "repos", "actions", "environments", "ttl_minutes", "iat",
            "exp"})
    void shouldRefuseTokenWithMissingClaim(String claim) {
        Map<String, Object> claims = claims();
        claims.remove(claim);

        EntitlementEvidence evidence = verifier.verify(signed(ED_KEY, claims));

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).startsWith("claim '" + claim + "' is missing");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"repos=string", "actions=number", "environments=bad-name", "ttl_minutes=string",
            "ttl_minutes=zero", "iat=fraction", "agent_id=control", "agent_id=empty", "repos=too-many",
            "environments=object-entry", "exp=negative"})
    void shouldRefuseMalformedClaims(String variant) {
        Map<String, Object> claims = claims();
        switch (variant) {
            case "repos=string" -> claims.put("repos", "docs-site");
            case "actions=number" -> claims.put("actions", 7);
            case "environments=bad-name" -> claims.put("environments", List.of("Prod/*"));
            case "ttl_minutes=string" -> claims.put("ttl_minutes", "30");
            case "ttl_minutes=zero" -> claims.put("ttl_minutes", 0);
            case "iat=fraction" -> claims.put("iat", NOW.getEpochSecond() + 0.5);
            case "agent_id=control" -> claims.put("agent_id", "agent\nforged log line");
            case "agent_id=empty" -> claims.put("agent_id", "");
            case "repos=too-many" -> claims.put("repos", java.util.Collections.nCopies(65, "r"));
            case "environments=object-entry" -> claims.put("environments", List.of(Map.of("a", "b")));
            case "exp=negative" -> claims.put("exp", -1);
            default -> throw new IllegalArgumentException(variant);
        }

        EntitlementEvidence evidence = verifier.verify(signed(ED_KEY, claims));

        assertThat(evidence.valid()).isFalse();
        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).contains("claim '" + variant.substring(0, variant.indexOf('=')) + "'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abc", "a.b", "a.b.c.d", "a b.c.d", "e30.e30.e30", "eyJhbGciOiJFUzI1NiJ9.!!.x",
            "eyJhbGciOiJFUzI1NiIsImtpZCI6ImJyb2tlci1lcy0xIn0.bm90IGpzb24.AAAA", "...", "ZXlK.ZXlK.ZXlK"})
    void shouldRefuseMalformedTokens(String token) {
        EntitlementEvidence evidence = verifier.verify(token);

        assertThat(evidence.valid()).isFalse();
        assertThat(evidence.failure()).isIn(ReasonCode.ENTITLEMENT_INVALID);
    }

    @Test
    void shouldRefuseOversizedTokenBeforeParsing() {
        String token = "a".repeat(EntitlementVerifier.MAX_TOKEN_LENGTH) + ".b.c";

        EntitlementEvidence evidence = verifier.verify(token);

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).isEqualTo("the token is 8196 characters long; at most 8192 are accepted");
    }

    @Test
    void shouldRefuseDeeplyNestedHeaderWithoutThrowing() {
        String header = "{\"alg\":\"ES256\",\"kid\":\"broker-es-1\",\"x\":" + "[".repeat(2_500)
                + "]".repeat(2_500) + "}";

        EntitlementEvidence evidence = verifier.verify(payloadPart(header) + ".e30.AAAA");

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).startsWith("not a compact JWS");
    }

    @Test
    void shouldCheckValidityTimesAtEveryUseOfARememberedToken() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        EntitlementVerifier remembering = new EntitlementVerifier(new EntitlementSettings(
                List.of(ED_KEY.trustedBroker(null)), SKEW, Duration.ofHours(1)), moving);
        String token = minter(ED_KEY).mint(DOCS);

        assertThat(remembering.verify(token).valid()).isTrue();
        now[0] = NOW.plus(Duration.ofMinutes(31));

        assertThat(remembering.verify(token).failure()).isEqualTo(ReasonCode.ENTITLEMENT_EXPIRED);
    }

    @Test
    void shouldStillRefuseChangedCopyOfARememberedToken() {
        String token = minter(ES_KEY).mint(DOCS);
        String[] parts = token.split("\\.", -1);
        Map<String, Object> widened = claims();
        widened.put("environments", List.of("production"));

        assertThat(verifier.verify(token).valid()).isTrue();
        assertThat(verifier.verify(parts[0] + "." + payloadPart(new Payload(widened).toString()) + "." + parts[2])
                .detail()).startsWith("the signature does not verify");
        assertThat(verifier.verify(token).valid()).isTrue();
    }

    @Test
    void shouldRefusePayloadWithDuplicateClaims() throws Exception {
        String header = payloadPart("{\"alg\":\"EdDSA\",\"kid\":\"broker-ed-1\"}");
        String payload = payloadPart("{\"environments\":[\"staging\"],\"environments\":[\"production\"]}");
        String signature = ED_KEY.signer().sign(new JWSHeader(JWSAlgorithm.EdDSA),
                (header + "." + payload).getBytes(StandardCharsets.US_ASCII)).toString();

        EntitlementEvidence evidence = verifier.verify(header + "." + payload + "." + signature);

        assertThat(evidence.failure()).isEqualTo(ReasonCode.ENTITLEMENT_INVALID);
        assertThat(evidence.detail()).isEqualTo("the payload is not a JSON object");
    }

    @Test
    void shouldNeverThrowNorAcceptWhenAnyCharacterIsChanged() {
        String token = minter(ES_KEY).mint(DOCS);
        for (int i = 0; i < token.length(); i += 3) {
            char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
            String mutated = token.substring(0, i) + replacement + token.substring(i + 1);

            EntitlementEvidence evidence = verifier.verify(mutated);

            assertThat(evidence.valid()).as("mutation at %d: %s", i, evidence.detail()).isFalse();
        }
    }

    @Test
    void shouldMintTokenWithTypeAndAllClaims() throws Exception {
        JWSObject jws = JWSObject.parse(minter(ES_KEY).mint(DOCS));

        assertThat(jws.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jws.getHeader().getKeyID()).isEqualTo("broker-es-1");
        assertThat(jws.getPayload().toJSONObject()).containsOnlyKeys("iss", "iat", "nbf", "exp", "agent_id", "task",
                "repos", "actions", "environments", "ttl_minutes").containsEntry("ttl_minutes", 30L);
    }
}
