package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.RunRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Correlation ids join every record of one promotion: one id per (run, environment). Readable when short
 * ({@code shop/api#42/production}); long job names are cut and suffixed with a hash so ids stay unique and bounded.
 */
public final class CorrelationIds {
    private static final int MAX_LENGTH = 128;

    private CorrelationIds() {
    }

    /** The correlation id of a run's promotion to an environment. */
    public static String of(RunRef run, String environment) {
        String readable = run.id() + "/" + environment;
        if (readable.length() <= MAX_LENGTH) {
            return readable;
        }
        String hash = HexFormat.of().formatHex(sha256(readable)).substring(0, 16);
        String tail = "~" + hash + "/" + environment;
        return readable.substring(0, MAX_LENGTH - tail.length()) + tail;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
