package io.kvstore.server.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobTest {
    @Test
    void matches_star_matchesAnyRunIncludingEmpty() {
        assertTrue(Glob.compile("user:*").matches("user:"));
        assertTrue(Glob.compile("user:*").matches("user:42:name"));
        assertFalse(Glob.compile("user:*").matches("order:1"));
    }

    @Test
    void matches_questionMark_matchesExactlyOneCharacter() {
        assertTrue(Glob.compile("k?").matches("k1"));
        assertFalse(Glob.compile("k?").matches("k12"));
        assertFalse(Glob.compile("k?").matches("k"));
    }

    @Test
    void matches_classAndNegatedClass() {
        assertTrue(Glob.compile("k[a-c]").matches("kb"));
        assertFalse(Glob.compile("k[a-c]").matches("kd"));
        assertTrue(Glob.compile("k[!a-c]").matches("kd"));
        assertFalse(Glob.compile("k[^a-c]").matches("ka"));
    }

    @Test
    void matches_regexMetacharacters_areLiteral() {
        assertTrue(Glob.compile("a.b+(c)").matches("a.b+(c)"));
        assertFalse(Glob.compile("a.b").matches("axb"));
        assertTrue(Glob.compile("a\\*").matches("a*"));
        assertFalse(Glob.compile("a\\*").matches("ab"));
    }

    @Test
    void compile_unclosedBracket_throws() {
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("k[ab"));
        assertThrows(IllegalArgumentException.class, () -> Glob.compile("k\\"));
    }

    @Test
    void literalPrefix_stopsAtFirstWildcardAndResolvesEscapes() {
        assertEquals("user:", Glob.literalPrefix("user:*"));
        assertEquals("a*b", Glob.literalPrefix("a\\*b?c"));
        assertEquals("", Glob.literalPrefix("*x"));
        assertEquals("ab", Glob.literalPrefix("ab[cd]"));
        assertEquals("exact", Glob.literalPrefix("exact"));
    }
}
