package io.kvstore.calcite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The key bytes &lt;-&gt; SQL text mapping: lossless for every byte string, the same as UTF-8 where that is valid. */
class KvKeysTest {
    /** Issue 10's keys: seven that are not UTF-8, a valid U+FFFD, and a plain one. */
    static final List<String> ISSUE_KEYS_HEX = List.of("ff", "fe", "c3", "eda080", "c0af", "6f6b2dff2d78",
            "6f6b2dfe2d78", "efbfbd", "6f6b");

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void toSql_issueKeys_areDistinctAndRoundTrip() {
        Map<String, String> seen = new HashMap<>();
        for (String h : ISSUE_KEYS_HEX) {
            byte[] key = hex(h);
            String text = KvKeys.toSql(key);
            String other = seen.put(text, h);
            assertEquals(null, other, "keys " + other + " and " + h + " read as the same text");
            assertArrayEquals(key, KvKeys.fromSql(text), h);
        }
    }

    @Test
    void toSql_invalidBytes_becomeSurrogateEscapes() {
        assertEquals("\uDCFF", KvKeys.toSql(hex("ff")));
        assertEquals("ok-\uDCFF-x", KvKeys.toSql(hex("6f6b2dff2d78")));
        assertEquals("\uDCED\uDCA0\uDC80", KvKeys.toSql(hex("eda080")), "an encoded surrogate is not UTF-8");
        assertEquals("\uDCC0\uDCAF", KvKeys.toSql(hex("c0af")), "an overlong form is not UTF-8");
        assertEquals("\uDCF4\uDC90\uDC80\uDC80", KvKeys.toSql(hex("f4908080")), "above U+10FFFF");
        assertEquals("\uDCE2\uDC82A", KvKeys.toSql(hex("e28241")), "a truncated sequence, then ASCII");
        assertEquals("\uFFFD", KvKeys.toSql(hex("efbfbd")), "a real U+FFFD stays itself");
    }

    @Test
    void toSql_validUtf8_isPlainUtf8() {
        for (String s : List.of("", "a", "héllo", "€uro", "𝄞 clef", "\u0000nul", "日本語")) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(s, KvKeys.toSql(utf8));
            assertArrayEquals(utf8, KvKeys.fromSql(s));
        }
    }

    @Test
    void toSqlAndFromSql_randomByteStrings_areInverseAndInjective() {
        SplittableRandom random = new SplittableRandom(10);
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            byte[] key = new byte[random.nextInt(7)];
            for (int j = 0; j < key.length; j++) {
                // bias towards the bytes that make UTF-8 interesting
                int r = random.nextInt(4);
                key[j] = (byte) (r == 0 ? random.nextInt(0x80) : r == 1 ? 0x80 + random.nextInt(0x40)
                        : r == 2 ? 0xC0 + random.nextInt(0x40) : random.nextInt(256));
            }
            String text = KvKeys.toSql(key);
            String h = HexFormat.of().formatHex(key);
            assertArrayEquals(key, KvKeys.fromSql(text), h);
            String other = seen.put(text, h);
            assertTrue(other == null || other.equals(h), other + " and " + h + " read as one text");
        }
    }

    @Test
    void fromSql_textNoKeyReadsAs_isRefused() {
        assertThrows(KvKeyException.class, () -> KvKeys.fromSql("\uD800"), "a lone high surrogate");
        assertThrows(KvKeyException.class, () -> KvKeys.fromSql("a\uDC41"), "a low surrogate below the escapes");
        assertThrows(KvKeyException.class, () -> KvKeys.fromSql("\uDCC3\uDCA9"), "escapes that spell é");
        assertArrayEquals(hex("f0908080"), KvKeys.fromSql("\uD800\uDC00"), "a real pair is a character");
        assertArrayEquals(hex("f0908280"), KvKeys.fromSql("\uD800\uDC80"), "a pair's low half is no escape");
    }

    @Test
    void toSqlOfCursor_matchesToSqlOfTheBytes() {
        try (KvStore store = KvStore.inMemory()) {
            for (String h : ISSUE_KEYS_HEX) {
                store.put(hex(h), new byte[] {1});
            }
            store.put("plain-ascii".getBytes(StandardCharsets.US_ASCII), new byte[] {2});
            KvCursor c = store.cursor();
            int n = 0;
            while (c.next()) {
                assertEquals(KvKeys.toSql(c.key()), KvKeys.toSql(c));
                n++;
            }
            assertEquals(10, n);
        }
        assertNotEquals(KvKeys.toSql(hex("ff")), KvKeys.toSql(hex("fe")));
    }
}
