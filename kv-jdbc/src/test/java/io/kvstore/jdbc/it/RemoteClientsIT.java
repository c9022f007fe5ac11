package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kvstore.jdbc.KvDataSource;
import io.kvstore.jdbc.remote.RemoteFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real clients against a remote URL (jdbc:kvstore://127.0.0.1:port): HikariCP in both modes, and sqlline. */
class RemoteClientsIT {
    @Test
    void hikari_jdbcUrlAndDataSourceModes_remote_roundTrip() throws Exception {
        try (RemoteFixture fx = new RemoteFixture("pw")) {
            HikariConfig byUrl = new HikariConfig();
            byUrl.setJdbcUrl(fx.remoteUrl());
            byUrl.setPassword("pw");
            byUrl.setMaximumPoolSize(3);
            byUrl.setAutoCommit(false);
            try (HikariDataSource ds = new HikariDataSource(byUrl)) {
                try (Connection c = ds.getConnection();
                     PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                    ins.setString(1, "h1");
                    ins.setBytes(2, new byte[] {7});
                    ins.executeUpdate();
                    c.commit();
                }
                try (Connection c = ds.getConnection();
                     PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                    ins.setString(1, "dirty");
                    ins.setBytes(2, new byte[] {8});
                    ins.executeUpdate(); // returned dirty: the pool rolls it back
                }
            }
            HikariConfig bySource = new HikariConfig();
            bySource.setDataSourceClassName(KvDataSource.class.getName());
            bySource.addDataSourceProperty("url", fx.remoteUrl() + ";password=pw");
            bySource.setMaximumPoolSize(2);
            try (HikariDataSource ds = new HikariDataSource(bySource);
                 Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT key FROM kv ORDER BY key")) {
                assertTrue(c.isValid(1));
                assertTrue(rs.next());
                assertEquals("h1", rs.getString(1));
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void sqlline_scriptOverRemoteUrl_printsRowsAndTables() throws Exception {
        try (RemoteFixture fx = new RemoteFixture(null)) {
            Path dir = ItPaths.freshDir("sqlline-remote");
            Path script = dir.resolve("script.sql");
            Files.writeString(script, String.join("\n",
                    "INSERT INTO kv (key, value) VALUES ('a', BYTES('alpha')), ('b', BYTES('beta'));",
                    "SELECT key, TEXT(value) AS v FROM kv ORDER BY key;",
                    "!tables",
                    ""), StandardCharsets.UTF_8);
            ChildJvm.Result r = ChildJvm.run(dir, List.of(ItPaths.allJar(), ItPaths.sqllineJar()), "sqlline.SqlLine",
                    List.of("-u", fx.remoteUrl(), "-n", "", "-p", "", "-f", script.toString(),
                            "--outputformat=csv"), "");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.out().contains("'a','alpha'") && r.out().contains("'b','beta'"), r::toString);
            assertTrue(r.out().contains("'kv'"), r::toString);
            assertFalse(r.out().contains("Error:") || r.err().contains("Error:"), r::toString);
        }
    }
}
