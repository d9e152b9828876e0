package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The segment file format of {@link FileAuditStore}: an 8-byte header ({@code PGAUDIT} + format version 1), then
 * frames {@code i32 bodyLength | i32 crc32c(body) | body}, where body = canonical bytes + 32-byte SHA-256 hash.
 * The frames may be followed by zeros: space the store preallocated so that a durable append does not have to change
 * the file's size. The log ends at the file's end or at a zero frame header followed only by zeros.
 * This class reads frames sequentially and classifies damage: a torn tail (an incomplete or invalid last write that
 * was never acknowledged) versus corruption (a bad frame followed by valid ones).
 */
final class SegmentFile {
    static final byte[] MAGIC = {'P', 'G', 'A', 'U', 'D', 'I', 'T', 1};
    static final int FRAME_HEADER = 8;
    static final int MIN_BODY = CanonicalEncoding.FIXED_PREFIX + CanonicalEncoding.HASH_LENGTH;
    static final int MAX_BODY = 16 * 1024 * 1024;
    /** A torn tail is at most one group-commit batch; a longer damaged tail is treated as corruption. */
    static final long MAX_TORN_TAIL = 64L * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("segment-(\\d{6})\\.log");

    private SegmentFile() {
    }

    static Path path(Path directory, int number) {
        return directory.resolve(String.format(Locale.ROOT, "segment-%06d.log", number));
    }

    /** Segment files of a directory, by number; they must be numbered 1, 2, 3… without gaps. */
    static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> segments;
        try (Stream<Path> files = Files.list(directory)) {
            segments = files.filter(file -> NAME.matcher(file.getFileName().toString()).matches()).sorted().toList();
        }
        for (int i = 0; i < segments.size(); i++) {
            Matcher matcher = NAME.matcher(segments.get(i).getFileName().toString());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) != i + 1) {
                throw new CorruptRecordException("segment files are not numbered 1.." + segments.size() + ": found "
                        + segments.get(i).getFileName() + " at position " + (i + 1) + " (a segment was deleted?)");
            }
        }
        return segments;
    }

    static int crc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    static int readInt(byte[] data, int offset) {
        return ((data[offset] & 0xff) << 24) | ((data[offset + 1] & 0xff) << 16) | ((data[offset + 2] & 0xff) << 8)
                | (data[offset + 3] & 0xff);
    }

    static void writeInt(byte[] data, int offset, int value) {
        data[offset] = (byte) (value >>> 24);
        data[offset + 1] = (byte) (value >>> 16);
        data[offset + 2] = (byte) (value >>> 8);
        data[offset + 3] = (byte) value;
    }

    /** Sequential frame reader over one segment; {@link #next()} stops at the end or at the first damaged frame. */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final long size;
        private byte[] buffer = new byte[1 << 20];
        private int start;
        private int end;
        /** File offset of {@code buffer[start]}. */
        private long bufferOffset;
        private long frameOffset;
        /** Where the frames end (before any zero-filled space); set when {@link #next()} reached a clean end. */
        private long dataEnd = -1;
        private int bodyStart;
        private int bodyLength;
        @CheckForNull
        private String problem;

        Reader(Path file) throws IOException {
            this(file, 0, Long.MAX_VALUE);
        }

        /**
         * Reads the frames that start at {@code from} (a frame boundary, or 0 for the whole segment) and end at or
         * before {@code limit}: a reader that must not see frames beyond the last committed one stops there.
         */
        Reader(Path file, long from, long limit) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.size = Math.min(channel.size(), limit);
            if (from > 0) {
                // catching up on a few new frames: a small buffer (it grows for a large frame)
                buffer = new byte[64 * 1024];
                bufferOffset = from;
                frameOffset = from;
                return;
            }
            if (!fill(MAGIC.length) || !Arrays.equals(buffer, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                problem = "missing or unknown segment header";
                frameOffset = 0;
                return;
            }
            consume(MAGIC.length);
        }

        /** Reads the next intact frame; false at a clean end or when {@link #problem()} is set. */
        boolean next() throws IOException {
            if (problem != null) {
                return false;
            }
            frameOffset = bufferOffset;
            if (!fill(FRAME_HEADER)) {
                if (end - start > 0 && !zerosToEnd()) {
                    problem = "incomplete frame header (" + (end - start) + " bytes)";
                } else {
                    dataEnd = frameOffset;
                }
                return false;
            }
            int length = readInt(buffer, start);
            if (length == 0 && readInt(buffer, start + 4) == 0) {
                if (zerosToEnd()) {
                    dataEnd = frameOffset;
                } else {
                    problem = "zero frame header followed by non-zero bytes";
                }
                return false;
            }
            if (length < MIN_BODY || length > MAX_BODY) {
                problem = "implausible frame length " + length;
                return false;
            }
            if (!fill(FRAME_HEADER + length)) {
                problem = "frame declares " + length + " bytes but only " + (end - start - FRAME_HEADER) + " follow";
                return false;
            }
            int expectedCrc = readInt(buffer, start + 4);
            if (crc(buffer, start + FRAME_HEADER, length) != expectedCrc) {
                problem = "CRC32C mismatch";
                return false;
            }
            bodyStart = start + FRAME_HEADER;
            bodyLength = length;
            consume(FRAME_HEADER + length);
            return true;
        }

        byte[] buffer() {
            return buffer;
        }

        int bodyStart() {
            return bodyStart;
        }

        int bodyLength() {
            return bodyLength;
        }

        long frameOffset() {
            return frameOffset;
        }

        /** Where the frame read last ends (the next frame's offset). */
        long position() {
            return bufferOffset;
        }

        /** The end of the frames, where the next one is written; only after {@link #next()} ended without a problem. */
        long dataEnd() {
            if (dataEnd < 0 || problem != null) {
                throw new IllegalStateException("the segment was not read to a clean end");
            }
            return dataEnd;
        }

        long size() {
            return size;
        }

        Path file() {
            return file;
        }

        @CheckForNull
        String problem() {
            return problem;
        }

        /** Whether any intact frame starts after the damaged one: then the damage is corruption, not a torn tail. */
        boolean intactFrameFollows() throws IOException {
            long from = frameOffset + 1;
            long tail = size - from;
            if (tail <= 0) {
                return false;
            }
            if (tail > MAX_TORN_TAIL) {
                return true;
            }
            byte[] rest = new byte[(int) tail];
            ByteBuffer target = ByteBuffer.wrap(rest);
            while (target.hasRemaining() && channel.read(target, from + target.position()) >= 0) {
                // keep reading until the tail is in memory
            }
            for (int i = 0; i + FRAME_HEADER + MIN_BODY <= rest.length; i++) {
                int length = readInt(rest, i);
                if (length >= MIN_BODY && length <= rest.length - i - FRAME_HEADER
                        && rest[i + FRAME_HEADER] == CanonicalEncoding.VERSION
                        && crc(rest, i + FRAME_HEADER, length) == readInt(rest, i + 4)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether every byte from the current frame offset to the end of the file is zero (preallocated space). */
        private boolean zerosToEnd() throws IOException {
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            for (long position = frameOffset; position < size; ) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), size - position));
                int read = channel.read(chunk, position);
                if (read <= 0) {
                    return true;
                }
                for (int i = 0; i < read; i++) {
                    if (chunk.get(i) != 0) {
                        return false;
                    }
                }
                position += read;
            }
            return true;
        }

        private void consume(int count) {
            start += count;
            bufferOffset += count;
        }

        /** Makes {@code count} bytes available from {@code start}; false if the file ends first. */
        private boolean fill(int count) throws IOException {
            if (end - start >= count) {
                return true;
            }
            if (count > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(count, buffer.length * 2));
            }
            if (start + count > buffer.length) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            long fileEnd = bufferOffset + (end - start);
            while (end - start < count) {
                // never past the limit: bytes after the last committed frame may be an append still being written
                int room = (int) Math.min(buffer.length - end, size - fileEnd);
                if (room <= 0) {
                    return false;
                }
                int read = channel.read(ByteBuffer.wrap(buffer, end, room), fileEnd);
                if (read <= 0) {
                    return false;
                }
                end += read;
                fileEnd += read;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
