package io.jenkins.plugins.promotiongates.engine.entitlement;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Signs entitlements the way an identity broker does: header {@code alg} and {@code kid}, claims {@code iss},
 * {@code iat}, {@code nbf}, {@code exp} (= iat + TTL), {@code agent_id}, {@code task}, {@code repos},
 * {@code actions}, {@code environments} and {@code ttl_minutes}. Used by the CLI demo, tests and documentation;
 * times come from the injected clock.
 */
public final class EntitlementMinter {
    private final BrokerKeyPair key;
    private final String issuer;
    private final Clock clock;

    public EntitlementMinter(BrokerKeyPair key, String issuer, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = Identifiers.requireSafeText("issuer", issuer, 256);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A compact JWS valid from now (whole seconds) for the claims' TTL. */
    public String mint(EntitlementClaims claims) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", issuer);
        payload.put("iat", issuedAt.getEpochSecond());
        payload.put("nbf", issuedAt.getEpochSecond());
        payload.put("exp", issuedAt.plus(claims.ttl()).getEpochSecond());
        payload.put("agent_id", claims.agentId());
        payload.put("task", claims.task());
        payload.put("repos", claims.repositories());
        payload.put("actions", claims.actions());
        payload.put("environments", claims.environments());
        payload.put("ttl_minutes", claims.ttl().toMinutes());
        return sign(new JWSHeader.Builder(key.jwsAlgorithm()).keyID(key.keyId()).type(JOSEObjectType.JWT).build(),
                payload);
    }

    /** Signs any header and payload with this key; tests use it to build deliberately broken entitlements. */
    String sign(JWSHeader header, Map<String, Object> payload) {
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with key '" + key.keyId() + "': " + e.getMessage(), e);
        }
        return jws.serialize();
    }
}
