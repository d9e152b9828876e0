package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure "artifact digest throughput, 1 GiB file": SHA-256 of one file, our digester against a bare JDK loop over
 * the same file in the same run. The report divides the file size by the time per operation.
 *
 * <p>{@code impl=ours} is {@link ArtifactDigester#digest(Path, Digest.Algorithm)}; both implementations read the same
 * file in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DigestBenchmark {
    /** Buffer of the JDK baseline loop: 64 KiB, the common choice for sequential reads. */
    static final int BUFFER_BYTES = 64 * 1024;

    private static final int MIB = 1024 * 1024;

    /** Name of an implementation to the code under test; every value of {@link #impl} must have an entry. */
    private static final Map<String, FileDigester> IMPLEMENTATIONS = Map.of(
            "jdk", DigestBenchmark::jdkSha256,
            "ours", file -> ArtifactDigester.digest(file, Digest.Algorithm.SHA256));

    /** Size of the file in MiB; 1024 for the figure, smaller for a smoke run. */
    @Param({"1024"})
    public int sizeMiB;

    @Param({"jdk", "ours"})
    public String impl;

    /**
     * Where the data file lives. Empty: a fresh temporary file, deleted after the trial. A path: that file is
     * (re)written if its size differs and kept, so that run.sh can time {@code openssl dgst} on the same bytes.
     */
    @Param({""})
    public String dataFile;

    private Path file;
    private boolean temporary;
    private FileDigester digester;

    @FunctionalInterface
    interface FileDigester {
        Object digest(Path file) throws IOException;
    }

    @Setup(Level.Trial)
    public void createFile() throws IOException {
        digester = IMPLEMENTATIONS.get(impl);
        if (digester == null) {
            throw new IllegalArgumentException("Unknown impl '" + impl + "': expected one of " + IMPLEMENTATIONS.keySet());
        }
        long size = (long) sizeMiB * MIB;
        temporary = dataFile.isEmpty();
        file = temporary ? Files.createTempFile("digest-bench-", ".bin") : Paths.get(dataFile).toAbsolutePath();
        if (temporary || !Files.exists(file) || Files.size(file) != size) {
            writeRandomFile(file, sizeMiB);
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        if (temporary) {
            Files.deleteIfExists(file);
        }
    }

    @Benchmark
    public Object digest() throws IOException {
        return digester.digest(file);
    }

    /** The baseline: what anybody would write with the JDK alone. */
    static byte[] jdkSha256(Path file) throws IOException {
        MessageDigest sha256 = newSha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                sha256.update(buffer, 0, read);
            }
        }
        return sha256.digest();
    }

    /**
     * Real bytes, not a sparse file: a sparse file reads zero pages without touching the disk or the page cache
     * the way an artifact does. Pseudo-random data, each MiB different, written once per trial.
     */
    static void writeRandomFile(Path target, int mebibytes) {
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int i = 0; i < mebibytes; i++) {
                for (int j = 0; j < chunk.length; j += Long.BYTES) {
                    long value = random.nextLong();
                    for (int k = 0; k < Long.BYTES; k++) {
                        chunk[j + k] = (byte) (value >>> (k * 8));
                    }
                }
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write benchmark data file " + target, e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
