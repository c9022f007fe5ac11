package io.kvstore.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandTableTest {
    private final CommandTable table = CommandTable.standard();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void lookup_anyCase_findsTheCommand() {
        for (CommandSpec spec : table.all()) {
            assertSame(spec, table.lookup(b(spec.name())), spec.name());
            assertSame(spec, table.lookup(b(spec.name().toUpperCase(java.util.Locale.ROOT))), spec.name());
        }
        assertEquals("getrange", table.lookup(b("GeTrAnGe")).name());
    }

    @Test
    void lookup_unknownPrefixOrNonLetter_null() {
        assertNull(table.lookup(b("")));
        assertNull(table.lookup(b("ge")));
        assertNull(table.lookup(b("gett")));
        assertNull(table.lookup(b("LPUSH")));
        assertNull(table.lookup(b("@et")));
        assertNull(table.lookup(b("{et")));
        assertNull(table.lookup(new byte[] {(byte) 0xC7, 'E', 'T'}));
        assertNull(table.lookup(b("g\u00c5t")));
        assertNull(table.lookup(b("x".repeat(100))));
    }
}
