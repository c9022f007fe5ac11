package io.kvstore.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueCompressionTest {
    private static final byte[] TEXT = ("{\"status\":\"shipped\",\"note\":\"" + "leave the parcel at the door ".repeat(10)
            + "\"}").getBytes(StandardCharsets.UTF_8);

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lz4", "zstd"})
    void compressOrNull_text_encodesCodecIdRawLengthAndDecodesBack(String codec) {
        ValueCompression c = ValueCompression.of(codec, 64);
        byte[] packed = c.compressOrNull(TEXT);
        assertNotNull(packed);
        assertEquals(Codecs.byName(codec).id(), packed[0]);
        assertEquals(TEXT.length, ValueCompression.rawLength(packed, 0, packed.length));
        assertTrue(packed.length <= TEXT.length - TEXT.length / 8);
        assertArrayEquals(TEXT, ValueCompression.decode(packed, 0, packed.length));
        // at an offset inside a larger array, as in a record
        byte[] framed = new byte[packed.length + 7];
        System.arraycopy(packed, 0, framed, 3, packed.length);
        assertArrayEquals(TEXT, ValueCompression.decode(framed, 3, packed.length));
    }

    @Test
    void compressOrNull_shortRandomOrOff_storedPlain() {
        ValueCompression c = ValueCompression.of("lz4", 64);
        assertNull(c.compressOrNull(Arrays.copyOf(TEXT, 63)), "below the threshold");
        assertNull(c.compressOrNull(random(100)), "random bytes fail the sample check");
        assertNull(c.compressOrNull(random(5000)));
        assertNull(ValueCompression.NONE.compressOrNull(TEXT));
        assertSame(ValueCompression.NONE, ValueCompression.of("none", ValueCompression.DEFAULT_THRESHOLD));
    }

    @Test
    void looksCompressible_randomVersusText() {
        byte[] r = random(128);
        assertFalse(ValueCompression.looksCompressible(r, 0, r.length));
        assertTrue(ValueCompression.looksCompressible(TEXT, 0, 128));
        byte[] sameByte = new byte[128];
        assertTrue(ValueCompression.looksCompressible(sameByte, 0, 128));
    }

    @Test
    void looksCompressible_manyRandomValues_almostAllTurnedAway() {
        Random rnd = new Random(16);
        int passed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] v = new byte[100];
            rnd.nextBytes(v);
            if (ValueCompression.looksCompressible(v, 0, Math.min(v.length, ValueCompression.SAMPLE))) {
                passed++;
            }
        }
        assertTrue(passed <= 40, passed + " of 20,000 random values looked compressible"); // expected about 6
    }

    @Test
    void looksCompressible_textAndJsonSamples_pass() {
        String[] values = {new String(TEXT, StandardCharsets.UTF_8),
            "{\"id\":90210,\"customer\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"},\"items\":[]}",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "2026-12-07T09:14:03Z INFO kvstore.engine commit group of 12 requests, 4,096 bytes logged"};
        for (String v : values) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            assertTrue(ValueCompression.looksCompressible(b, 0, Math.min(b.length, ValueCompression.SAMPLE)), v);
        }
    }

    @Test
    void decode_damagedInput_throwsIllegalArgument() {
        byte[] packed = ValueCompression.of("lz4", 64).compressOrNull(TEXT);
        byte[] unknown = packed.clone();
        unknown[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> ValueCompression.decode(unknown, 0, unknown.length));
        byte[] cut = Arrays.copyOf(packed, packed.length - 3);
        assertThrows(IllegalArgumentException.class, () -> ValueCompression.decode(cut, 0, cut.length));
        byte[] wrongLength = packed.clone();
        wrongLength[1] = (byte) (wrongLength[1] + 1); // raw length one more than the data decodes to
        assertThrows(IllegalArgumentException.class, () -> ValueCompression.decode(wrongLength, 0,
                wrongLength.length));
    }

    @Test
    void of_unknownNameOrTinyThreshold_throws() {
        assertThrows(IllegalArgumentException.class, () -> ValueCompression.of("snappy", 64));
        assertThrows(IllegalArgumentException.class, () -> ValueCompression.of("lz4", 8));
        assertThrows(IllegalArgumentException.class, () -> Codecs.byId(0));
        assertEquals("zstd", Codecs.byId(Codecs.ZSTD).name());
    }
}
