package io.kvstore.server.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    private static List<String> texts(String line) {
        return Tokenizer.split(line).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void split_bareWords_splitOnWhitespaceRuns() {
        assertEquals(List.of("SET", "k", "v"), texts("  SET \t k   v  "));
    }

    @Test
    void split_blankLine_isEmpty() {
        assertTrue(Tokenizer.split("   ").isEmpty());
    }

    @Test
    void split_doubleQuoted_keepsSpacesAndDecodesEscapes() {
        assertEquals(List.of("SET", "k", "a b \"c\" \\ \n\t"), texts("SET k \"a b \\\"c\\\" \\\\ \\n\\t\""));
    }

    @Test
    void split_hexEscape_yieldsRawByte() {
        assertArrayEquals(new byte[] {'a', (byte) 0xff, 0, 'b'}, Tokenizer.split("\"a\\xff\\x00b\"").get(0));
    }

    @Test
    void split_singleQuoted_isLiteral() {
        assertEquals(List.of("a \\n \"b\""), texts("'a \\n \"b\"'"));
    }

    @Test
    void split_emptyQuotes_yieldEmptyArgument() {
        assertEquals(List.of("SET", "k", ""), texts("SET k \"\""));
    }

    @Test
    void split_nonAscii_isUtf8() {
        assertArrayEquals("é€".getBytes(StandardCharsets.UTF_8), Tokenizer.split("é€").get(0));
    }

    @Test
    void split_unterminatedQuote_throws() {
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("SET k \"abc"));
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("SET k 'abc"));
    }

    @Test
    void split_quoteGluedToWord_throws() {
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("a\"b\""));
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("\"a\"b"));
    }

    @Test
    void split_badEscape_throws() {
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("\"\\q\""));
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.split("\"\\x4\""));
    }
}
