package io.jenkins.plugins.promotiongates.engine.entitlement;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.PlainObject;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns an agent's entitlement token (a compact JWS from a trusted identity broker) into {@link EntitlementEvidence}.
 *
 * <p>Order of checks, each failing closed: size and shape, {@code alg none} refused, {@code kid} names a trusted
 * key, the header's algorithm is the one configured for that key, the signature verifies, the claims are complete
 * and well-typed, the TTL is within {@link EntitlementSettings#maxTtl()}, and the injected clock is inside
 * [{@code nbf} − skew, {@code exp} + skew). Claims are read only after the signature verified. Keys embedded in
 * the header ({@code jwk}, {@code jku}, {@code x5c}, {@code x5u}) are never used.
 *
 * <p>A token whose signature and claims checked out is remembered (by its SHA-256, at most {@value #CACHE_SIZE}
 * tokens) so that an agent presenting it again for the next request of its task costs no second signature
 * verification; its validity times are checked against the clock at every use.
 *
 * <p>{@link #verify(String)} never throws for a bad token; a bad broker configuration throws
 * {@link BrokerKeyException} from the constructor.
 */
public final class EntitlementVerifier {
    /** Longer tokens are refused before parsing; a real entitlement is well under 2 KiB. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;
    /** At most this many entries per list claim (repos, actions, environments). */
    public static final int MAX_LIST_ENTRIES = 64;
    private static final int MAX_NAME_LENGTH = 256;
    private static final int MAX_TASK_LENGTH = 1024;
    /** NumericDate values beyond year 9999 are nonsense and would overflow {@link Instant}. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    /** Tokens whose signature and claims already checked out, by SHA-256 of the token; see {@link #check}. */
    static final int CACHE_SIZE = 4096;

    private final Map<String, TrustedKey> keys;
    private final EntitlementSettings settings;
    private final Clock clock;
    private final Map<String, Claims> verified = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Claims> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public EntitlementVerifier(EntitlementSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, TrustedKey> parsed = new LinkedHashMap<>();
        for (TrustedBroker broker : settings.brokers()) {
            TrustedKey key = TrustedKey.parse(broker);
            if (parsed.putIfAbsent(key.keyId(), key) != null) {
                throw new BrokerKeyException(key.keyId(), "key id is configured twice; each kid must be unique");
            }
        }
        this.keys = Map.copyOf(parsed);
    }

    /** Checks one token; every problem becomes an invalid evidence with its reason code and a precise detail. */
    public EntitlementEvidence verify(@CheckForNull String compactJws) {
        try {
            return check(compactJws);
        } catch (RuntimeException e) {
            // Fail closed on anything the JOSE library or the JDK did not expect: a denial, never an exception.
            return EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_INVALID,
                    "the entitlement could not be checked: " + e.getClass().getSimpleName());
        }
    }

    private EntitlementEvidence check(@CheckForNull String token) {
        if (token == null || token.isBlank()) {
            return EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_MISSING, "no entitlement token was presented");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return invalid("the token is " + token.length() + " characters long; at most " + MAX_TOKEN_LENGTH
                    + " are accepted");
        }
        String shapeProblem = shapeProblem(token);
        if (shapeProblem != null) {
            return invalid("not a compact JWS: " + shapeProblem);
        }
        // An agent presents the same token for each request of its task; its signature and claims only need to
        // be checked once per verifier (the trusted keys are fixed), its validity times at every use.
        String cacheKey = sha256(token);
        Claims known;
        synchronized (verified) {
            known = verified.get(cacheKey);
        }
        if (known != null) {
            return checkTime(known);
        }
        JOSEObject parsed;
        try {
            parsed = JOSEObject.parse(token);
        } catch (ParseException e) {
            return invalid("not a compact JWS: " + Identifiers.printable(String.valueOf(e.getMessage())));
        }
        if (parsed instanceof PlainObject) {
            return invalid("the token is unsigned (alg none); entitlements must be signed by a trusted broker");
        }
        if (!(parsed instanceof JWSObject jws)) {
            return invalid("the token is not a signed JWS (" + parsed.getClass().getSimpleName() + ")");
        }
        JWSHeader header = jws.getHeader();
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return invalid("the header marks parameters " + new TreeSet<>(header.getCriticalParams())
                    + " as critical; none are understood");
        }
        String keyId = header.getKeyID();
        if (keyId == null || keyId.isEmpty()) {
            return invalid("the header has no kid, so no trusted broker key can be chosen");
        }
        TrustedKey key = keys.get(keyId);
        if (key == null) {
            return EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER, "kid '"
                    + Identifiers.printable(keyId) + "' is not a trusted broker key (trusted: "
                    + new TreeSet<>(keys.keySet()) + ")");
        }
        if (!key.algorithms().contains(header.getAlgorithm())) {
            return invalid("signed with alg " + header.getAlgorithm() + " but trusted key '" + keyId + "' is "
                    + key.algorithmName());
        }
        try {
            if (!jws.verify(key.verifier())) {
                return invalid("the signature does not verify with trusted key '" + keyId + "'");
            }
        } catch (JOSEException e) {
            return invalid("the signature could not be verified with trusted key '" + keyId + "': "
                    + Identifiers.printable(String.valueOf(e.getMessage())));
        }
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        if (claims == null) {
            return invalid("the payload is not a JSON object");
        }
        Claims read;
        try {
            read = readClaims(key, claims);
        } catch (ClaimException e) {
            return EntitlementEvidence.invalid(e.code, e.getMessage());
        }
        synchronized (verified) {
            verified.put(cacheKey, read);
        }
        return checkTime(read);
    }

    /** Everything about a verified token that does not depend on the time of use. */
    private record Claims(String keyId, String issuer, String agentId, String task, List<String> repos,
            List<String> actions, List<String> environments, Instant issuedAt, Instant notBefore,
            Instant expiresAt) {
    }

    private Claims readClaims(TrustedKey key, Map<String, Object> claims) throws ClaimException {
        String issuer = text(claims, "iss", MAX_NAME_LENGTH);
        if (key.issuer() != null && !key.issuer().equals(issuer)) {
            throw new ClaimException(ReasonCode.ENTITLEMENT_UNTRUSTED_ISSUER, "iss '" + issuer + "' is not the issuer '"
                    + key.issuer() + "' configured for key '" + key.keyId() + "'");
        }
        String agentId = text(claims, "agent_id", MAX_NAME_LENGTH);
        String task = text(claims, "task", MAX_TASK_LENGTH);
        List<String> repos = list(claims, "repos");
        List<String> actions = list(claims, "actions");
        List<String> environments = list(claims, "environments");
        for (String environment : environments) {
            try {
                Identifiers.requireEnvironmentName(environment);
            } catch (IllegalArgumentException e) {
                throw new ClaimException("claim 'environments': " + e.getMessage());
            }
        }
        long ttlMinutes = number(claims, "ttl_minutes");
        if (ttlMinutes < 1) {
            throw new ClaimException("claim 'ttl_minutes' must be at least 1, got " + ttlMinutes);
        }
        Duration ttl = Duration.ofMinutes(Math.min(ttlMinutes, Integer.MAX_VALUE));
        if (ttl.compareTo(settings.maxTtl()) > 0) {
            throw new ClaimException("claim 'ttl_minutes' is " + ttlMinutes + " but the policy allows at most "
                    + settings.maxTtl().toMinutes() + " minutes");
        }
        Instant issuedAt = time(claims, "iat");
        Instant expiresAt = time(claims, "exp");
        Instant notBefore = claims.containsKey("nbf") ? time(claims, "nbf") : issuedAt;
        if (!expiresAt.isAfter(issuedAt)) {
            throw new ClaimException("claim 'exp' (" + expiresAt + ") is not after 'iat' (" + issuedAt + ")");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(ttl) > 0) {
            throw new ClaimException("claim 'exp' (" + expiresAt + ") is later than 'iat' + ttl_minutes ("
                    + issuedAt.plus(ttl) + ")");
        }
        return new Claims(key.keyId(), issuer, agentId, task, repos, actions, environments, issuedAt,
                issuedAt.isAfter(notBefore) ? issuedAt : notBefore, expiresAt);
    }

    private EntitlementEvidence checkTime(Claims claims) {
        Instant now = clock.instant();
        Duration skew = settings.clockSkew();
        if (now.plus(skew).isBefore(claims.notBefore())) {
            return EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_NOT_YET_VALID, "valid from "
                    + claims.notBefore() + " but the gate's clock says " + now + " (clock skew tolerance " + skew
                    + ")");
        }
        if (!now.minus(skew).isBefore(claims.expiresAt())) {
            return EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_EXPIRED, "expired at " + claims.expiresAt()
                    + "; the gate's clock says " + now + " (clock skew tolerance " + skew + ")");
        }
        return new EntitlementEvidence(true, claims.agentId(), claims.task(), claims.repos(), claims.actions(),
                claims.environments(), claims.keyId(), claims.issuedAt(), claims.expiresAt(), ReasonCode.OK,
                "signed by trusted broker key '" + claims.keyId() + "' (issuer '" + claims.issuer()
                        + "'), valid until " + claims.expiresAt());
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @CheckForNull
    private static String shapeProblem(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                return "unexpected character at index " + i + " (expected base64url and '.')";
            }
        }
        return dots == 2 ? null : "expected 3 dot-separated parts, got " + (dots + 1);
    }

    private static String text(Map<String, Object> claims, String name, int maxLength) throws ClaimException {
        Object value = claims.get(name);
        if (value == null) {
            throw new ClaimException("claim '" + name + "' is missing");
        }
        if (!(value instanceof String string)) {
            throw new ClaimException("claim '" + name + "' must be a string, got " + kind(value));
        }
        return safe(name, string, maxLength);
    }

    private static String safe(String name, String value, int maxLength) throws ClaimException {
        try {
            return Identifiers.requireSafeText("claim '" + name + "'", value, maxLength);
        } catch (IllegalArgumentException e) {
            throw new ClaimException(e.getMessage());
        }
    }

    private static List<String> list(Map<String, Object> claims, String name) throws ClaimException {
        Object value = claims.get(name);
        if (value == null) {
            throw new ClaimException("claim '" + name + "' is missing (use [] for none)");
        }
        if (!(value instanceof List<?> entries)) {
            throw new ClaimException("claim '" + name + "' must be an array of strings, got " + kind(value));
        }
        if (entries.size() > MAX_LIST_ENTRIES) {
            throw new ClaimException("claim '" + name + "' has " + entries.size() + " entries; at most "
                    + MAX_LIST_ENTRIES + " are accepted");
        }
        List<String> result = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            if (!(entry instanceof String string)) {
                throw new ClaimException("claim '" + name + "' must contain only strings, got " + kind(entry));
            }
            result.add(safe(name, string, MAX_NAME_LENGTH));
        }
        return result;
    }

    private static long number(Map<String, Object> claims, String name) throws ClaimException {
        Object value = claims.get(name);
        if (value == null) {
            throw new ClaimException("claim '" + name + "' is missing");
        }
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).longValue();
        }
        throw new ClaimException("claim '" + name + "' must be an integer, got " + kind(value));
    }

    private static Instant time(Map<String, Object> claims, String name) throws ClaimException {
        long seconds = number(claims, name);
        if (seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            throw new ClaimException("claim '" + name + "' is out of range: " + seconds);
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static String kind(@CheckForNull Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value instanceof Map ? "an object" : "null";
    }

    private static EntitlementEvidence invalid(String detail) {
        return EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_INVALID, detail);
    }

    /** A claim problem found while reading a verified payload; becomes invalid evidence, never leaves the class. */
    private static final class ClaimException extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient ReasonCode code;

        ClaimException(String message) {
            this(ReasonCode.ENTITLEMENT_INVALID, message);
        }

        ClaimException(ReasonCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
