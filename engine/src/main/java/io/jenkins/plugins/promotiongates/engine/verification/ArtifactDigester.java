package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams an artifact once through SHA-256 or SHA-512 in constant memory. In Jenkins this runs where the file is
 * (on the agent); only the resulting {@link Digest} travels to the controller.
 */
public final class ArtifactDigester {
    /** Large enough to amortise system calls, small enough to stay in L2 cache while the digest reads it. */
    private static final int BUFFER_SIZE = 256 * 1024;

    private ArtifactDigester() {
    }

    /** Digests a file through a {@link FileChannel} and one direct buffer, whatever the file size. */
    public static Digest digest(Path file, Digest.Algorithm algorithm) throws IOException {
        MessageDigest messageDigest = newMessageDigest(algorithm);
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                messageDigest.update(buffer);
                buffer.clear();
            }
        }
        return toDigest(algorithm, messageDigest);
    }

    /** Digests a stream to its end; the caller closes it. */
    public static Digest digest(InputStream input, Digest.Algorithm algorithm) throws IOException {
        MessageDigest messageDigest = newMessageDigest(algorithm);
        byte[] buffer = new byte[BUFFER_SIZE];
        int read;
        while ((read = input.read(buffer)) >= 0) {
            messageDigest.update(buffer, 0, read);
        }
        return toDigest(algorithm, messageDigest);
    }

    /** Digests bytes already in memory (small payloads such as DSSE envelopes). */
    public static Digest digest(byte[] bytes, Digest.Algorithm algorithm) {
        MessageDigest messageDigest = newMessageDigest(algorithm);
        messageDigest.update(bytes);
        return toDigest(algorithm, messageDigest);
    }

    static MessageDigest newMessageDigest(Digest.Algorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + algorithm.jcaName() + ", which every Java 17 JDK has", e);
        }
    }

    private static Digest toDigest(Digest.Algorithm algorithm, MessageDigest messageDigest) {
        return new Digest(algorithm, HexFormat.of().formatHex(messageDigest.digest()));
    }
}
