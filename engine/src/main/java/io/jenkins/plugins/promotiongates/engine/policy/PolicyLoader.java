package io.jenkins.plugins.promotiongates.engine.policy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads a policy (YAML or JSON) and validates all of it before anything is built: on any error nothing is
 * returned and {@link PolicyValidationException} lists every problem with its file, line and column.
 */
public final class PolicyLoader {
    /** Policies larger than this are refused before parsing. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private PolicyLoader() {
    }

    /**
     * Loads a policy file. Relative paths in it (trusted roots, keys) resolve against the file's directory, and
     * the files they name must exist.
     */
    public static Policy load(Path file) throws PolicyValidationException {
        String name = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw single(name, "the policy is " + size + " bytes; at most " + MAX_BYTES + " are allowed");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw single(name, "cannot read the policy file: " + e);
        }
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw single(name, "the policy is not valid UTF-8");
        }
        Path parent = file.toAbsolutePath().getParent();
        return read(content, bytes, name, parent == null ? Path.of("").toAbsolutePath() : parent, true);
    }

    /**
     * Parses policy text, e.g. inline YAML from the Jenkins configuration page. Relative paths resolve against the
     * directory of {@code sourceName} when it is a path, otherwise the working directory; files are not checked
     * for existence (the verifier fails closed if one is missing).
     */
    public static Policy parse(String content, String sourceName) throws PolicyValidationException {
        Path base;
        try {
            Path parent = Path.of(sourceName).toAbsolutePath().getParent();
            base = parent == null ? Path.of("").toAbsolutePath() : parent;
        } catch (InvalidPathException e) {
            base = Path.of("").toAbsolutePath();
        }
        return parse(content, sourceName, base);
    }

    /** Parses policy text with relative paths resolved against {@code baseDirectory}. */
    public static Policy parse(String content, String sourceName, Path baseDirectory)
            throws PolicyValidationException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw single(sourceName, "the policy is " + bytes.length + " bytes; at most " + MAX_BYTES
                    + " are allowed");
        }
        return read(content, bytes, sourceName, baseDirectory, false);
    }

    private static Policy read(String content, byte[] bytes, String sourceName, Path baseDirectory,
            boolean checkFiles) throws PolicyValidationException {
        List<PolicyError> errors = new ArrayList<>();
        PolicyNode root = new TreeParser(sourceName, errors).parse(content);
        if (root == null) {
            throw new PolicyValidationException(errors);
        }
        Policy policy = new PolicyReader(sourceName, baseDirectory, checkFiles, errors).read(root, sha256(bytes));
        errors.sort(Comparator.comparingInt((PolicyError error) -> error.location().line())
                .thenComparingInt(error -> error.location().column()));
        if (!errors.isEmpty() || policy == null) {
            throw new PolicyValidationException(errors.isEmpty()
                    ? List.of(new PolicyError(new Location(sourceName, 1, 1), "", "the policy is invalid", List.of()))
                    : errors);
        }
        return policy;
    }

    private static PolicyValidationException single(String sourceName, String message) {
        return new PolicyValidationException(List.of(new PolicyError(new Location(sourceName, 1, 1), "", message,
                List.of())));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
