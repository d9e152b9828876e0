package io.jenkins.plugins.promotiongates.engine.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Edits segment files the way an attacker with file access would. */
final class TamperedFiles {
    private TamperedFiles() {
    }

    static List<Long> frameOffsets(Path segment) throws IOException {
        byte[] data = Files.readAllBytes(segment);
        List<Long> offsets = new ArrayList<>();
        int offset = SegmentFile.MAGIC.length;
        while (offset + SegmentFile.FRAME_HEADER <= data.length && SegmentFile.readInt(data, offset) != 0) {
            offsets.add((long) offset);
            offset += SegmentFile.FRAME_HEADER + SegmentFile.readInt(data, offset);
        }
        return offsets;
    }

    static void flipByte(Path segment, long offset) throws IOException {
        byte[] data = Files.readAllBytes(segment);
        data[(int) offset] ^= 0x01;
        Files.write(segment, data);
    }

    /** Frames of the segment as separate byte arrays (header included). */
    static List<byte[]> frames(Path segment) throws IOException {
        byte[] data = Files.readAllBytes(segment);
        List<byte[]> frames = new ArrayList<>();
        for (long offset : frameOffsets(segment)) {
            int length = SegmentFile.readInt(data, (int) offset);
            frames.add(Arrays.copyOfRange(data, (int) offset, (int) offset + SegmentFile.FRAME_HEADER + length));
        }
        return frames;
    }

    static void writeFrames(Path segment, List<byte[]> frames) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(SegmentFile.MAGIC);
        for (byte[] frame : frames) {
            out.write(frame);
        }
        Files.write(segment, out.toByteArray());
    }

    /** Replaces a frame's event, recomputing the CRC (and the hash, if asked) like a careful attacker. */
    static byte[] forgeFrame(AuditEvent event, boolean rehash) {
        AuditEvent forged = rehash ? event.withHash(CanonicalEncoding.hashHex(event)) : event;
        byte[] canonical = CanonicalEncoding.encode(forged);
        byte[] hash = CanonicalEncoding.parseHash(forged.hash());
        byte[] frame = new byte[SegmentFile.FRAME_HEADER + canonical.length + hash.length];
        System.arraycopy(canonical, 0, frame, SegmentFile.FRAME_HEADER, canonical.length);
        System.arraycopy(hash, 0, frame, SegmentFile.FRAME_HEADER + canonical.length, hash.length);
        int bodyLength = canonical.length + hash.length;
        SegmentFile.writeInt(frame, 0, bodyLength);
        SegmentFile.writeInt(frame, 4, SegmentFile.crc(frame, SegmentFile.FRAME_HEADER, bodyLength));
        return frame;
    }
}
