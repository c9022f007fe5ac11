package io.kvstore.server.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShellSessionTest {
    private final KvStore store = KvStore.inMemory();
    private final StringWriter buffer = new StringWriter();
    private final ShellSession session = new ShellSession(store, new PrintWriter(buffer));

    @AfterEach
    void close() {
        store.close();
    }

    /** Executes the line and returns what it printed. */
    private String run(String line) {
        buffer.getBuffer().setLength(0);
        session.execute(line);
        return buffer.toString();
    }

    @Test
    void set_thenGet_printsQuotedValue() {
        assertEquals("OK\n", run("SET k \"two words\""));
        assertEquals("\"two words\"\n", run("get k"));
        assertArrayEquals("two words".getBytes(StandardCharsets.UTF_8), store.get("k".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void set_binaryEscapes_storesRawBytesAndGetShowsThem() {
        run("SET bin \"\\x00\\xff\"");
        assertArrayEquals(new byte[] {0, (byte) 0xff}, store.get("bin".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"\\x00\\xff\"\n", run("GET bin"));
    }

    @Test
    void get_missingKey_printsNil() {
        assertEquals("(nil)\n", run("GET nope"));
    }

    @Test
    void del_severalKeys_countsOnlyExisting() {
        run("SET a 1");
        run("SET b 2");
        assertEquals("(integer) 2\n", run("DEL a b c"));
        assertEquals("(integer) 0\n", run("EXISTS a"));
    }

    @Test
    void keys_pattern_listsMatchesSorted() {
        run("SET user:2 x");
        run("SET user:1 x");
        run("SET order:1 x");
        assertEquals("1) \"user:1\"\n2) \"user:2\"\n", run("KEYS user:*"));
        assertEquals("1) \"order:1\"\n2) \"user:1\"\n3) \"user:2\"\n", run("KEYS"));
        assertEquals("(empty)\n", run("KEYS none*"));
    }

    @Test
    void keys_patternWithBytesThatAreNotUtf8_matchesExactlyThoseBytes() {
        run("SET \"a\\xff\" 1");
        run("SET \"a\\xfe\" 2");
        assertEquals("1) \"a\\xff\"\n", run("KEYS \"a\\xff\""));
        assertEquals("1) \"a\\xfe\"\n2) \"a\\xff\"\n", run("KEYS a?"));
    }

    @Test
    void stats_afterWrites_reportsCount() {
        run("SET a 1");
        run("SET b 2");
        String stats = run("STATS");
        assertTrue(stats.contains("\ncount: 2\n"), stats);
        assertTrue(stats.startsWith("store: (in memory)\n"), stats);
    }

    @Test
    void save_inMemoryStore_printsOk() {
        run("SET a 1");
        assertEquals("OK\n", run("SAVE"));
    }

    @Test
    void execute_unknownCommandOrWrongArity_printsErrorAndCounts() {
        assertTrue(run("FROB").startsWith("(error) unknown command 'FROB'"));
        assertTrue(run("SET a b c").contains("quote a value that contains spaces"));
        assertTrue(run("GET \"unterminated").startsWith("(error) unterminated"));
        assertEquals(3, session.errors());
    }

    @Test
    void execute_blankAndComment_printNothing() {
        assertEquals("", run("   "));
        assertEquals("", run("# SET a 1"));
        assertEquals(0, session.errors());
    }

    @Test
    void execute_quitOrExit_returnsQuit() {
        assertEquals(ShellSession.Outcome.QUIT, session.execute("quit"));
        assertEquals(ShellSession.Outcome.QUIT, session.execute("EXIT"));
        assertEquals(ShellSession.Outcome.CONTINUE, session.execute("HELP"));
    }
}
