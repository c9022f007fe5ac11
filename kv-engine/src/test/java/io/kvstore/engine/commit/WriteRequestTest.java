package io.kvstore.engine.commit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kvstore.engine.codec.ValueCompression;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WriteRequestTest {
    /** Text that LZ4 compresses well, different per index; every seventh value random, every eleventh short. */
    private static byte[] value(int i, Random rnd) {
        if (i % 7 == 3) {
            byte[] b = new byte[100];
            rnd.nextBytes(b);
            return b;
        }
        if (i % 11 == 5) {
            return ("short " + i).getBytes(UTF_8);
        }
        return ("{\"id\":" + i + ",\"note\":\"" + "leave the parcel at the door ".repeat(3 + i % 5) + "\"}")
                .getBytes(UTF_8);
    }

    @Test
    void compressValues_largeRequestSharedWithHelpers_sameEncodingsAsOneByOne() {
        ValueCompression lz4 = ValueCompression.of("lz4", 64);
        for (int size : new int[] {1, 15, 16, 143, 144, 1000, 5000}) {
            Random rnd = new Random(size);
            byte[][] keys = new byte[size][];
            byte[][] values = new byte[size][];
            for (int i = 0; i < size; i++) {
                keys[i] = ("k" + i).getBytes(UTF_8);
                values[i] = i % 13 == 9 ? (i % 2 == 0 ? null : WriteRequest.DELETE) : value(i, rnd);
            }
            WriteRequest r = new WriteRequest(size, keys, null, values, null, -1, -1);
            r.compressValues(lz4);
            assertNotNull(r.stored, "size " + size);
            for (int i = 0; i < size; i++) {
                byte[] v = values[i];
                byte[] expected = v == null || v.length < lz4.threshold() ? null : lz4.compressOrNull(v);
                assertArrayEquals(expected, r.stored[i], "size " + size + ", value " + i);
                if (expected != null) {
                    assertArrayEquals(v, ValueCompression.decode(r.stored[i], 0, r.stored[i].length));
                }
            }
        }
    }

    @Test
    void compressValues_randomValuesOnly_nothingStored() {
        Random rnd = new Random(7);
        int size = 1000;
        byte[][] values = new byte[size][];
        for (int i = 0; i < size; i++) {
            values[i] = new byte[100];
            rnd.nextBytes(values[i]);
        }
        WriteRequest r = new WriteRequest(size, new byte[size][], null, values, null, -1, -1);
        r.compressValues(ValueCompression.of("lz4", 64));
        assertNull(r.stored);
    }
}
