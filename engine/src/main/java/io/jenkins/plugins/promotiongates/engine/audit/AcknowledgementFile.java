package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * {@code audit.ack}: the last acknowledged event of a {@link FileAuditStore} (sequence, hash, and where its frame
 * ends). It is the store's commit pointer: written under the writer lock after each group's frames are durable and
 * before any of them is acknowledged, and read by every process that opens the store, which reads the log only up
 * to it (frames after it may be an append still being written). On open, a damaged or missing frame at or below it
 * is not a torn write but a cut, and the store refuses to open.
 *
 * <p>A group's write of this file is not forced: the one fsync of a group is the segment's. The file is forced when
 * a store closes. A crash of the process keeps the write (it is in the page cache); a crash of the machine may lose
 * the newest ones, and then the acknowledgement of every group but the last is still carried by the log itself: a
 * group is only written after the previous one was acknowledged, and its first frame names the hash of the
 * previous group's last event, so damage followed by an intact frame is never taken for a torn tail.
 *
 * <p>Two 64-byte slots, the older one overwritten each time, each with its own CRC32C: a write torn by a crash (or a
 * reader racing a write) damages one slot, and the other still holds the previous acknowledgement.
 */
final class AcknowledgementFile implements Closeable {
    static final String NAME = "audit.ack";
    private static final byte[] MAGIC = {'P', 'G', 'A', 'C', 'K', 0, 0, 1};
    private static final int SLOT = 64;
    private static final int CRC_OFFSET = SLOT - 4;

    /** The last acknowledged event: its sequence and hash, and the segment and offset where its frame ends. */
    @SuppressWarnings("ArrayRecordComponent") // read and written field by field, never compared as a whole
    record Ack(long sequence, byte[] hash, int segment, long end) {
        String describe() {
            return "sequence " + sequence + " (hash " + CanonicalEncoding.hex(hash) + ", ending at "
                    + SegmentFile.path(Path.of(""), segment).getFileName() + "@" + end + ")";
        }

        boolean sameEvent(long otherSequence, byte[] otherHash) {
            return sequence == otherSequence && Arrays.equals(hash, otherHash);
        }
    }

    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT);
    private final ByteBuffer both = ByteBuffer.allocate(2 * SLOT);

    private AcknowledgementFile(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * The newest valid acknowledgement in the directory; null when the file does not exist (a new store, or one
     * written before acknowledgements were recorded).
     *
     * @throws CorruptRecordException when the file exists but neither slot is valid
     */
    @CheckForNull
    static Ack read(Path directory) throws IOException {
        Path file = directory.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        return newest(bytes, bytes.length, file);
    }

    /** Opens (creating it empty if missing) for reading the commit pointer and, under the writer lock, writing it. */
    static AcknowledgementFile open(Path directory) throws IOException {
        return new AcknowledgementFile(FileChannel.open(directory.resolve(NAME), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /**
     * The newest valid acknowledgement, as another process may just have written it; null while the file is empty.
     *
     * @throws CorruptRecordException when the file holds data but neither slot is valid
     */
    @CheckForNull
    synchronized Ack current() throws IOException {
        both.clear();
        while (both.hasRemaining() && channel.read(both, both.position()) > 0) {
            // read both slots
        }
        return newest(both.array(), both.position(), null);
    }

    /**
     * Records the acknowledgement in the older slot, without forcing it (see the class comment); the caller holds
     * the writer lock.
     */
    synchronized void write(Ack ack) throws IOException {
        both.clear();
        while (both.hasRemaining() && channel.read(both, both.position()) > 0) {
            // read both slots to find the older one
        }
        int length = both.position();
        Ack first = length >= SLOT ? decode(both.array(), 0) : null;
        Ack second = length >= 2 * SLOT ? decode(both.array(), SLOT) : null;
        int target = first == null ? 0 : second == null ? 1 : first.sequence() <= second.sequence() ? 0 : 1;
        slot.clear();
        slot.put(MAGIC).putLong(ack.sequence()).putInt(ack.segment()).putLong(ack.end()).put(ack.hash());
        while (slot.position() < CRC_OFFSET) {
            slot.put((byte) 0);
        }
        slot.putInt(SegmentFile.crc(slot.array(), 0, CRC_OFFSET));
        slot.flip();
        long position = (long) target * SLOT;
        while (slot.hasRemaining()) {
            position += channel.write(slot, position);
        }
    }

    /** Makes the acknowledgements written so far (by any process) durable. */
    void force() throws IOException {
        channel.force(false);
    }

    @CheckForNull
    private static Ack newest(byte[] bytes, int length, @CheckForNull Path file) {
        if (length == 0) {
            return null;
        }
        Ack newest = null;
        for (int i = 0; i + SLOT <= length && i < 2 * SLOT; i += SLOT) {
            Ack ack = decode(bytes, i);
            if (ack != null && (newest == null || ack.sequence() > newest.sequence())) {
                newest = ack;
            }
        }
        if (newest == null) {
            throw new CorruptRecordException((file == null ? NAME : file.toString())
                    + " holds no valid acknowledgement record");
        }
        return newest;
    }

    @CheckForNull
    private static Ack decode(byte[] bytes, int offset) {
        if (!Arrays.equals(bytes, offset, offset + MAGIC.length, MAGIC, 0, MAGIC.length)
                || SegmentFile.readInt(bytes, offset + CRC_OFFSET) != SegmentFile.crc(bytes, offset, CRC_OFFSET)) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset + MAGIC.length, SLOT - MAGIC.length);
        long sequence = buffer.getLong();
        int segment = buffer.getInt();
        long end = buffer.getLong();
        byte[] hash = new byte[CanonicalEncoding.HASH_LENGTH];
        buffer.get(hash);
        return new Ack(sequence, hash, segment, end);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
