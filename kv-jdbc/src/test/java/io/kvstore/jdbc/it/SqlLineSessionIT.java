package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scripted sqlline 1.12.0 session as ./kvstore sql runs it: a child JVM with only sqlline's jar and the
 * all-in-one driver jar on the class path, CSV output.
 */
class SqlLineSessionIT {
    private static ChildJvm.Result sqlline(Path workDir, String url, String script) throws Exception {
        Files.createDirectories(workDir);
        Path file = workDir.resolve("script.sql");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return ChildJvm.run(workDir, List.of(ItPaths.allJar(), ItPaths.sqllineJar()), "sqlline.SqlLine",
                List.of("-u", url, "-n", "", "-p", "", "-f", file.toString(), "--outputformat=csv"), "");
    }

    @Test
    void sqlline_scriptCreatesReadsUpdatesDeletes_printsCsvAndPersists() throws Exception {
        Path dir = ItPaths.freshDir("sqlline");
        String url = "jdbc:kvstore:" + dir.resolve("store");
        ChildJvm.Result r = sqlline(dir.resolve("run1"), url, String.join("\n",
                "INSERT INTO kv (key, value) VALUES ('a', BYTES('alpha')), ('b', BYTES('beta'));",
                "SELECT key, TEXT(value) AS v FROM kv ORDER BY key;",
                "UPDATE kv SET value = BYTES('ALPHA') WHERE key = 'a';",
                "DELETE FROM kv WHERE key = 'b';",
                "SELECT key, TEXT(value) AS v FROM kv ORDER BY key;",
                "SELECT COUNT(*) AS n FROM kv;",
                ""));
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.out();
        assertFalse(out.contains("Error:") || r.err().contains("Error:"), r::toString);
        int firstA = out.indexOf("'a','alpha'");
        int firstB = out.indexOf("'b','beta'");
        int updatedA = out.indexOf("'a','ALPHA'");
        assertTrue(firstA >= 0 && firstB > firstA, r::toString);
        assertTrue(updatedA > firstB, r::toString);
        assertEquals(firstB, out.lastIndexOf("'b','beta'"), r::toString);
        assertTrue(out.indexOf("'1'", updatedA) > updatedA, r::toString);

        ChildJvm.Result again = sqlline(dir.resolve("run2"), url,
                "SELECT TEXT(value) AS v FROM kv WHERE key = 'a';\n");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("'ALPHA'"), again::toString);
    }
}
