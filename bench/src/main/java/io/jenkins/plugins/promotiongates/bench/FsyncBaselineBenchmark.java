package io.jenkins.plugins.promotiongates.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Baseline for "embedded ledger durable append, 8 concurrent writers ≥ 20,000 appends/s": a naive durable log
 * where every append writes one record and then forces it to disk ({@link FileChannel#force(boolean)}) before
 * it returns, with no group commit. Write and force happen under one lock, as in a log that must keep records
 * contiguous and acknowledge each one only once it is durable, so the appends serialize on the fsync.
 *
 * <p>The file must be on a real disk: on tmpfs {@code force} is free and the figure means nothing. By default
 * it is created under {@code bench/target} (run.sh's working directory is the repository root); {@code -p dir=…}
 * moves it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FsyncBaselineBenchmark {
    /** A record about the size of a serialized ledger event (ids, digest, outcome, reasons). */
    static final int RECORD_BYTES = 256;

    @Param({"bench/target"})
    public String dir;

    private Path file;
    private FileChannel channel;
    private final AtomicLong sequence = new AtomicLong();
    private final Object appendLock = new Object();

    @State(Scope.Thread)
    public static class Writer {
        private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD_BYTES);
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path directory = Paths.get(dir).toAbsolutePath();
        Files.createDirectories(directory);
        file = Files.createTempFile(directory, "fsync-bench-", ".log");
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    @Threads(8)
    public long fsyncPerAppend8Writers(Writer writer) throws IOException {
        return append(writer);
    }

    @Benchmark
    @Threads(1)
    public long fsyncPerAppend1Writer(Writer writer) throws IOException {
        return append(writer);
    }

    private long append(Writer writer) throws IOException {
        long seq = sequence.incrementAndGet();
        ByteBuffer record = writer.record;
        record.clear();
        byte[] header = ("{\"seq\":" + seq + ",\"event\":\"").getBytes(StandardCharsets.US_ASCII);
        record.put(header);
        while (record.remaining() > 3) {
            record.put((byte) 'x');
        }
        record.put((byte) '"').put((byte) '}').put((byte) '\n');
        record.flip();
        synchronized (appendLock) {
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(false);
        }
        return seq;
    }
}
