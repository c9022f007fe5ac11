package io.kvstore.jdbc.remote.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one frame body, checking every length against what is left: a truncated or lying body
 * fails with {@link ProtocolException}, never with an allocation of the declared size. Not thread-safe.
 */
public final class WireIn {
    private final byte[] buf;
    private int pos;
    private final int end;

    public WireIn(byte[] body) {
        this(body, 0, body.length);
    }

    public WireIn(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    private void need(int n) throws ProtocolException {
        if (n < 0 || end - pos < n) {
            throw new ProtocolException("truncated frame: " + n + " more bytes needed, " + (end - pos) + " left");
        }
    }

    public int u8() throws ProtocolException {
        need(1);
        return buf[pos++] & 0xff;
    }

    public boolean bool() throws ProtocolException {
        int v = u8();
        if (v > 1) {
            throw new ProtocolException("bad boolean " + v);
        }
        return v == 1;
    }

    public int u16() throws ProtocolException {
        need(2);
        int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int i32() throws ProtocolException {
        need(4);
        int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long i64() throws ProtocolException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (buf[pos++] & 0xff);
        }
        return v;
    }

    /** A count that must be between 0 and {@code max} (and cannot exceed the bytes left, {@code minBytesEach} each). */
    public int count(int max, int minBytesEach) throws ProtocolException {
        int n = i32();
        if (n < 0 || n > max || (long) n * minBytesEach > end - pos) {
            throw new ProtocolException("bad count " + n);
        }
        return n;
    }

    public byte[] bytes() throws ProtocolException {
        int n = i32();
        if (n == -1) {
            return null;
        }
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public String string() throws ProtocolException {
        int n = i32();
        if (n == -1) {
            return null;
        }
        need(n);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public int remaining() {
        return end - pos;
    }

    /** Fails unless the whole body was read. */
    public void end() throws ProtocolException {
        if (pos != end) {
            throw new ProtocolException((end - pos) + " unexpected bytes at the end of the frame");
        }
    }
}
