package io.kvstore.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisGlobTest {

    private static String prefix(String pattern) {
        return new String(RedisGlob.literalPrefix(pattern.getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void literalPrefix_stopsAtTheFirstSpecialCharacter() {
        assertEquals("user:", prefix("user:*"));
        assertEquals("user:", prefix("user:?x"));
        assertEquals("user:", prefix("user:[ab]*"));
        assertEquals("user", prefix("user\\*"));
        assertEquals("", prefix("*"));
        assertEquals("exact", prefix("exact"));
    }

    @Test
    void literalPrefix_everyMatchStartsWithIt() {
        String[] patterns = {"user:*", "a?c", "x[yz]w", "k\\*e", "plain"};
        String[] keys = {"user:1", "abc", "xyw", "k*e", "plain", "other"};
        for (String p : patterns) {
            byte[] pb = p.getBytes(StandardCharsets.ISO_8859_1);
            for (String k : keys) {
                if (RedisGlob.matches(pb, k.getBytes(StandardCharsets.ISO_8859_1))) {
                    assertTrue(k.startsWith(prefix(p)), p + " matched " + k);
                }
            }
        }
    }
}
