package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ./kvstore launcher's SQL side as users run it (shell, check and server: kv-server's LauncherIT), on the jars this build made: KVSTORE_NO_BUILD=1 keeps it from running
 * Maven, and KVSTORE_CACHE points it at the sqlline jar maven-dependency-plugin copied.
 */
class LauncherIT {
    private static ChildJvm.Result kvstore(Path workDir, Map<String, String> env, String stdin, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ItPaths.repoRoot().resolve("kvstore").toString()));
        command.addAll(List.of(args));
        return ChildJvm.exec(workDir, command, env, stdin);
    }

    @Test
    void help_noArguments_printsUsageAndExitsZero() throws Exception {
        ChildJvm.Result r = kvstore(ItPaths.freshDir("launcher-help"), Map.of(), "");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("usage: ./kvstore <command>"), r::toString);
        assertTrue(r.out().contains("\n  sql ") && r.out().contains("\n  shell "), r::toString);
    }

    @Test
    void unknownCommand_exitsTwoWithUsageOnStderr() throws Exception {
        ChildJvm.Result r = kvstore(ItPaths.freshDir("launcher-unknown"), Map.of(), "", "frobnicate");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("kvstore: unknown command 'frobnicate'"), r::toString);
    }

    @Test
    void sql_defaultStoreAndScript_printsCsvAndCreatesKvdata() throws Exception {
        Path dir = ItPaths.freshDir("launcher-sql");
        Path script = dir.resolve("script.sql");
        Files.writeString(script, String.join("\n",
                "INSERT INTO kv (key, value) VALUES ('k', BYTES('v'));",
                "SELECT key, TEXT(value) AS v FROM kv;",
                ""), StandardCharsets.UTF_8);
        Map<String, String> env = Map.of("KVSTORE_NO_BUILD", "1", "KVSTORE_CDS", "0",
                "KVSTORE_CACHE", ItPaths.sqllineJar().getParent().toString());
        ChildJvm.Result r = kvstore(dir, env, "", "sql", "-f", script.toString(), "--outputformat=csv");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("'key','v'", "'k','v'"), r.out().lines().toList(), r::toString);
        assertTrue(Files.isDirectory(dir.resolve("kvdata")), "default store ./kvdata not created");
        assertTrue(!r.err().contains("isolation level"), r::toString);
    }

    private static Map<String, String> sqlEnv() {
        return Map.of("KVSTORE_NO_BUILD", "1", "KVSTORE_CDS", "0",
                "KVSTORE_CACHE", ItPaths.sqllineJar().getParent().toString());
    }

    @Test
    void sql_pathAfterOptions_usesThatPath() throws Exception {
        Path dir = ItPaths.freshDir("launcher-sql-path");
        ChildJvm.Result r = kvstore(dir, sqlEnv(), "", "sql", "-e",
                "INSERT INTO kv (key, value) VALUES ('k', BYTES('v'))", "--outputformat=csv", "some/dir");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isDirectory(dir.resolve("some/dir")), "store not created at some/dir: " + r);
        assertTrue(!Files.exists(dir.resolve("kvdata")), "./kvdata created although a path was given");
        ChildJvm.Result read = kvstore(dir, sqlEnv(), "", "sql", "some/dir", "--outputformat=csv", "-e",
                "SELECT key FROM kv");
        assertEquals(0, read.exitCode(), read::toString);
        assertEquals(List.of("'key'", "'k'"), read.out().lines().toList(), read::toString);
    }

    @Test
    void sql_storeInUseByAnotherProcess_printsOneLineWith55006AndExitsTwo() throws Exception {
        Path dir = ItPaths.freshDir("launcher-sql-in-use");
        try (io.kvstore.engine.KvStore held = io.kvstore.engine.KvStore.open(dir.resolve("store"))) {
            ChildJvm.Result r = kvstore(dir, sqlEnv(), "", "sql", "store", "-e", "SELECT 1");
            assertEquals(2, r.exitCode(), r::toString);
            List<String> lines = r.err().lines().filter(l -> l.startsWith("kvstore:")).toList();
            assertEquals(1, lines.size(), r::toString);
            assertTrue(lines.get(0).contains("in use by another process (pid " + ProcessHandle.current().pid() + ")")
                    && lines.get(0).endsWith("(SQLState 55006)"), r::toString);
            assertTrue(!r.err().contains("\tat ") && !r.out().contains("sqlline>"), r::toString);
        }
    }

    @Test
    void sql_scriptWithBadStatement_printsErrorLineWithoutStackTraceAndFails() throws Exception {
        Path dir = ItPaths.freshDir("launcher-sql-error");
        Path script = dir.resolve("bad.sql");
        Files.writeString(script, "SELEC * FROM kv;\n", StandardCharsets.UTF_8);
        ChildJvm.Result r = kvstore(dir, sqlEnv(), "", "sql", "-f", script.toString(), "store");
        assertTrue(r.exitCode() != 0, r::toString);
        String all = r.out() + r.err();
        assertTrue(all.contains("Error: ") && all.contains("state=42601"), r::toString);
        assertTrue(!all.contains("\tat ") && !all.contains("Caused by"), r::toString);
    }

    @Test
    void bench_help_answersWithoutBuilding() throws Exception {
        ChildJvm.Result r = kvstore(ItPaths.freshDir("launcher-bench-help"), Map.of("KVSTORE_NO_BUILD", "1"), "",
                "bench", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("usage") || r.out().contains("--rows"), r::toString);
        assertTrue(!r.err().contains("building"), r::toString);
    }
}
