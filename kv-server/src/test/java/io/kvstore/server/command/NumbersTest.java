package io.kvstore.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NumbersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void parseLong_strictForm() {
        assertEquals(0L, Numbers.parseLong(b("0")));
        assertEquals(-12L, Numbers.parseLong(b("-12")));
        assertEquals(Long.MAX_VALUE, Numbers.parseLong(b("9223372036854775807")));
        assertEquals(Long.MIN_VALUE, Numbers.parseLong(b("-9223372036854775808")));
        assertNull(Numbers.parseLong(b("9223372036854775808")));
        assertNull(Numbers.parseLong(b("-9223372036854775809")));
        assertNull(Numbers.parseLong(b("+1")));
        assertNull(Numbers.parseLong(b("01")));
        assertNull(Numbers.parseLong(b("-0")));
        assertNull(Numbers.parseLong(b(" 1")));
        assertNull(Numbers.parseLong(b("1.0")));
        assertNull(Numbers.parseLong(b("")));
        assertNull(Numbers.parseLong(b("-")));
    }

    @Test
    void parseDouble_decimalAndExponentOnly() {
        assertEquals(1.5, Numbers.parseDouble(b("1.5")));
        assertEquals(5000.0, Numbers.parseDouble(b("5.0e3")));
        assertEquals(0.5, Numbers.parseDouble(b(".5")));
        assertNull(Numbers.parseDouble(b("0x10")));
        assertNull(Numbers.parseDouble(b("1d")));
        assertNull(Numbers.parseDouble(b("abc")));
        assertNull(Numbers.parseDouble(b("")));
    }

    @Test
    void glob_redisPatterns() {
        assertTrue(RedisGlob.matches(b("*"), b("")));
        assertTrue(RedisGlob.matches(b("h?llo"), b("hello")));
        assertTrue(RedisGlob.matches(b("h*llo"), b("heeeello")));
        assertTrue(RedisGlob.matches(b("h[ae]llo"), b("hallo")));
        assertFalse(RedisGlob.matches(b("h[^e]llo"), b("hello")));
        assertTrue(RedisGlob.matches(b("h[a-b]llo"), b("hbllo")));
        assertTrue(RedisGlob.matches(b("a\\*b"), b("a*b")));
        assertFalse(RedisGlob.matches(b("a\\*b"), b("axb")));
        assertFalse(RedisGlob.matches(b("user:*"), b("order:1")));
    }
}
