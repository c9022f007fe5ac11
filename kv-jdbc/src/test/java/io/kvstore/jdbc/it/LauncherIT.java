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
}
