package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;

/**
 * The embedded default store: append-only segment files in one directory ({@code JENKINS_HOME/promotion-gates/} in
 * Jenkins), owned by one process through a file lock.
 *
 * <p>Appends go through one writer thread that does group commit: it takes every append waiting in its queue,
 * links them into the chain, writes them with one write and makes them durable with one {@code fsync}, then updates
 * the in-memory indexes and acknowledges them. Concurrent appenders therefore share fsyncs. A batch
 * ({@link #appendAll}) is one queued request: linked as a whole or refused as a whole, and written with its group.
 * An append returns only after its fsync; after an I/O error the store refuses every further append (the file state is unknown) until it
 * is reopened, which cuts any torn tail.
 *
 * <p>Opening replays and verifies every segment (the whole hash chain), rebuilds the indexes, and cuts a torn tail
 * of the last segment (reported in {@link #recoveryReport()}). Damage anywhere else, or a broken chain, makes the
 * store refuse to open: gates then deny, and {@link ChainVerifier#verifyDirectory} names the broken link.
 */
public final class FileAuditStore implements AuditStore {
    static final long DEFAULT_SEGMENT_BYTES = 256L * 1024 * 1024;
    private static final int MAX_BATCH = 512;
    private static final int MAX_BATCH_BYTES = 8 * 1024 * 1024;
    private static final long MAX_GATHER_NANOS = 100_000;
    private static final String LOCK_FILE = "audit.lock";
    private static final long POSITION_BITS = 40;
    /**
     * Zeros written ahead of the log: the file grows by its own size, at least 64 KiB and at most 4 MiB at a time.
     * Writing into space that already holds (zero) data lets {@code force(false)} skip the journal commit of a new
     * file size and new extents, which made a durable append about a third cheaper on ext4 (115 to 77 µs).
     */
    private static final long MIN_PREALLOCATION = 64 * 1024;
    private static final long MAX_PREALLOCATION = 4 * 1024 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();
    private static final Logger LOGGER = Logger.getLogger(FileAuditStore.class.getName());
    /** Where the bytes of a cut tail are kept for an admin, under the store directory. */
    static final String RECOVERED = "recovered";

    private final Path directory;
    private final Clock clock;
    private final long maxSegmentBytes;
    /** Wraps the channel of each segment written to (tests inject disk faults here; production: identity). */
    private final java.util.function.UnaryOperator<FileChannel> segmentChannels;
    private final FileChannel lockChannel;
    /** Held while the store is open; closing the lock channel releases it. */
    @SuppressWarnings("UnusedVariable") // referenced so that the lock lives as long as the store
    private final FileLock lock;
    private final RecoveryReport recoveryReport;

    /** Readers of stored records, one per segment; RandomAccessFile because interrupts do not close it. */
    private final List<RandomAccessFile> readers = new CopyOnWriteArrayList<>();
    private final ReadWriteLock indexLock = new ReentrantReadWriteLock();
    /** The last acknowledged event, made durable before each acknowledgement; see {@link AcknowledgementFile}. */
    private AcknowledgementFile acknowledgements;
    /** Guarded by indexLock. */
    private final EventIndex index = new EventIndex();
    /** Frame positions by sequence - 1: segment number in the high bits, offset in the low 40 bits. */
    private final EventIndex.LongList positions = new EventIndex.LongList();

    private final Object lifecycle = new Object();
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private boolean closed;
    private final Thread writer;

    // Writer-thread state: the chain head including appends not yet durable.
    private FileChannel segment;
    private int segmentNumber;
    private long writePosition;
    /** The segment's size: zeros from writePosition up to here. */
    private long allocatedEnd;
    private long nextSequence;
    private byte[] headHash;
    private byte[] replayedHeadHash = new byte[CanonicalEncoding.HASH_LENGTH];
    private Instant headTime;
    @CheckForNull
    private String headPolicy;
    @CheckForNull
    private volatile IOException failure;
    private final CanonicalEncoding.Writer frames = new CanonicalEncoding.Writer(64 * 1024);
    /** The index entries of the events in {@code frames}, applied once they are durable. */
    private final List<EventIndex.Entry> entries = new ArrayList<>();
    /** Queued requests the writer waits for before its next group (see {@link #gather()}); 0: do not wait. */
    private int gatherTarget;
    private long lastForceNanos;
    private final MessageDigest sha256 = CanonicalEncoding.sha256();

    /** Opens (or creates) the store in the directory with the default segment size. */
    public FileAuditStore(Path directory, Clock clock) {
        this(directory, clock, DEFAULT_SEGMENT_BYTES);
    }

    FileAuditStore(Path directory, Clock clock, long maxSegmentBytes) {
        this(directory, clock, maxSegmentBytes, java.util.function.UnaryOperator.identity());
    }

    FileAuditStore(Path directory, Clock clock, long maxSegmentBytes,
            java.util.function.UnaryOperator<FileChannel> segmentChannels) {
        this.directory = directory.toAbsolutePath();
        this.clock = clock;
        this.maxSegmentBytes = maxSegmentBytes;
        this.segmentChannels = segmentChannels;
        try {
            Files.createDirectories(this.directory);
            lockChannel = FileChannel.open(this.directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreUnavailableException("Cannot open the audit store directory " + this.directory + ": " + e, e);
        }
        try {
            lock = acquireLock();
            recoveryReport = replay();
            headHash = replayedHeadHash;
            headTime = index.lastTime();
            nextSequence = index.lastSequence() + 1;
            headPolicy = index.policy().map(PolicyVersion::hash).orElse(null);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            if (e instanceof StoreUnavailableException unavailable) {
                throw unavailable;
            }
            throw new StoreUnavailableException("Cannot open the audit store in " + this.directory + ": " + e, e);
        }
        writer = new Thread(this::writeLoop, "promotion-gates audit writer " + this.directory.getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    private FileLock acquireLock() throws IOException {
        try {
            FileLock acquired = lockChannel.tryLock();
            if (acquired == null) {
                throw new StoreUnavailableException("The audit store in " + directory
                        + " is locked by another process (only one Jenkins controller or CLI may write it)");
            }
            return acquired;
        } catch (OverlappingFileLockException e) {
            throw new StoreUnavailableException("The audit store in " + directory + " is already open in this JVM", e);
        }
    }

    /** What opening found: events replayed, torn tail cut. */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    public Path directory() {
        return directory;
    }

    // ---------------------------------------------------------------- open: replay, verify, cut a torn tail

    private RecoveryReport replay() throws IOException {
        List<Path> segments;
        try {
            segments = SegmentFile.list(directory);
        } catch (CorruptRecordException e) {
            throw new StoreUnavailableException("The audit store in " + directory + " is damaged: " + e.getMessage());
        }
        AcknowledgementFile.Ack acknowledged;
        try {
            acknowledged = AcknowledgementFile.read(directory);
        } catch (CorruptRecordException e) {
            throw new StoreUnavailableException("The audit store in " + directory + " is damaged: " + e.getMessage()
                    + "; run 'audit verify' and restore from backup");
        }
        ChainVerifier verifier = new ChainVerifier();
        List<String> warnings = new ArrayList<>();
        if (acknowledged == null && !segments.isEmpty()) {
            LOGGER.info("Audit store " + directory + " has no acknowledgement record (" + AcknowledgementFile.NAME
                    + "): written before acknowledgements were recorded, or the file was deleted; a damaged tail "
                    + "cannot be told from a cut acknowledged record this time. The record is written now.");
        }
        Path tornSegment = null;
        Path kept = null;
        long tornOffset = -1;
        long discarded = 0;
        long lastEnd = 0;
        for (int i = 0; i < segments.size(); i++) {
            Path file = segments.get(i);
            int number = i + 1;
            boolean last = i == segments.size() - 1;
            long validEnd;
            try (SegmentFile.Reader reader = new SegmentFile.Reader(file)) {
                while (reader.next()) {
                    replayFrame(reader, number, verifier);
                    if (acknowledged != null && index.lastSequence() == acknowledged.sequence()) {
                        checkAcknowledgedHash(reader, acknowledged);
                    }
                }
                validEnd = reader.problem() == null ? reader.dataEnd() : reader.frameOffset();
                if (reader.problem() != null) {
                    if (!last || reader.intactFrameFollows()) {
                        throw new StoreUnavailableException("The audit store in " + directory + " is damaged: "
                                + reader.problem() + " at " + file.getFileName() + "@" + reader.frameOffset()
                                + " with intact records after it; run 'audit verify' and restore from backup");
                    }
                    if (acknowledged != null && index.lastSequence() < acknowledged.sequence()) {
                        // The store acknowledged this frame (or later ones) after making it durable: damage here is
                        // a changed or failing file, never a write torn by a crash.
                        throw new StoreUnavailableException("The audit store in " + directory + " is damaged: "
                                + reader.problem() + " at " + file.getFileName() + "@" + reader.frameOffset()
                                + ", but " + acknowledged.describe() + " was acknowledged; nothing is cut: run "
                                + "'audit verify' and restore from backup");
                    }
                    tornSegment = file;
                    tornOffset = reader.frameOffset();
                    discarded = reader.size() - reader.frameOffset();
                    kept = keepAside(file, tornOffset);
                    warnings.add("Cut a torn tail of " + discarded + " bytes at " + file.getFileName() + "@"
                            + tornOffset + " (" + reader.problem() + "): an append interrupted by a crash, never"
                            + " acknowledged" + (acknowledged == null ? " (unchecked: no acknowledgement record)"
                            : " (acknowledged through " + acknowledged.describe() + ")") + "; its bytes are kept in "
                            + kept);
                }
            }
            if (tornSegment != null) {
                cut(file, validEnd);
            }
            readers.add(new RandomAccessFile(file.toFile(), "r"));
            lastEnd = Math.max(validEnd, SegmentFile.MAGIC.length);
        }
        replayedHeadHash = CanonicalEncoding.parseHash(verifier.report().headHash());
        if (acknowledged != null && index.lastSequence() < acknowledged.sequence()) {
            throw new StoreUnavailableException("The audit store in " + directory + " ends at sequence "
                    + index.lastSequence() + ", but " + acknowledged.describe() + " was acknowledged: acknowledged "
                    + "records were cut off; run 'audit verify' and restore from backup");
        }
        if (segments.isEmpty()) {
            createSegment(1);
        } else {
            segmentNumber = segments.size();
            segment = segmentChannels.apply(FileChannel.open(segments.get(segments.size() - 1),
                    StandardOpenOption.WRITE, StandardOpenOption.READ));
            // Appends continue after the last frame, into space preallocated before a crash if there is any.
            writePosition = lastEnd;
            allocatedEnd = segment.size();
        }
        acknowledgements = AcknowledgementFile.open(directory, acknowledged, new AcknowledgementFile.Ack(
                index.lastSequence(), replayedHeadHash, segmentNumber, writePosition));
        forceDirectory();
        warnings.forEach(warning -> LOGGER.warning("Audit store " + directory + ": " + warning));
        return new RecoveryReport(directory, Math.max(1, segments.size()), index.lastSequence(), tornSegment,
                tornOffset, discarded, kept, warnings);
    }

    private void replayFrame(SegmentFile.Reader reader, int number, ChainVerifier verifier) {
        byte[] buffer = reader.buffer();
        int canonicalLength = reader.bodyLength() - CanonicalEncoding.HASH_LENGTH;
        int hashOffset = reader.bodyStart() + canonicalLength;
        if (!verifier.acceptEncoded(buffer, reader.bodyStart(), canonicalLength, buffer, hashOffset,
                () -> reader.file().getFileName() + "@" + reader.frameOffset())) {
            throw new StoreUnavailableException("The audit chain in " + directory + " is broken: "
                    + verifier.report().summary() + "; run 'audit verify' and restore from backup");
        }
        EventIndex.Entry entry;
        try {
            entry = CanonicalEncoding.decodeForIndex(buffer, reader.bodyStart(), canonicalLength);
        } catch (CorruptRecordException e) {
            throw new StoreUnavailableException("The audit store in " + directory + " has an undecodable record at "
                    + reader.file().getFileName() + "@" + reader.frameOffset() + ": " + e.getMessage(), e);
        }
        index.apply(entry);
        positions.add(position(number, reader.frameOffset()));
    }

    /** The acknowledged event's stored hash must be the one acknowledged: otherwise it was replaced. */
    private void checkAcknowledgedHash(SegmentFile.Reader reader, AcknowledgementFile.Ack acknowledged) {
        int hashOffset = reader.bodyStart() + reader.bodyLength() - CanonicalEncoding.HASH_LENGTH;
        if (!java.util.Arrays.equals(reader.buffer(), hashOffset, hashOffset + CanonicalEncoding.HASH_LENGTH,
                acknowledged.hash(), 0, CanonicalEncoding.HASH_LENGTH)) {
            throw new StoreUnavailableException("The audit store in " + directory + " holds another event at "
                    + reader.file().getFileName() + "@" + reader.frameOffset() + " than " + acknowledged.describe()
                    + ", which was acknowledged; run 'audit verify' and restore from backup");
        }
    }

    /**
     * Copies the bytes about to be cut (without trailing preallocated zeros) to {@code recovered/} and makes the copy
     * durable first, so that an admin can still look at what a crash left behind.
     */
    private Path keepAside(Path file, long from) throws IOException {
        Path folder = Files.createDirectories(directory.resolve(RECOVERED));
        Path kept = folder.resolve(file.getFileName() + "@" + from + ".cut");
        try (FileChannel source = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = source.size();
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(end - from, SegmentFile.MAX_TORN_TAIL));
            while (tail.hasRemaining() && source.read(tail, from + tail.position()) >= 0) {
                // reads until the buffer is full or the file ends
            }
            // Preallocated zeros after the data are left out, up to the page the data ends in.
            int nonZero = tail.position();
            while (nonZero > 0 && tail.get(nonZero - 1) == 0) {
                nonZero--;
            }
            int length = (int) Math.min(tail.position(), (nonZero + 4095L) / 4096 * 4096);
            try (FileChannel copy = FileChannel.open(kept, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                copy.write(ByteBuffer.wrap(tail.array(), 0, length), 0);
                copy.force(true);
            }
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; NTFS journals the entry itself.
        }
        return kept;
    }

    /** Cuts the torn tail and makes the cut durable before anything new is written after it. */
    private static void cut(Path file, long validEnd) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (validEnd < SegmentFile.MAGIC.length) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(SegmentFile.MAGIC), 0);
            } else {
                channel.truncate(validEnd);
            }
            channel.force(true);
        }
    }

    private void createSegment(int number) throws IOException {
        Path file = SegmentFile.path(directory, number);
        FileChannel channel = segmentChannels.apply(FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, StandardOpenOption.READ));
        channel.write(ByteBuffer.wrap(SegmentFile.MAGIC), 0);
        channel.force(true);
        forceDirectory();
        FileChannel previous = segment;
        segment = channel;
        segmentNumber = number;
        writePosition = SegmentFile.MAGIC.length;
        allocatedEnd = SegmentFile.MAGIC.length;
        readers.add(new RandomAccessFile(file.toFile(), "r"));
        if (previous != null) {
            previous.close();
        }
    }

    /** Makes a new file's directory entry durable (a no-op where directories cannot be opened, e.g. Windows). */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; NTFS journals the entry itself.
        }
    }

    private static long position(int segmentNumber, long offset) {
        return ((long) segmentNumber << POSITION_BITS) | offset;
    }

    // ---------------------------------------------------------------- appends: group commit

    /**
     * One append, unique append, policy record or batch: its events are linked and made durable together. The
     * appender has already encoded them ({@code records}, one after the other, record i ending at {@code ends[i]}),
     * so that the writer thread, which every append waits for, only fills in the chain fields and hashes.
     */
    @SuppressWarnings("ArrayRecordComponent") // a hand-over between two threads, never compared
    private record Request(List<NewEvent> events, byte[] records, int[] ends, Kind kind,
            CompletableFuture<List<Link>> result) {
    }

    /** What the writer assigned to one event; the appender builds its {@link AuditEvent} from it. */
    @SuppressWarnings("ArrayRecordComponent") // as Request
    private record Link(long sequence, Instant time, byte[] prevHash, byte[] hash) {
    }

    private enum Kind {
        APPEND,
        UNIQUE,
        POLICY,
        STOP
    }

    @Override
    public AuditEvent append(NewEvent event) {
        StoreRules.checkUniqueKey(event, false);
        List<NewEvent> events = List.of(event);
        return stored(events, await(submit(events, Kind.APPEND))).get(0);
    }

    @Override
    public List<AuditEvent> appendAll(List<NewEvent> events) {
        StoreRules.checkBatch(events);
        if (events.isEmpty()) {
            return List.of();
        }
        List<NewEvent> batch = List.copyOf(events);
        return stored(batch, await(submit(batch, Kind.APPEND)));
    }

    @Override
    public List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
        StoreRules.uniqueKeysOf(events);
        if (events.isEmpty()) {
            return List.of();
        }
        List<NewEvent> batch = List.copyOf(events);
        try {
            return stored(batch, await(submit(batch, Kind.UNIQUE)));
        } catch (DuplicateCarrier carrier) {
            throw carrier.duplicate;
        }
    }

    @Override
    public AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
        StoreRules.checkUniqueKey(event, true);
        List<NewEvent> events = List.of(event);
        try {
            return stored(events, await(submit(events, Kind.UNIQUE))).get(0);
        } catch (DuplicateCarrier carrier) {
            throw carrier.duplicate;
        }
    }

    @Override
    public PolicyVersion recordPolicy(String hash, String content, String author) {
        await(submit(List.of(StoreRules.policyEvent(hash, content, author)), Kind.POLICY));
        return currentPolicy().orElseThrow(() -> new IllegalStateException("policy recorded but not indexed"));
    }

    /** Encodes the events in the caller's thread (refusing the whole request if one is too large) and queues them. */
    private CompletableFuture<List<Link>> submit(List<NewEvent> events, Kind kind) {
        CanonicalEncoding.Writer encoder = new CanonicalEncoding.Writer(512 * events.size());
        int[] ends = new int[events.size()];
        for (int i = 0; i < events.size(); i++) {
            int start = encoder.size();
            encoder.writeUnlinked(events.get(i));
            int bodyLength = encoder.size() - start + CanonicalEncoding.HASH_LENGTH;
            if (bodyLength > SegmentFile.MAX_BODY) {
                throw new IllegalArgumentException("event is " + bodyLength + " bytes; at most " + SegmentFile.MAX_BODY
                        + " are allowed");
            }
            ends[i] = encoder.size();
        }
        CompletableFuture<List<Link>> result = new CompletableFuture<>();
        synchronized (lifecycle) {
            if (closed) {
                throw new StoreUnavailableException("The audit store in " + directory + " is closed");
            }
            queue.add(new Request(events, encoder.buffer(), ends, kind, result));
        }
        return result;
    }

    /** The stored events, built in the appender's thread from what the writer assigned. */
    private static List<AuditEvent> stored(List<NewEvent> events, List<Link> links) {
        List<AuditEvent> stored = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            Link link = links.get(i);
            stored.add(AuditEvent.linked(events.get(i), link.sequence(), link.time(),
                    CanonicalEncoding.hex(link.prevHash()), CanonicalEncoding.hex(link.hash())));
        }
        return List.copyOf(stored);
    }

    /** Waits for durability; an interrupt does not cut the wait short (the append may already be on disk). */
    private static List<Link> await(CompletableFuture<List<Link>> result) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof StoreUnavailableException unavailable) {
                        throw new StoreUnavailableException(unavailable.getMessage(), unavailable);
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new StoreUnavailableException("Audit append failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeLoop() {
        List<Request> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            batch.clear();
            gather();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() may stop the writer; it does so with a STOP request.
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stop = batch.stream().anyMatch(request -> request.kind() == Kind.STOP);
            try {
                writeBatch(batch);
            } catch (RuntimeException | Error e) {
                // Never let the writer die with appenders waiting: fail them and refuse further appends.
                IOException cause = new IOException("the audit writer failed unexpectedly: " + e, e);
                failure = cause;
                for (Request request : batch) {
                    request.result().completeExceptionally(unavailable(cause));
                }
            }
        }
    }

    /**
     * After a group of concurrent appends was acknowledged, waits briefly for their appenders to append again, so
     * that they join the requests already queued in one group (one fsync) instead of the next.
     *
     * <p>Without it, appenders that each wait for durability split into two groups that take turns: while one
     * group's fsync runs, the other queues, and the writer takes the queued half as soon as the fsync ends, so the two
     * halves never merge. With 8 writers that was 4.6 appends per fsync, 7.9 with this wait (measured here). The wait
     * ends as soon as as many requests are queued as there were before plus those just acknowledged; it lasts at most
     * {@link #MAX_GATHER_NANOS} and never longer than the last fsync took, and it only follows a group of at least two
     * requests, so a lone appender never makes the writer spin. It yields the processor while it waits: on two cores
     * the appenders it waits for need it.
     */
    @SuppressWarnings("ThreadPriorityCheck") // a spin bounded by the last fsync's time: parking would cost more
    private void gather() {
        int target = Math.min(gatherTarget, MAX_BATCH);
        if (target == 0) {
            return;
        }
        gatherTarget = 0;
        long deadline = System.nanoTime() + Math.min(MAX_GATHER_NANOS, lastForceNanos);
        while (queue.size() < target && System.nanoTime() - deadline < 0) {
            Thread.yield();
        }
    }

    private void writeBatch(List<Request> batch) {
        frames.reset();
        List<Request> accepted = new ArrayList<>(batch.size());
        List<List<Link>> linked = new ArrayList<>(batch.size());
        Map<String, Long> batchKeys = new HashMap<>();
        IOException failed = failure;
        for (Request request : batch) {
            List<NewEvent> events = request.events();
            if (request.kind() == Kind.STOP || events.isEmpty()) {
                request.result().complete(List.of());
                continue;
            }
            if (failed != null) {
                request.result().completeExceptionally(unavailable(failed));
                continue;
            }
            NewEvent first = events.get(0);
            if (request.kind() == Kind.POLICY && first.policyHash() != null && first.policyHash().equals(headPolicy)) {
                request.result().complete(List.of());
                continue;
            }
            if (request.kind() == Kind.UNIQUE) {
                DuplicateEventException duplicate = null;
                for (NewEvent event : events) {
                    Long existing = event.uniqueKey() == null ? null : batchKeys.get(event.uniqueKey());
                    if (existing == null && event.uniqueKey() != null) {
                        existing = index.sequenceOfUniqueKey(event.uniqueKey());
                    }
                    if (existing != null) {
                        duplicate = new DuplicateEventException(event.uniqueKey(), existing);
                        break;
                    }
                }
                if (duplicate != null) {
                    request.result().completeExceptionally(new DuplicateCarrier(duplicate));
                    continue;
                }
            }
            List<Link> stored = linkAll(request);
            if (stored == null) {
                continue;
            }
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).uniqueKey() != null) {
                    batchKeys.put(events.get(i).uniqueKey(), stored.get(i).sequence());
                }
            }
            accepted.add(request);
            linked.add(stored);
            if (frames.size() >= MAX_BATCH_BYTES) {
                failed = flushAndAcknowledge(accepted, linked);
                accepted.clear();
                linked.clear();
            }
        }
        flushAndAcknowledge(accepted, linked);
    }

    /**
     * Links and frames every event of a request, or none: if one is refused (stale policy, incomplete policy
     * event), the writer's chain head and the frame buffer go back to where they were before the request, and the
     * request fails.
     */
    @CheckForNull
    private List<Link> linkAll(Request request) {
        int frameMark = frames.size();
        int entryMark = entries.size();
        long sequenceMark = nextSequence;
        byte[] hashMark = headHash;
        Instant timeMark = headTime;
        String policyMark = headPolicy;
        List<NewEvent> events = request.events();
        List<Link> links = new ArrayList<>(events.size());
        try {
            int recordStart = 0;
            for (int i = 0; i < events.size(); i++) {
                NewEvent event = events.get(i);
                StoreRules.checkPolicy(event, headPolicy);
                links.add(linkAndFrame(event, request.records(), recordStart, request.ends()[i] - recordStart));
                recordStart = request.ends()[i];
                if (event.type() == AuditEventType.POLICY_CHANGED) {
                    headPolicy = event.policyHash();
                }
            }
            return links;
        } catch (RuntimeException e) {
            frames.truncate(frameMark);
            entries.subList(entryMark, entries.size()).clear();
            nextSequence = sequenceMark;
            headHash = hashMark;
            headTime = timeMark;
            headPolicy = policyMark;
            request.result().completeExceptionally(e);
            return null;
        }
    }

    /**
     * Appends the frame of an event encoded by its appender to the batch buffer, filling in sequence, previous hash
     * and time, and hashing it; advances the writer's chain head.
     */
    private Link linkAndFrame(NewEvent event, byte[] records, int recordStart, int recordLength) {
        Instant time = StoreRules.nextTime(clock, headTime);
        entries.add(EventIndex.Entry.of(event, nextSequence, time));
        int frameStart = frames.size();
        frames.i32(0);
        frames.i32(0);
        int bodyStart = frames.size();
        frames.bytes(records, recordStart, recordLength);
        CanonicalEncoding.link(frames.buffer(), bodyStart, nextSequence, headHash, time);
        byte[] hash = new byte[CanonicalEncoding.HASH_LENGTH];
        sha256.update(frames.buffer(), bodyStart, recordLength);
        try {
            sha256.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 output buffer too small", e);
        }
        frames.bytes(hash);
        int bodyLength = recordLength + CanonicalEncoding.HASH_LENGTH;
        SegmentFile.writeInt(frames.buffer(), frameStart, bodyLength);
        SegmentFile.writeInt(frames.buffer(), frameStart + 4, SegmentFile.crc(frames.buffer(), bodyStart, bodyLength));
        Link link = new Link(nextSequence, time, headHash, hash);
        nextSequence++;
        headHash = hash;
        headTime = time;
        return link;
    }

    /** Writes and fsyncs the buffered frames, then indexes and acknowledges them; returns the failure, if any. */
    @CheckForNull
    private IOException flushAndAcknowledge(List<Request> accepted, List<List<Link>> linkedByRequest) {
        if (accepted.isEmpty()) {
            frames.reset();
            entries.clear();
            return failure;
        }
        long start = writePosition;
        try {
            ByteBuffer data = ByteBuffer.wrap(frames.buffer(), 0, frames.size());
            while (data.hasRemaining()) {
                writePosition += segment.write(data, writePosition);
            }
            if (writePosition > allocatedEnd) {
                preallocate();
            }
            long forceStart = System.nanoTime();
            segment.force(false);
            // Durable frames first, then the acknowledgement of their last event, then the appenders are told.
            acknowledgements.write(new AcknowledgementFile.Ack(nextSequence - 1, headHash, segmentNumber,
                    writePosition));
            lastForceNanos = System.nanoTime() - forceStart;
        } catch (IOException e) {
            failure = e;
            // Reported failed, so it must not become durable: frames written before a failed preallocation or force
            // sit in the page cache and would be read back on the next open. Cut them (truncating frees space even
            // on a full disk); the store stays failed until it is reopened.
            try {
                segment.truncate(start);
                segment.force(true);
            } catch (IOException cutFailed) {
                e.addSuppressed(cutFailed);
            }
            for (Request request : accepted) {
                request.result().completeExceptionally(unavailable(e));
            }
            frames.reset();
            entries.clear();
            return e;
        }
        // counted before the acknowledgements below, so that none of these appenders can be queued again yet
        gatherTarget = accepted.size() >= 2 ? queue.size() + accepted.size() : 0;
        indexLock.writeLock().lock();
        try {
            int offset = 0;
            for (EventIndex.Entry entry : entries) {
                index.apply(entry);
                positions.add(position(segmentNumber, start + offset));
                offset += SegmentFile.FRAME_HEADER + SegmentFile.readInt(frames.buffer(), offset);
            }
        } finally {
            indexLock.writeLock().unlock();
        }
        for (int i = 0; i < accepted.size(); i++) {
            accepted.get(i).result().complete(linkedByRequest.get(i));
        }
        entries.clear();
        frames.reset();
        if (writePosition >= maxSegmentBytes) {
            try {
                trimPreallocation();
                createSegment(segmentNumber + 1);
            } catch (IOException e) {
                failure = e;
                return e;
            }
        }
        return null;
    }

    /** Writes zeros after the frames just written; made durable by the same force as the frames. */
    private void preallocate() throws IOException {
        long target = writePosition + Math.min(MAX_PREALLOCATION, Math.max(MIN_PREALLOCATION, writePosition));
        for (long position = writePosition; position < target; ) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), target - position));
            position += segment.write(zeros, position);
        }
        allocatedEnd = target;
    }

    /**
     * Cuts the unused preallocated zeros off the current segment, so that a full or cleanly closed segment holds
     * exactly its frames (as segments written before preallocation do).
     */
    private void trimPreallocation() throws IOException {
        if (allocatedEnd > writePosition) {
            segment.truncate(writePosition);
            segment.force(true);
            allocatedEnd = writePosition;
        }
    }

    private StoreUnavailableException unavailable(IOException cause) {
        // The cause first and in words: messages are shortened for decisions, and "(java.io.IOException: No spa…"
        // hid the one fact an operator needs.
        String reason = cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new StoreUnavailableException(reason + ": the audit store in " + directory
                + " could not make an append durable; it refuses appends until reopened", cause);
    }

    /** Carries a checked duplicate through the future. */
    private static final class DuplicateCarrier extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient DuplicateEventException duplicate;

        DuplicateCarrier(DuplicateEventException duplicate) {
            super(duplicate.getMessage(), duplicate, false, false);
            this.duplicate = duplicate;
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public List<AuditEvent> byCorrelationId(String correlationId) {
        long[] sequences;
        indexLock.readLock().lock();
        try {
            sequences = index.sequencesOf(correlationId);
        } finally {
            indexLock.readLock().unlock();
        }
        List<AuditEvent> events = new ArrayList<>(sequences.length);
        for (long sequence : sequences) {
            events.add(read(sequence));
        }
        return events;
    }

    @Override
    public Optional<Instant> lastSuccessfulDeployment(Digest digest, String environment) {
        indexLock.readLock().lock();
        try {
            return index.lastSuccessfulDeployment(digest, environment);
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public List<AuditEvent> since(long afterSequence, int limit) {
        long last = lastSequence();
        List<AuditEvent> events = new ArrayList<>();
        for (long sequence = Math.max(afterSequence, 0) + 1; sequence <= last && events.size() < limit; sequence++) {
            events.add(read(sequence));
        }
        return events;
    }

    @Override
    public long lastSequence() {
        indexLock.readLock().lock();
        try {
            return index.lastSequence();
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public long countByActorAndTypeSince(String actor, AuditEventType type, Instant since) {
        indexLock.readLock().lock();
        try {
            return index.countByActorAndTypeSince(actor, type, since);
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public long countDecisionsSince(String actor, Outcome outcome, Instant since) {
        indexLock.readLock().lock();
        try {
            return index.countDecisionsSince(actor, outcome, since);
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public List<String> pendingApprovalCorrelationIds() {
        indexLock.readLock().lock();
        try {
            return index.pendingApprovals();
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public List<String> openBreakGlassReviews() {
        indexLock.readLock().lock();
        try {
            return index.openReviews();
        } finally {
            indexLock.readLock().unlock();
        }
    }

    @Override
    public Optional<AuditEvent> activeQuarantine(String identity) {
        Long sequence;
        indexLock.readLock().lock();
        try {
            sequence = index.activeQuarantine(identity);
        } finally {
            indexLock.readLock().unlock();
        }
        return sequence == null ? Optional.empty() : Optional.of(read(sequence));
    }

    @Override
    public Optional<PolicyVersion> currentPolicy() {
        indexLock.readLock().lock();
        try {
            return index.policy();
        } finally {
            indexLock.readLock().unlock();
        }
    }

    /** Reads one durable event back from its segment. */
    private AuditEvent read(long sequence) {
        long position;
        indexLock.readLock().lock();
        try {
            position = positions.get((int) (sequence - 1));
        } finally {
            indexLock.readLock().unlock();
        }
        int number = (int) (position >>> POSITION_BITS);
        long offset = position & ((1L << POSITION_BITS) - 1);
        RandomAccessFile file = readers.get(number - 1);
        try {
            byte[] body;
            synchronized (file) {
                file.seek(offset);
                int length = file.readInt();
                file.readInt();
                if (length < SegmentFile.MIN_BODY || length > SegmentFile.MAX_BODY) {
                    throw new CorruptRecordException("implausible frame length " + length);
                }
                body = new byte[length];
                file.readFully(body);
            }
            int canonicalLength = body.length - CanonicalEncoding.HASH_LENGTH;
            String hash = CanonicalEncoding.hex(java.util.Arrays.copyOfRange(body, canonicalLength, body.length));
            return CanonicalEncoding.decode(body, 0, canonicalLength, hash);
        } catch (IOException | CorruptRecordException e) {
            throw new StoreUnavailableException("Cannot read audit event " + sequence + " from segment " + number
                    + "@" + offset + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        CompletableFuture<List<Link>> stopped;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            stopped = new CompletableFuture<>();
            queue.add(new Request(List.of(), new byte[0], new int[0], Kind.STOP, stopped));
            closed = true;
        }
        try {
            await(stopped);
        } catch (StoreUnavailableException writerFailed) {
            // the writer already failed; release the files all the same
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (failure == null) {
            try {
                trimPreallocation();
            } catch (IOException e) {
                // the zeros stay; opening treats them as the end of the log
            }
        }
        closeQuietly();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        List<AutoCloseable> resources = new ArrayList<>(readers);
        resources.add(segment);
        resources.add(acknowledgements);
        resources.add(lockChannel);
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // closing what we own; nothing else to do with the error
                }
            }
        }
    }
}
