package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second process opening a store this JVM has open gets an SQLException saying the store is in use (55006);
 * once this JVM closes it, the other process can open it.
 */
class StoreInUseIT {
    @TempDir
    Path dir;

    /** Child JVM: opens {@code args[0]} and prints "OK" or the SQLState and message. */
    public static void main(String[] args) {
        try (Connection c = DriverManager.getConnection(args[0])) {
            System.out.println("OK " + c.isValid(1));
        } catch (SQLException e) {
            System.out.println(e.getSQLState() + " " + e.getMessage());
        }
    }

    private static String runChild(String url) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                StoreInUseIT.class.getName(), url)).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    @Test
    void secondProcess_storeOpenHere_gets55006_thenOpensAfterClose() throws Exception {
        String url = "jdbc:kvstore:" + dir.resolve("store");
        try (Connection c = DriverManager.getConnection(url)) {
            String out = runChild(url);
            assertTrue(out.startsWith("55006 "), out);
            assertTrue(out.contains("in use"), out);
        }
        assertEquals("OK true", runChild(url));
    }
}
