package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What a {@code trusted_root.json} must satisfy beyond what sigstore-java's parser checks, with an error naming the
 * file and the JSON path: no key twice in an object (the library keeps the last value), and every log key and
 * certificate or timestamp authority has a validity period with a start and no end before it. The library reads an
 * absent start as 1970, which would make a key trusted for all time before its end: the Sigstore conformance suite
 * ({@code trust-root-tlog-missing-validity-start_fail}) requires such a root to be rejected.
 */
final class TrustedRootChecks {
    private TrustedRootChecks() {
    }

    /**
     * Checks the JSON; text that is not JSON at all is left to the library, which reports it.
     *
     * @throws IllegalArgumentException naming the file and the offending key or path
     */
    static void check(String json, String name) {
        JsonNode root;
        try {
            root = JsonTrees.read(json);
        } catch (JsonTrees.DuplicateKeyException e) {
            throw new IllegalArgumentException("Trusted root " + name + ": " + e.getOriginalMessage()
                    + " (a key may occur once per object)", e);
        } catch (JsonProcessingException e) {
            return; // not JSON: the library's parser gives its own error
        }
        if (!root.isObject()) {
            return;
        }
        checkLogs(root, name, "tlogs", "tlogs");
        checkLogs(root, name, "ctlogs", "ctlogs");
        checkAuthorities(root, name, "certificateAuthorities", "certificate_authorities");
        checkAuthorities(root, name, "timestampAuthorities", "timestamp_authorities");
    }

    private static void checkLogs(JsonNode root, String name, String jsonName, String protoName) {
        JsonNode logs = SigstoreBundle.field(root, jsonName, protoName);
        if (logs == null || !logs.isArray()) {
            return;
        }
        for (int i = 0; i < logs.size(); i++) {
            JsonNode key = SigstoreBundle.field(logs.get(i), "publicKey", "public_key");
            String path = jsonName + "[" + i + "]" + describe(logs.get(i), "baseUrl", "base_url") + ".publicKey";
            checkValidity(key == null ? null : SigstoreBundle.field(key, "validFor", "valid_for"), name, path);
        }
    }

    private static void checkAuthorities(JsonNode root, String name, String jsonName, String protoName) {
        JsonNode authorities = SigstoreBundle.field(root, jsonName, protoName);
        if (authorities == null || !authorities.isArray()) {
            return;
        }
        for (int i = 0; i < authorities.size(); i++) {
            JsonNode authority = authorities.get(i);
            checkValidity(SigstoreBundle.field(authority, "validFor", "valid_for"), name,
                    jsonName + "[" + i + "]" + describe(authority, "uri"));
        }
    }

    private static void checkValidity(@CheckForNull JsonNode validFor, String name, String path) {
        JsonNode start = validFor == null ? null : SigstoreBundle.field(validFor, "start");
        if (start == null) {
            throw new IllegalArgumentException("Trusted root " + name + ": " + path + ".validFor.start is missing: "
                    + "expected the start of the validity period (an absent start is not an unbounded one)");
        }
        JsonNode end = SigstoreBundle.field(validFor, "end");
        Instant from = instant(start);
        Instant to = end == null ? null : instant(end);
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("Trusted root " + name + ": " + path + ".validFor is inverted: "
                    + "expected an end at or after the start " + from + ", found end " + to);
        }
    }

    /** The instant of an RFC 3339 timestamp; null when unreadable (the library's parser then reports it). */
    @CheckForNull
    private static Instant instant(JsonNode value) {
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String describe(JsonNode node, String... names) {
        String value = SigstoreBundle.text(node, names);
        return value == null ? "" : " (" + value + ")";
    }
}
