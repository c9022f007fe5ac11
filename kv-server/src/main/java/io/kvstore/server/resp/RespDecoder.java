package io.kvstore.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes client requests: RESP multibulk frames ({@code *<n>\r\n} then {@code n} bulk strings) and inline
 * commands (a line of space-separated words, with Redis' quoting rules), into {@code byte[][]} argument vectors.
 *
 * <p><b>Strictness and limits.</b> A frame that breaks the protocol (a non-numeric or out-of-range count or
 * length, a missing {@code $}, bulk data not followed by CRLF, an unterminated header or inline line longer than
 * {@value #MAX_INLINE} bytes, unbalanced quotes, a request larger than the query buffer limit) makes the
 * decoder emit one {@link ProtocolError} and ignore everything after it; the connection handler answers and
 * closes. A declared length is checked before any memory is reserved for it, so a huge declared length costs
 * nothing. Memory held per connection is bounded by the query buffer limit plus one read.
 *
 * <p>Empty multibulk frames ({@code *0}, {@code *-1}) and empty inline lines are skipped, as Redis does.
 * Not thread-safe: one instance per channel (Netty's contract for decoders).
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** Longest inline request or header line, as Redis' PROTO_INLINE_MAX_SIZE. */
    public static final int MAX_INLINE = 64 * 1024;

    private final long maxBulkLength;
    private final int maxMultibulkLength;
    private final long maxQueryBytes;

    /** Arguments of the multibulk frame being read; null between frames. */
    private byte[][] args;
    private int argCount;
    /** Declared length of the bulk being read, -1 while its header is awaited. */
    private long bulkLength = -1;
    private long requestBytes;
    private boolean failed;
    /** Reads a header line's decimal in the same pass that finds its end ({@link #header}). */
    private final DecimalScanner scanner = new DecimalScanner();
    private static final short CRLF = ('\r' << 8) | '\n';
    /** Bytes of a header line scanned from a copy ({@link #header}); longer lines are scanned in place. */
    private static final int SHORT_HEADER = 24;
    private final byte[] headerScratch = new byte[SHORT_HEADER];
    /** The first byte of the header line {@link #header} last found. */
    private byte typeByte;

    /**
     * The fast path ({@link #decodeComplete}) takes frames of at most this many arguments, with lengths of at most
     * {@value #FAST_DIGITS} digits, from a copy of at most {@value #FAST_BYTES} readable bytes.
     */
    private static final int FAST_ARGS = 64;
    private static final int FAST_DIGITS = 9;
    private static final int FAST_BYTES = 8 * 1024;
    private final boolean fastPath;
    /** Where {@link #fastHeader} left off: the index after the header's LF. */
    private int fastNext;
    /**
     * The fast path's copy of the readable bytes: one per thread (an event loop's connections decode one at a time,
     * and nothing of it outlives {@link #decodeComplete}), not one per connection.
     */
    private static final FastThreadLocal<byte[]> CHUNK = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[FAST_BYTES];
        }
    };

    /**
     * @param maxBulkLength largest bulk string (Redis' proto-max-bulk-len)
     * @param maxMultibulkLength most arguments in one request (Redis: 1024*1024)
     * @param maxQueryBytes largest request in bytes, all arguments together (client-query-buffer-limit)
     */
    public RespDecoder(long maxBulkLength, int maxMultibulkLength, long maxQueryBytes) {
        this(maxBulkLength, maxMultibulkLength, maxQueryBytes, true);
    }

    /** As the public constructor; {@code fastPath} false decodes everything on the general path (tests compare). */
    RespDecoder(long maxBulkLength, int maxMultibulkLength, long maxQueryBytes, boolean fastPath) {
        this.maxBulkLength = maxBulkLength;
        this.maxMultibulkLength = maxMultibulkLength;
        this.maxQueryBytes = maxQueryBytes;
        this.fastPath = fastPath;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        String error = decodeAll(in, out);
        if (error != null) {
            failed = true;
            in.skipBytes(in.readableBytes());
            out.add(new ProtocolError(error));
        }
    }

    /** Decodes as many complete requests as {@code in} holds; returns a protocol error's detail or null. */
    String decodeAll(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (args == null && fastPath && in.getByte(in.readerIndex()) == '*') {
                decodeComplete(in, out);
                if (!in.isReadable()) {
                    return null;
                }
            }
            if (args == null) {
                if (in.getByte(in.readerIndex()) != '*') {
                    int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                    if (eol < 0) {
                        return in.readableBytes() > MAX_INLINE ? "too big inline request" : null;
                    }
                    if (eol - in.readerIndex() > MAX_INLINE) {
                        return "too big inline request";
                    }
                    byte[] line = new byte[eol - in.readerIndex()];
                    in.readBytes(line);
                    in.skipBytes(1);
                    List<byte[]> words = InlineSplitter.split(line);
                    if (words == null) {
                        return "unbalanced quotes in request";
                    }
                    if (!words.isEmpty()) {
                        out.add(words.toArray(new byte[0][]));
                    }
                    continue;
                }
                int cr = header(in);
                if (cr == -2) {
                    return "too big mbulk count string";
                }
                if (cr < 0) {
                    return null;
                }
                long n = scanner.value();
                if (n == Long.MIN_VALUE || n > maxMultibulkLength) {
                    return "invalid multibulk length";
                }
                in.readerIndex(cr + 2);
                if (n <= 0) {
                    continue;
                }
                args = new byte[(int) n][];
                argCount = 0;
                bulkLength = -1;
                requestBytes = 0;
            }
            if (bulkLength < 0) {
                int cr = header(in);
                if (cr == -2) {
                    return "too big bulk count string";
                }
                if (cr < 0) {
                    return null;
                }
                if (typeByte != '$') {
                    return "expected '$', got '" + printable(typeByte) + "'";
                }
                long n = scanner.value();
                if (n < 0 || n > maxBulkLength) {
                    return "invalid bulk length";
                }
                requestBytes += n;
                if (requestBytes > maxQueryBytes) {
                    return "request exceeds the query buffer limit (client-query-buffer-limit)";
                }
                in.readerIndex(cr + 2);
                bulkLength = n;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return null;
            }
            byte[] arg = new byte[(int) bulkLength];
            in.readBytes(arg);
            if (in.readShort() != CRLF) {
                return "expected CRLF after bulk data";
            }
            args[argCount++] = arg;
            bulkLength = -1;
            if (argCount == args.length) {
                out.add(args);
                args = null;
            }
        }
        return null;
    }

    /**
     * The fast path: decodes the complete, plainly formed multibulk frames at the reader index from one copy of the
     * readable bytes (array reads instead of a buffer call per header and argument), and stops at the first frame
     * that is anything else (incomplete within the copy, inline, malformed, over a limit, more than
     * {@value #FAST_ARGS} arguments, a length with a sign or more than {@value #FAST_DIGITS} digits), leaving the
     * reader index at its start for the general path, which decodes it or reports its error exactly as without this
     * path. A frame taken here gives the arguments the general path would give.
     */
    private void decodeComplete(ByteBuf in, List<Object> out) {
        int base = in.readerIndex();
        int avail = Math.min(in.readableBytes(), FAST_BYTES);
        byte[] c = CHUNK.get();
        in.getBytes(base, c, 0, avail);
        int pos = 0;
        frames:
        while (pos < avail) {
            long n = fastHeader(c, pos, avail, (byte) '*');
            if (n <= 0 || n > FAST_ARGS || n > maxMultibulkLength) {
                break;
            }
            int p = fastNext;
            byte[][] a = new byte[(int) n][];
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                long len = fastHeader(c, p, avail, (byte) '$');
                if (len < 0 || len > maxBulkLength) {
                    break frames;
                }
                bytes += len;
                p = fastNext;
                if (bytes > maxQueryBytes || p + len + 2 > avail || c[p + (int) len] != '\r'
                        || c[p + (int) len + 1] != '\n') {
                    break frames;
                }
                a[i] = java.util.Arrays.copyOfRange(c, p, p + (int) len);
                p += (int) len + 2;
            }
            out.add(a);
            pos = p;
        }
        in.readerIndex(base + pos);
    }

    /**
     * The fast path's header: {@code type}, 1 to {@value #FAST_DIGITS} digits (no sign), CRLF, at {@code c[p]} and
     * within {@code avail}. Returns its value and leaves the index after its LF in {@link #fastNext}; -1 if the
     * bytes there are not such a header (the general path then judges them).
     */
    private long fastHeader(byte[] c, int p, int avail, byte type) {
        if (p >= avail || c[p] != type) {
            return -1;
        }
        int first = p + 1;
        int end = Math.min(avail, first + FAST_DIGITS);
        int d = first;
        long value = 0;
        while (d < end && c[d] >= '0' && c[d] <= '9') {
            value = value * 10 + (c[d++] - '0');
        }
        if (d == first || d + 1 >= avail || c[d] != '\r' || c[d + 1] != '\n') {
            return -1;
        }
        fastNext = d + 2;
        return value;
    }

    /**
     * Finds the header line starting at the reader index (a type byte, a decimal, CRLF) and reads its decimal into
     * {@link #scanner} in the same pass. Returns the index of its CR: -1 if incomplete, -2 if too long (a lone CR
     * not followed by LF is a broken header and reported as too long once the line is). Also leaves the type byte
     * in {@link #typeByte}.
     *
     * <p>Headers are short ({@code $16\r\n}): the first {@value #SHORT_HEADER} bytes are copied into a scratch
     * array in one call and scanned there; only a longer or incomplete line goes through {@code forEachByte},
     * whose per-call checks cost more than the line.
     */
    private int header(ByteBuf in) {
        int from = in.readerIndex();
        int n = Math.min(SHORT_HEADER, in.writerIndex() - from);
        in.getBytes(from, headerScratch, 0, n);
        typeByte = headerScratch[0];
        scanner.reset();
        for (int i = 0; i < n; i++) {
            if (!scanner.process(headerScratch[i])) {
                // the CR: is the LF after it in the scratch, in the buffer, or not yet there?
                if (i + 1 < n) {
                    return headerScratch[i + 1] == '\n' ? from + i : -2;
                }
                if (from + i + 1 >= in.writerIndex()) {
                    return -1;
                }
                return in.getByte(from + i + 1) == '\n' ? from + i : -2;
            }
        }
        if (n < SHORT_HEADER) {
            return -1; // no CR yet, and everything readable was scanned
        }
        int limit = Math.min(in.writerIndex(), from + MAX_INLINE);
        scanner.reset();
        int cr = in.forEachByte(from, limit - from, scanner);
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            return cr < 0 && in.readableBytes() > MAX_INLINE ? -2 : -1;
        }
        return in.getByte(cr + 1) == '\n' ? cr : -2;
    }

    /**
     * Scans a header line up to its CR, skipping the type byte: the decimal after it, an optional '-' then 1 to 18
     * digits, no '+', no spaces ({@link #value()}: {@code Long.MIN_VALUE} if it is not one).
     */
    static final class DecimalScanner implements io.netty.util.ByteProcessor {
        private boolean typeByte;
        private boolean signAllowed;
        private boolean negative;
        private boolean invalid;
        private int digits;
        private long value;

        void reset() {
            typeByte = true;
            signAllowed = true;
            negative = false;
            invalid = false;
            digits = 0;
            value = 0;
        }

        @Override
        public boolean process(byte b) {
            if (b == '\r') {
                return false;
            }
            if (typeByte) {
                typeByte = false;
                return true;
            }
            if (signAllowed && b == '-') {
                negative = true;
                signAllowed = false;
                return true;
            }
            signAllowed = false;
            int d = b - '0';
            if (d < 0 || d > 9 || digits == 18) {
                invalid = true;
            } else {
                value = value * 10 + d;
                digits++;
            }
            return true;
        }

        long value() {
            return invalid || digits == 0 ? Long.MIN_VALUE : negative ? -value : value;
        }
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }

    /** Splits inline requests into words as Redis' sdssplitargs does. */
    static final class InlineSplitter {
        private InlineSplitter() {
        }

        /** The words of {@code line} (a trailing CR ignored), or null for unbalanced quotes. */
        static List<byte[]> split(byte[] line) {
            int n = line.length;
            if (n > 0 && line[n - 1] == '\r') {
                n--;
            }
            List<byte[]> words = new ArrayList<>();
            int i = 0;
            java.io.ByteArrayOutputStream word = new java.io.ByteArrayOutputStream();
            while (true) {
                while (i < n && isSpace(line[i])) {
                    i++;
                }
                if (i >= n) {
                    return words;
                }
                word.reset();
                boolean inDouble = false;
                boolean inSingle = false;
                boolean done = false;
                while (!done) {
                    if (inDouble) {
                        if (i >= n) {
                            return null;
                        }
                        byte c = line[i];
                        if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                            word.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                            i += 3;
                        } else if (c == '\\' && i + 1 < n) {
                            i++;
                            word.write(switch (line[i]) {
                                case 'n' -> '\n';
                                case 'r' -> '\r';
                                case 't' -> '\t';
                                case 'b' -> '\b';
                                case 'a' -> 7;
                                default -> line[i];
                            });
                        } else if (c == '"') {
                            if (i + 1 < n && !isSpace(line[i + 1])) {
                                return null;
                            }
                            done = true;
                        } else {
                            word.write(c);
                        }
                    } else if (inSingle) {
                        if (i >= n) {
                            return null;
                        }
                        byte c = line[i];
                        if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
                            i++;
                            word.write('\'');
                        } else if (c == '\'') {
                            if (i + 1 < n && !isSpace(line[i + 1])) {
                                return null;
                            }
                            done = true;
                        } else {
                            word.write(c);
                        }
                    } else {
                        if (i >= n) {
                            done = true;
                            break;
                        }
                        byte c = line[i];
                        if (isSpace(c)) {
                            done = true;
                        } else if (c == '"') {
                            inDouble = true;
                        } else if (c == '\'') {
                            inSingle = true;
                        } else {
                            word.write(c);
                        }
                    }
                    if (i < n) {
                        i++;
                    }
                }
                words.add(word.toByteArray());
            }
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
        }

        private static boolean isHex(byte c) {
            return Character.digit(c, 16) >= 0;
        }
    }
}
