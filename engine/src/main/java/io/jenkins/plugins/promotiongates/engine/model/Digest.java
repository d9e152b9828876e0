package io.jenkins.plugins.promotiongates.engine.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, e.g. {@code sha256:5be2…}. Gates work on digests plus names, never on files, because in
 * Jenkins the file is on an agent and only its digest travels to the controller.
 */
public record Digest(Algorithm algorithm, String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    /** The digest algorithms gates accept. */
    public enum Algorithm {
        SHA256("sha256", "SHA-256", 64),
        SHA512("sha512", "SHA-512", 128),
        /** Sigstore bundles signed with ECDSA P-384 keys name SHA-384 digests. */
        SHA384("sha384", "SHA-384", 96);

        private final String prefix;
        private final String jcaName;
        private final int hexLength;

        Algorithm(String prefix, String jcaName, int hexLength) {
            this.prefix = prefix;
            this.jcaName = jcaName;
            this.hexLength = hexLength;
        }

        public String prefix() {
            return prefix;
        }

        public String jcaName() {
            return jcaName;
        }

        public int hexLength() {
            return hexLength;
        }

        public static Algorithm fromName(String name) {
            String normalized = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            for (Algorithm algorithm : values()) {
                if (algorithm.prefix.equals(normalized)) {
                    return algorithm;
                }
            }
            throw new IllegalArgumentException("Unsupported digest algorithm '" + name + "': expected sha256, sha384 or sha512");
        }
    }

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != algorithm.hexLength() || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("Not a " + algorithm.prefix() + " digest: expected "
                    + algorithm.hexLength() + " hex characters, got '" + abbreviate(hex) + "'");
        }
    }

    public static Digest sha256(String hex) {
        return new Digest(Algorithm.SHA256, hex);
    }

    /** Parses {@code sha256:HEX} or {@code sha512:HEX}. */
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Not a digest: expected ALGORITHM:HEX, got '" + abbreviate(text) + "'");
        }
        return new Digest(Algorithm.fromName(text.substring(0, colon)), text.substring(colon + 1));
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    @Override
    public String toString() {
        return algorithm.prefix() + ":" + hex;
    }
}
