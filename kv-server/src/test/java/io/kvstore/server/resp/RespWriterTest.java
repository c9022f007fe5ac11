package io.kvstore.server.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RespWriterTest {
    private static String encode(int protocol, Consumer<RespWriter> c) {
        ByteBuf buf = Unpooled.buffer();
        c.accept(new RespWriter(buf, protocol));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nulls_resp2AndResp3_differ() {
        assertEquals("$-1\r\n", encode(2, RespWriter::nullBulk));
        assertEquals("*-1\r\n", encode(2, RespWriter::nullArray));
        assertEquals("_\r\n", encode(3, RespWriter::nullBulk));
        assertEquals("_\r\n", encode(3, RespWriter::nullArray));
    }

    @Test
    void map_resp2IsFlatArray_resp3IsMap() {
        assertEquals("*2\r\n$1\r\na\r\n:1\r\n", encode(2, w -> w.map(1).bulk("a").integer(1)));
        assertEquals("%1\r\n$1\r\na\r\n:1\r\n", encode(3, w -> w.map(1).bulk("a").integer(1)));
    }

    @Test
    void verbatim_resp3_hasTxtPrefix() {
        assertEquals("$2\r\nhi\r\n", encode(2, w -> w.verbatim("hi")));
        assertEquals("=6\r\ntxt:hi\r\n", encode(3, w -> w.verbatim("hi")));
    }

    @Test
    void error_withNewline_isOneLine() {
        assertEquals("-ERR a b\r\n", encode(2, w -> w.error("ERR a\nb")));
    }

    @Test
    void formatDouble_likeRedisIncrByFloat() {
        assertEquals("10.6", RespWriter.formatDouble(10.5 + 0.1));
        assertEquals("3", RespWriter.formatDouble(3.0));
        assertEquals("5000", RespWriter.formatDouble(5.0e3));
        assertEquals("-0.25", RespWriter.formatDouble(-0.25));
        assertEquals("100000000000000000000", RespWriter.formatDouble(1e20));
    }

    @Test
    void integer_negativeAndLarge() {
        assertEquals(":-7\r\n", encode(2, w -> w.integer(-7)));
        assertEquals(":" + Long.MAX_VALUE + "\r\n", encode(2, w -> w.integer(Long.MAX_VALUE)));
    }

    @Test
    void decimal_anyLong_sameAsLongToString() {
        long[] values = {0, 1, -1, 9, 10, -10, 99, 100, 12345, -987654321, 999_999_999_999_999_999L,
            1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : values) {
            assertEquals(Long.toString(v), new String(RespWriter.decimal(v), java.nio.charset.StandardCharsets.US_ASCII));
        }
        java.util.Random random = new java.util.Random(14);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(v), new String(RespWriter.decimal(v), java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
