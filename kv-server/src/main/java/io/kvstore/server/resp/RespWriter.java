package io.kvstore.server.resp;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Encodes replies into a {@link ByteBuf} in RESP2 or RESP3, as chosen at construction (a connection's protocol
 * after {@code HELLO}). Where RESP3 has a richer type (null, map, double, boolean, verbatim string) this writer
 * uses it under protocol 3 and the type Redis uses under RESP2 otherwise, so a command writes its reply once.
 *
 * <p>Not thread-safe; the buffer belongs to the caller.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO = ":0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = ":1\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuf buf;
    private final int protocol;

    public RespWriter(ByteBuf buf, int protocol) {
        this.buf = buf;
        this.protocol = protocol;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public int protocol() {
        return protocol;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    public RespWriter ok() {
        buf.writeBytes(OK);
        return this;
    }

    /** A simple string; {@code s} must not contain CR or LF. */
    public RespWriter simple(String s) {
        buf.writeByte('+');
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        buf.writeBytes(CRLF);
        return this;
    }

    /**
     * An error reply. {@code message} starts with its code ({@code ERR ...}, {@code WRONGTYPE ...}); CR and LF
     * in it are replaced by spaces, as Redis does.
     */
    public RespWriter error(String message) {
        buf.writeByte('-');
        buf.writeCharSequence(message.replace('\r', ' ').replace('\n', ' '), StandardCharsets.UTF_8);
        buf.writeBytes(CRLF);
        return this;
    }

    public RespWriter integer(long v) {
        if (v == 0) {
            buf.writeBytes(ZERO);
        } else if (v == 1) {
            buf.writeBytes(ONE);
        } else {
            buf.writeByte(':');
            writeDecimal(v);
            buf.writeBytes(CRLF);
        }
        return this;
    }

    public RespWriter bulk(byte[] b) {
        if (b == null) {
            return nullBulk();
        }
        buf.writeByte('$');
        writeDecimal(b.length);
        buf.writeBytes(CRLF);
        buf.writeBytes(b);
        buf.writeBytes(CRLF);
        return this;
    }

    /** A bulk string of {@code len} bytes of {@code b} from {@code off}, written straight into the reply buffer. */
    public RespWriter bulk(byte[] b, int off, int len) {
        buf.writeByte('$');
        writeDecimal(len);
        buf.writeBytes(CRLF);
        buf.writeBytes(b, off, len);
        buf.writeBytes(CRLF);
        return this;
    }

    public RespWriter bulk(String s) {
        return bulk(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A text block: a verbatim string ({@code txt}) in RESP3, a bulk string in RESP2 (INFO, CLIENT LIST). */
    public RespWriter verbatim(String s) {
        if (!resp3()) {
            return bulk(s);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buf.writeByte('=');
        writeDecimal(b.length + 4);
        buf.writeBytes(CRLF);
        buf.writeCharSequence("txt:", StandardCharsets.US_ASCII);
        buf.writeBytes(b);
        buf.writeBytes(CRLF);
        return this;
    }

    /** The null bulk string ({@code $-1}), or RESP3's null. */
    public RespWriter nullBulk() {
        buf.writeBytes(resp3() ? NULL3 : NULL_BULK);
        return this;
    }

    /** The null array ({@code *-1}: EXEC aborted by WATCH), or RESP3's null. */
    public RespWriter nullArray() {
        buf.writeBytes(resp3() ? NULL3 : NULL_ARRAY);
        return this;
    }

    public RespWriter array(int n) {
        return header('*', n);
    }

    /** A map of {@code n} pairs in RESP3; a flat array of {@code 2n} elements in RESP2. */
    public RespWriter map(int n) {
        return resp3() ? header('%', n) : header('*', 2 * n);
    }

    /** A set in RESP3, an array in RESP2. */
    public RespWriter set(int n) {
        return header(resp3() ? '~' : '*', n);
    }

    /** A double in RESP3; a bulk string in RESP2. */
    public RespWriter dbl(double d) {
        String s = formatDouble(d);
        if (!resp3()) {
            return bulk(s);
        }
        buf.writeByte(',');
        buf.writeCharSequence(s, StandardCharsets.US_ASCII);
        buf.writeBytes(CRLF);
        return this;
    }

    /** A boolean in RESP3; the integer 1 or 0 in RESP2. */
    public RespWriter bool(boolean b) {
        if (!resp3()) {
            return integer(b ? 1 : 0);
        }
        buf.writeCharSequence(b ? "#t\r\n" : "#f\r\n", StandardCharsets.US_ASCII);
        return this;
    }

    /** Copies already-encoded reply bytes (a queued command's reply inside EXEC). */
    public RespWriter raw(ByteBuf encoded) {
        buf.writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes());
        return this;
    }

    private RespWriter header(char type, int n) {
        buf.writeByte(type);
        writeDecimal(n);
        buf.writeBytes(CRLF);
        return this;
    }

    private void writeDecimal(long v) {
        if (v >= 0 && v < 10) {
            buf.writeByte('0' + (int) v);
        } else {
            buf.writeBytes(decimal(v));
        }
    }

    /** {@code v} in decimal ASCII, as {@code Long.toString(v).getBytes(US_ASCII)} without the string in between. */
    public static byte[] decimal(long v) {
        if (v == Long.MIN_VALUE) {
            return "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
        }
        long u = Math.abs(v);
        int digits = 1;
        for (long p = 10; digits < 19 && u >= p; p *= 10) {
            digits++;
        }
        int n = v < 0 ? digits + 1 : digits;
        byte[] out = new byte[n];
        for (int i = n - 1; i >= n - digits; i--) {
            out[i] = (byte) ('0' + u % 10);
            u /= 10;
        }
        if (v < 0) {
            out[0] = '-';
        }
        return out;
    }

    /** A double as Redis prints it for INCRBYFLOAT: plain decimal, no exponent, no trailing zeros. */
    public static String formatDouble(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            return Long.toString((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
