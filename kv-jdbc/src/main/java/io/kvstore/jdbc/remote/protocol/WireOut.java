package io.kvstore.jdbc.remote.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A frame being written: a growable byte array that starts with room for the 4-byte length, filled in by
 * {@link #finish()}. Big-endian. Reusable after {@link #reset}. Not thread-safe.
 */
public final class WireOut {
    private byte[] buf;
    private int pos;

    public WireOut(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
        pos = 4;
    }

    /** Starts a new frame whose body begins with {@code op}. */
    public WireOut reset(byte op) {
        if (buf.length > (4 << 20)) {
            buf = new byte[64 * 1024]; // do not keep a huge buffer after one big frame
        }
        pos = 4;
        return u8(op);
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            long want = Math.max((long) buf.length * 2, (long) pos + n);
            if (want > Integer.MAX_VALUE - 16) {
                want = Integer.MAX_VALUE - 16;
                if (want < (long) pos + n) {
                    throw new IllegalStateException("frame too large");
                }
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    public WireOut u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireOut bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public WireOut u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireOut i32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireOut i64(long v) {
        ensure(8);
        for (int s = 56; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
        return this;
    }

    /** Length (-1 for null) then the bytes. */
    public WireOut bytes(byte[] b) {
        if (b == null) {
            return i32(-1);
        }
        return bytes(b, 0, b.length);
    }

    public WireOut bytes(byte[] b, int off, int len) {
        i32(len);
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** UTF-8 length (-1 for null) then the bytes; ASCII text is copied without an intermediate array. */
    public WireOut string(String s) {
        if (s == null) {
            return i32(-1);
        }
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = s.charAt(i) < 0x80;
        }
        if (!ascii) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }
        i32(n);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Body bytes written so far (the op included). */
    public int bodyLength() {
        return pos - 4;
    }

    /** Fills in the length; the frame is {@code array()[0 .. size())}. */
    public WireOut finish() {
        int len = pos - 4;
        buf[0] = (byte) (len >>> 24);
        buf[1] = (byte) (len >>> 16);
        buf[2] = (byte) (len >>> 8);
        buf[3] = (byte) len;
        return this;
    }

    public byte[] array() {
        return buf;
    }

    /** Whole frame size, length prefix included. */
    public int size() {
        return pos;
    }
}
