package io.kvstore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * autoServer=true: while this JVM has the store open with it, a second process's plain URL of the store connects
 * through this JVM (and writes what this JVM then reads) instead of failing with 55006; the server and its file
 * go away with the store.
 */
class AutoServerIT {
    @TempDir
    Path dir;

    /** Child JVM: opens {@code args[0]}, inserts key {@code args[1]}, prints the connection class and row count. */
    public static void main(String[] args) {
        try (Connection c = DriverManager.getConnection(args[0])) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                ps.setString(1, args[1]);
                ps.setString(2, "from the child");
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM kv")) {
                rs.next();
                System.out.println("OK " + c.getClass().getSimpleName() + " " + rs.getLong(1));
            }
        } catch (SQLException e) {
            System.out.println(e.getSQLState() + " " + e.getMessage());
        }
    }

    private static String runChild(String url, String key) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), AutoServerIT.class.getName(), url, key))
                .redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    @Test
    void secondProcess_plainUrl_connectsThroughFirst_thenEmbeddedAfterClose() throws Exception {
        Path store = dir.resolve("store");
        String plain = "jdbc:kvstore:" + store;
        try (Connection c = DriverManager.getConnection(plain + ";autoServer=true")) {
            Path file = store.resolve(AutoServer.FILE);
            assertTrue(Files.exists(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String out = runChild(plain, "child1");
            assertEquals("OK RemoteConnection 1", out);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT TEXT(value) FROM kv WHERE key = 'child1'")) {
                assertTrue(rs.next());
                assertEquals("from the child", rs.getString(1));
            }
            // a store option that differs from the open store's: 55006, as embedded
            String other = runChild(plain + ";sync=none", "child2");
            assertTrue(other.startsWith("55006 "), other);
        }
        assertFalse(Files.exists(store.resolve(AutoServer.FILE)), "the file goes with the store");
        assertEquals("OK KvConnection 2", runChild(plain, "child3"));
    }

    @Test
    void staleFile_holderWithoutServer_stillReports55006() throws Exception {
        Path store = dir.resolve("store2");
        String plain = "jdbc:kvstore:" + store;
        try (Connection c = DriverManager.getConnection(plain)) {
            Files.writeString(store.resolve(AutoServer.FILE), "port=1\nsecret=x\n");
            String out = runChild(plain, "k");
            assertTrue(out.startsWith("55006 "), out);
        }
    }
}
