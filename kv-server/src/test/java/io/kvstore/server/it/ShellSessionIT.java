package io.kvstore.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kvstore shell as a user runs it: a child JVM with only the all-in-one jar, commands piped in. */
class ShellSessionIT {
    private static ChildJvm.Result shell(Path workDir, Path store, String input) throws Exception {
        return ChildJvm.run(workDir, List.of(ItPaths.allJar()), "io.kvstore.server.shell.KvShell",
                List.of(store.toString()), input);
    }

    @Test
    void shell_pipedCommands_repliesAndPersistsAcrossRuns() throws Exception {
        Path dir = ItPaths.freshDir("shell");
        Path store = dir.resolve("store");
        ChildJvm.Result first = shell(dir.resolve("run1"), store, String.join("\n",
                "SET greeting \"hello world\"",
                "GET greeting",
                "set k2 v2",
                "EXISTS k2",
                "EXISTS nope",
                "# a comment",
                "",
                "KEYS",
                "KEYS k*",
                "DEL k2 nope",
                "GET k2",
                "SAVE",
                "QUIT",
                "SET after-quit x",
                ""));
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(String.join("\n",
                "OK",
                "\"hello world\"",
                "OK",
                "(integer) 1",
                "(integer) 0",
                "1) \"greeting\"",
                "2) \"k2\"",
                "1) \"k2\"",
                "(integer) 1",
                "(nil)",
                "OK",
                ""), first.out(), first::toString);

        ChildJvm.Result second = shell(dir.resolve("run2"), store, "GET greeting\nEXISTS after-quit\nSTATS\n");
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.out().startsWith("\"hello world\"\n(integer) 0\n"), second::toString);
        assertTrue(second.out().contains("\ncount: 1\n"), second::toString);
    }

    @Test
    void shell_badCommands_printErrorsAndExitOne() throws Exception {
        Path dir = ItPaths.freshDir("shell-errors");
        ChildJvm.Result r = shell(dir, dir.resolve("store"), "FROB x\nSET onlykey\nGET onlykey\n");
        assertEquals(1, r.exitCode(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("(error) unknown command 'FROB'"), r::toString);
        assertTrue(lines.get(1).startsWith("(error) wrong number of arguments for SET"), r::toString);
        assertEquals("(nil)", lines.get(2), r::toString);
    }

    @Test
    void shell_storeOpenElsewhere_exitsTwoWithMessage() throws Exception {
        Path dir = ItPaths.freshDir("shell-locked");
        Path store = dir.resolve("store");
        try (KvStore held = KvStore.open(store)) {
            ChildJvm.Result r = shell(dir.resolve("run"), store, "GET a\n");
            assertEquals(2, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("kvstore: "), r::toString);
            assertEquals("", r.out(), r::toString);
        }
    }
}
