package io.kvstore.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Positional whole-buffer reads and writes on a {@link FileChannel} (which may transfer fewer bytes than asked),
 * and a file copy through a {@link FileLayer}. Stateless and thread-safe.
 */
public final class FileIo {
    private static final int COPY_CHUNK = 1 << 16;

    private FileIo() {
    }

    /** Writes {@code len} bytes of {@code b} at file position {@code pos}, looping until all are written. */
    public static void writeFully(FileChannel ch, long pos, byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    /**
     * Reads exactly {@code len} bytes at file position {@code pos} into {@code b}.
     *
     * @throws EOFException if the file ends first
     */
    public static void readFully(FileChannel ch, long pos, byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException("end of file at " + pos + " with " + buf.remaining() + " bytes still to read");
            }
            pos += n;
        }
    }

    /**
     * Copies the first {@code length} bytes of {@code from} into a new file {@code to} (replacing it) and forces
     * it. Does not sync the directory.
     */
    public static void copy(FileLayer fs, Path from, Path to, long length) throws IOException {
        try (FileChannel in = fs.open(from, false, true); FileChannel out = fs.open(to, true, false)) {
            out.truncate(0);
            byte[] chunk = new byte[(int) Math.min(COPY_CHUNK, Math.max(length, 1))];
            for (long pos = 0; pos < length; ) {
                int n = (int) Math.min(chunk.length, length - pos);
                readFully(in, pos, chunk, 0, n);
                writeFully(out, pos, chunk, 0, n);
                pos += n;
            }
            out.force(true);
        }
    }
}
