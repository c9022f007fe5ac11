package io.kvstore.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VarintsTest {

    @Test
    void size_everyGroupBoundary_matchesBytesWritten() {
        byte[] buf = new byte[10];
        long[] values = {0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 1L << 35, (1L << 42) - 1, 1L << 42, 1L << 62,
                Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (long v : values) {
            assertEquals(Varints.write(buf, 0, v), Varints.size(v), "size of " + Long.toUnsignedString(v));
            assertEquals(v, Varints.read(buf, 0, buf.length));
        }
        for (int bit = 0; bit < 64; bit++) {
            long v = 1L << bit;
            assertEquals(Varints.write(buf, 0, v), Varints.size(v), "size of 2^" + bit);
            assertEquals(Varints.write(buf, 0, v - 1), Varints.size(v - 1), "size of 2^" + bit + " - 1");
        }
    }
}
