package io.kvstore.server.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RespDecoderTest {
    private static final int MAX_BULK = 1 << 20;

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RespDecoder(MAX_BULK, 1024, 4L << 20));
    }

    private static List<Object> decode(byte[]... chunks) {
        EmbeddedChannel ch = channel();
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String words(Object o) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : (byte[][]) o) {
            sb.append('[').append(new String(a, StandardCharsets.ISO_8859_1)).append(']');
        }
        return sb.toString();
    }

    private static String error(List<Object> out) {
        Object last = out.get(out.size() - 1);
        assertInstanceOf(ProtocolError.class, last);
        return ((ProtocolError) last).detail();
    }

    @Test
    void decode_multibulk_givesArguments() {
        List<Object> out = decode(b("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n"));
        assertEquals(1, out.size());
        assertEquals("[SET][k][]", words(out.get(0)));
    }

    @Test
    void decode_pipelineSplitAtEveryByte_givesSameCommands() {
        byte[] all = b("*2\r\n$3\r\nGET\r\n$1\r\na\r\nPING\r\n*1\r\n$4\r\nPING\r\n");
        byte[][] chunks = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            chunks[i] = new byte[] {all[i]};
        }
        List<Object> out = decode(chunks);
        assertEquals(3, out.size());
        assertEquals("[GET][a]", words(out.get(0)));
        assertEquals("[PING]", words(out.get(1)));
        assertEquals("[PING]", words(out.get(2)));
    }

    @Test
    void decode_headersAroundTheScratchLength_sameResultWholeOrByteByByte() {
        // header lines of 4 to 30 bytes: shorter ones are scanned from a 24-byte copy, longer ones in place
        for (int zeros = 0; zeros <= 26; zeros++) {
            String frame = "*1\r\n$" + "0".repeat(zeros) + "3\r\nfoo\r\n";
            byte[] all = b(frame);
            byte[][] bytes = new byte[all.length][];
            for (int i = 0; i < all.length; i++) {
                bytes[i] = new byte[] {all[i]};
            }
            List<Object> whole = decode(all);
            List<Object> split = decode(bytes);
            assertEquals(describe(whole), describe(split), frame);
            // 1 to 18 digits are a length (leading zeros allowed), more are not
            assertEquals(zeros + 1 <= 18 ? "[foo]" : "error: invalid bulk length", describe(whole), frame);
        }
        assertEquals("too big mbulk count string", error(decode(b("*" + "1".repeat(25) + "\r\r\n"))));
        assertEquals("too big mbulk count string", error(decode(b("*1\rX\n"))));
    }

    private static String describe(List<Object> out) {
        StringBuilder sb = new StringBuilder();
        for (Object o : out) {
            sb.append(o instanceof ProtocolError e ? "error: " + e.detail() : words(o));
        }
        return sb.toString();
    }

    @Test
    void decode_binaryBulkWithCrlfInside_keepsBytes() {
        List<Object> out = decode(b("*1\r\n$4\r\n\r\n\r\n\r\n"));
        assertArrayEquals(b("\r\n\r\n"), ((byte[][]) out.get(0))[0]);
    }

    @Test
    void decode_inlineWithQuotes_splitsLikeRedis() {
        List<Object> out = decode(b("set \"a b\" 'c\\'d' \"\\x41\\n\"\r\n  \r\n"));
        assertEquals(1, out.size());
        assertEquals("[set][a b][c'd][A\n]", words(out.get(0)));
    }

    @Test
    void decode_emptyMultibulk_isSkipped() {
        List<Object> out = decode(b("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n"));
        assertEquals(1, out.size());
    }

    @Test
    void decode_unbalancedQuotes_isProtocolError() {
        assertEquals("unbalanced quotes in request", error(decode(b("set \"a b\r\n"))));
        assertEquals("unbalanced quotes in request", error(decode(b("set \"a\"b c\r\n"))));
    }

    @Test
    void decode_badMultibulkLength_isProtocolError() {
        assertEquals("invalid multibulk length", error(decode(b("*abc\r\n"))));
        assertEquals("invalid multibulk length", error(decode(b("*2000\r\n"))));
        assertEquals("invalid multibulk length", error(decode(b("*99999999999999999999\r\n"))));
        assertEquals("invalid multibulk length", error(decode(b("*\r\n"))));
        assertEquals("invalid multibulk length", error(decode(b("*-\r\n"))));
        assertEquals("invalid multibulk length", error(decode(b("*+1\r\n"))));
        assertEquals("invalid multibulk length", error(decode(b("*1 \r\n"))));
        assertEquals("invalid multibulk length", error(decode(b("*1-1\r\n"))));
        assertEquals("too big mbulk count string", error(decode(b("*1\r\r\n"))));
    }

    @Test
    void decode_hugeDeclaredBulkLength_isRejectedBeforeAllocating() {
        assertEquals("invalid bulk length", error(decode(b("*1\r\n$2147483648\r\n"))));
        assertEquals("invalid bulk length", error(decode(b("*1\r\n$" + (MAX_BULK + 1) + "\r\n"))));
        assertEquals("invalid bulk length", error(decode(b("*1\r\n$-5\r\n"))));
    }

    @Test
    void decode_requestOverQueryLimit_isProtocolError() {
        StringBuilder sb = new StringBuilder("*8\r\n");
        for (int i = 0; i < 5; i++) {
            sb.append("$").append(MAX_BULK).append("\r\n").append("x".repeat(MAX_BULK)).append("\r\n");
        }
        assertTrue(error(decode(b(sb.toString()))).contains("query buffer limit"));
    }

    @Test
    void decode_missingDollar_isProtocolError() {
        assertEquals("expected '$', got 'x'", error(decode(b("*1\r\nx3\r\nfoo\r\n"))));
    }

    @Test
    void decode_bulkNotFollowedByCrlf_isProtocolError() {
        assertEquals("expected CRLF after bulk data", error(decode(b("*1\r\n$3\r\nfooXY"))));
    }

    @Test
    void decode_endlessInlineLine_isProtocolErrorAtTheLimit() {
        byte[] big = new byte[RespDecoder.MAX_INLINE + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        assertEquals("too big inline request", error(decode(big)));
    }

    @Test
    void decode_endlessHeader_isProtocolError() {
        byte[] big = new byte[RespDecoder.MAX_INLINE + 10];
        java.util.Arrays.fill(big, (byte) '1');
        big[0] = '*';
        assertEquals("too big mbulk count string", error(decode(big)));
    }

    @Test
    void decode_afterError_ignoresEverything() {
        List<Object> out = decode(b("*x\r\n"), b("*1\r\n$4\r\nPING\r\n"));
        assertEquals(1, out.size());
        assertInstanceOf(ProtocolError.class, out.get(0));
    }

    @Test
    void decode_truncatedFrame_waitsWithoutOutput() {
        assertEquals(0, decode(b("*2\r\n$3\r\nGET\r\n$10\r\nabc")).size());
    }

    /**
     * Random bytes, random mutations of valid frames, truncations and huge lengths: the decoder never throws,
     * never emits anything but argument vectors and at most one trailing protocol error, and never holds more
     * than the limits allow.
     */
    @Test
    void decode_fuzzedInput_neverThrowsAndStaysWithinLimits() {
        Random random = new Random(14);
        byte[] valid = b("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n*1\r\n$4\r\nPING\r\nGET k\r\n");
        String[] hostile = {"*1\r\n$999999999999\r\n", "*4294967296\r\n", "$5\r\n", "*1\r\n$1\r\n", "*-99\r\n",
            "*1\r\n$00001\r\na\r\n", "\"", "*\r\n", "$\r\n", "\r\n\r\n", "*1\r\n$+1\r\na\r\n"};
        for (int round = 0; round < 5000; round++) {
            byte[] input;
            switch (round % 4) {
                case 0 -> {
                    input = new byte[random.nextInt(200)];
                    random.nextBytes(input);
                }
                case 1 -> {
                    input = valid.clone();
                    for (int m = 0; m < 1 + random.nextInt(4); m++) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> input = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                default -> input = b(hostile[random.nextInt(hostile.length)]
                        + new String(valid, StandardCharsets.ISO_8859_1));
            }
            EmbeddedChannel ch = channel();
            int pos = 0;
            while (pos < input.length) {
                int n = 1 + random.nextInt(Math.max(1, input.length - pos));
                ch.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
                pos += n;
            }
            List<Object> out = new ArrayList<>();
            for (Object o; (o = ch.readInbound()) != null; ) {
                out.add(o);
            }
            for (int i = 0; i < out.size(); i++) {
                Object o = out.get(i);
                if (o instanceof ProtocolError) {
                    assertEquals(out.size() - 1, i, "a protocol error is the last thing decoded");
                } else {
                    byte[][] args = (byte[][]) o;
                    assertTrue(args.length > 0 && args.length <= 1024);
                    for (byte[] a : args) {
                        assertTrue(a != null && a.length <= MAX_BULK);
                    }
                }
            }
            ch.finishAndReleaseAll();
        }
    }

    /**
     * The fast path for complete frames against the general path alone: pipelines of valid frames (some with more
     * arguments or longer lengths than the fast path takes, leading zeros, empty and binary arguments, inline
     * commands between them), mutated and cut at random places, give the same arguments and the same error.
     */
    @Test
    void decode_fastPathAgainstGeneralPath_sameOutputForFuzzedPipelines() {
        Random random = new Random(12);
        for (int round = 0; round < 4000; round++) {
            StringBuilder sb = new StringBuilder();
            int frames = 1 + random.nextInt(20);
            for (int f = 0; f < frames; f++) {
                switch (random.nextInt(6)) {
                    case 0 -> sb.append("PING\r\n");
                    case 1 -> {
                        int n = 60 + random.nextInt(10); // around the fast path's 64 arguments
                        sb.append('*').append(n).append("\r\n");
                        for (int i = 0; i < n; i++) {
                            sb.append("$1\r\n").append((char) ('a' + i % 26)).append("\r\n");
                        }
                    }
                    case 2 -> sb.append("*2\r\n$").append("0".repeat(random.nextInt(12))).append("3\r\nGET\r\n$0\r\n\r\n");
                    case 3 -> {
                        String v = "x".repeat(random.nextInt(3) == 0 ? 5000 + random.nextInt(5000) : random.nextInt(20));
                        sb.append("*3\r\n$3\r\nSET\r\n$4\r\nk\r\nv\r\n$").append(v.length()).append("\r\n").append(v)
                                .append("\r\n");
                    }
                    case 4 -> sb.append("*0\r\n*-1\r\n");
                    default -> sb.append("*2\r\n$3\r\nGET\r\n$16\r\nkey:__rand_int__\r\n");
                }
            }
            byte[] input = b(sb.toString());
            if (round % 2 == 1) {
                for (int m = 0; m < 1 + random.nextInt(3); m++) {
                    input[random.nextInt(input.length)] = (byte) "*$\r\n0-9x\u0000".charAt(random.nextInt(9));
                }
            }
            if (round % 3 == 2) {
                input = java.util.Arrays.copyOf(input, random.nextInt(input.length));
            }
            List<Integer> cuts = new ArrayList<>();
            for (int pos = 0; pos < input.length; ) {
                int n = 1 + random.nextInt(random.nextBoolean() ? 16 : Math.max(1, input.length - pos));
                cuts.add(Math.min(n, input.length - pos));
                pos += n;
            }
            assertEquals(describe(decodeIn(input, cuts, false)), describe(decodeIn(input, cuts, true)),
                    "round " + round);
        }
    }

    private static List<Object> decodeIn(byte[] input, List<Integer> cuts, boolean fastPath) {
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(MAX_BULK, 1024, 4L << 20, fastPath));
        int pos = 0;
        for (int n : cuts) {
            ch.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
            pos += n;
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void inlineSplitter_emptyQuotes_giveEmptyWord() {
        List<byte[]> w = RespDecoder.InlineSplitter.split(b("a \"\" b"));
        assertEquals(3, w.size());
        assertEquals(0, w.get(1).length);
        assertNull(RespDecoder.InlineSplitter.split(b("'abc")));
    }
}
