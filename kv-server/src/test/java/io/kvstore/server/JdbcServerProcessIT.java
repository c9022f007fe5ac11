package io.kvstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kvstore server --jdbc-port 0} as its own process: a remote JDBC client writes and reads, a transaction
 * left open when the server stops is rolled back, SIGTERM exits 0, and the committed rows are in the store after.
 */
class JdbcServerProcessIT {
    private static final Pattern JDBC = Pattern.compile("for remote JDBC \\(jdbc:kvstore://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern READY = Pattern.compile("ready to accept connections on port (\\d+)");

    @TempDir
    Path dir;

    @Test
    void childServer_remoteJdbc_writesSurviveSigterm_openTransactionRolledBack() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                dir.resolve("store").toString(), "--port", "0", "--bind", "127.0.0.1", "--jdbc-port", "0"));
        Path log = dir.resolve("server.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = -1;
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline && p.isAlive() && port < 0) {
                String text = Files.readString(log);
                Matcher m = JDBC.matcher(text);
                if (m.find() && READY.matcher(text).find()) {
                    port = Integer.parseInt(m.group(1));
                }
                Thread.sleep(50);
            }
            assertTrue(port > 0, () -> "no JDBC port in the log:\n" + readQuietly(log));
            String url = "jdbc:kvstore://127.0.0.1:" + port;
            try (Connection c = DriverManager.getConnection(url);
                 PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    ins.setString(1, "k" + i);
                    ins.setString(2, "v" + i);
                    ins.addBatch();
                }
                assertEquals(100, ins.executeBatch().length);
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM kv")) {
                    rs.next();
                    assertEquals(100, rs.getInt(1));
                }
            }
            Connection open = DriverManager.getConnection(url);
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.executeUpdate("INSERT INTO kv (key, value) VALUES ('uncommitted', BYTES('x'))");
            }
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> "server did not stop:\n" + readQuietly(log));
            assertEquals(0, p.exitValue(), () -> readQuietly(log));
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, open::commit);
            // a commit whose connection is lost under it: outcome unknown to the client (40003); here it was not
            // applied (the server rolled the session back when it stopped), as the count below shows
            assertTrue(e.getSQLState().startsWith("08") || e.getSQLState().equals("40003"), e.getSQLState());
            open.close();
        } finally {
            p.destroyForcibly();
        }
        try (Connection c = DriverManager.getConnection("jdbc:kvstore:" + dir.resolve("store"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(CASE WHEN key = 'uncommitted' THEN 1 END) FROM kv")) {
            rs.next();
            assertEquals(100, rs.getInt(1));
            assertEquals(0, rs.getInt(2));
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
