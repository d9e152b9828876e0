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
 * ends), written and made durable after each group's frames are durable and before any of them is acknowledged. On
 * open, a damaged or missing frame at or below it is not a torn write but a cut, and the store refuses to open.
 *
 * <p>Two 64-byte slots, written alternately, each with its own CRC32C: a write torn by a crash damages one slot,
 * and the other still holds the previous acknowledgement (the store never acknowledged beyond it).
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
    }

    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT);
    private int next;

    private AcknowledgementFile(FileChannel channel, int next) {
        this.channel = channel;
        this.next = next;
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
        Ack newest = null;
        for (int i = 0; i + SLOT <= bytes.length && i < 2 * SLOT; i += SLOT) {
            Ack ack = decode(bytes, i);
            if (ack != null && (newest == null || ack.sequence() > newest.sequence())) {
                newest = ack;
            }
        }
        if (newest == null) {
            throw new CorruptRecordException(file + " holds no valid acknowledgement record");
        }
        return newest;
    }

    /** Opens (creating it with {@code current} if missing) for the writer; the first write goes to the older slot. */
    static AcknowledgementFile open(Path directory, @CheckForNull Ack found, Ack current) throws IOException {
        Path file = directory.resolve(NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        AcknowledgementFile acks = new AcknowledgementFile(channel, 0);
        try {
            if (created || found == null || !Arrays.equals(found.hash(), current.hash())
                    || found.sequence() != current.sequence()) {
                acks.write(current);
                acks.write(current);
            } else {
                // Keep the slot holding the current acknowledgement; overwrite the other one first.
                byte[] bytes = Files.readAllBytes(file);
                Ack first = bytes.length >= SLOT ? decode(bytes, 0) : null;
                acks.next = first != null && first.sequence() == current.sequence() ? 1 : 0;
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return acks;
    }

    /** Records and makes durable the acknowledgement; returns only after {@code force}. */
    void write(Ack ack) throws IOException {
        slot.clear();
        slot.put(MAGIC).putLong(ack.sequence()).putInt(ack.segment()).putLong(ack.end()).put(ack.hash());
        while (slot.position() < CRC_OFFSET) {
            slot.put((byte) 0);
        }
        slot.putInt(SegmentFile.crc(slot.array(), 0, CRC_OFFSET));
        slot.flip();
        long position = (long) next * SLOT;
        while (slot.hasRemaining()) {
            position += channel.write(slot, position);
        }
        channel.force(false);
        next = 1 - next;
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
