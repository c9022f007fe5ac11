package io.kvstore.engine.wal;

import io.kvstore.engine.io.FileIo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Buffered positional reads over one file of known size: a sliding window for small reads at nearby offsets
 * (frame headers, the byte-by-byte scan after damage), direct reads for large ones. Not thread-safe.
 */
final class SegmentInput {
    static final int WINDOW = 64 << 10;

    private final FileChannel ch;
    private final long size;
    private final byte[] window = new byte[WINDOW];
    private long windowStart;
    private int windowLen;

    SegmentInput(FileChannel ch, long size) {
        this.ch = ch;
        this.size = size;
    }

    long size() {
        return size;
    }

    byte[] window() {
        return window;
    }

    /**
     * Makes {@code [pos, pos + n)} available in {@link #window()} and returns its offset there. Requires
     * {@code n <= WINDOW} and {@code pos + n <= size}.
     */
    int at(long pos, int n) throws IOException {
        if (pos < windowStart || pos + n > windowStart + windowLen) {
            windowStart = pos;
            windowLen = (int) Math.min(WINDOW, size - pos);
            FileIo.readFully(ch, pos, window, 0, windowLen);
        }
        return (int) (pos - windowStart);
    }

    /** Reads {@code len} bytes at {@code pos} (which must lie within the file). */
    byte[] read(long pos, int len) throws IOException {
        byte[] out = new byte[len];
        if (len <= WINDOW) {
            System.arraycopy(window, at(pos, len), out, 0, len);
        } else {
            FileIo.readFully(ch, pos, out, 0, len);
        }
        return out;
    }

    /** Feeds {@code len} bytes at {@code pos} to {@code crc}, through the window. */
    void update(CRC32C crc, long pos, long len) throws IOException {
        while (len > 0) {
            int n = (int) Math.min(len, WINDOW);
            crc.update(window, at(pos, n), n);
            pos += n;
            len -= n;
        }
    }

    /** The offset of the first non-zero byte at or after {@code from}, or {@link #size()} if there is none. */
    long nextNonZero(long from) throws IOException {
        for (long pos = from; pos < size; ) {
            int n = (int) Math.min(WINDOW, size - pos);
            int off = at(pos, n);
            for (int i = 0; i < n; i++) {
                if (window[off + i] != 0) {
                    return pos + i;
                }
            }
            pos += n;
        }
        return size;
    }

    /** Whether every byte of the file is zero. */
    boolean allZero() throws IOException {
        return nextNonZero(0) == size;
    }
}
