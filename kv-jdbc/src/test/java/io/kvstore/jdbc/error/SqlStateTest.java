package io.kvstore.jdbc.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.connection.KvStatement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every error class surfaces with its documented SQLState, and the connection keeps working afterwards. */
class SqlStateTest {
    @TempDir
    Path dir;

    /** Runs {@code e}, expects {@code state}, then checks that {@code c} still runs SQL. */
    private static SQLException expect(Connection c, String state, Executable e) throws SQLException {
        SQLException ex = TestUrls.sqlError(e);
        assertEquals(state, ex.getSQLState(), () -> "got " + ex);
        assertUsable(c);
        return ex;
    }

    private static void assertUsable(Connection c) throws SQLException {
        assertTrue(c.isValid(1));
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from kv")) {
            assertTrue(rs.next());
        }
    }

    private static void insert(Connection c, String key, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
            ps.setString(1, key);
            ps.setBytes(2, value);
            ps.executeUpdate();
        }
    }

    @Test
    void duplicateKey_23505_onBothPaths() throws SQLException {
        for (String opt : List.of("", ";fastPath=false")) {
            try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt); Statement st = c.createStatement()) {
                insert(c, "a", new byte[] {1});
                SQLException e = expect(c, "23505", () -> insert(c, "a", new byte[] {2}));
                assertInstanceOf(SQLIntegrityConstraintViolationException.class, e);
                expect(c, "23505", () -> st.executeUpdate("insert into kv values ('b', x'01'), ('b', x'02')"));
                expect(c, "23505", () -> st.executeUpdate("insert into kv values ('a', x'03')"));
            }
        }
    }

    @Test
    void notNull_23502_onBothPaths() throws SQLException {
        for (String opt : List.of("", ";fastPath=false")) {
            try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt); Statement st = c.createStatement()) {
                expect(c, "23502", () -> insert(c, "a", null));
                expect(c, "23502", () -> insert(c, null, new byte[0]));
                expect(c, "23502", () -> st.executeUpdate("insert into kv values ('a', null)"));
            }
        }
    }

    @Test
    void tooLarge_22001() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + ";maxValueBytes=10;maxKeyBytes=4");
             Statement st = c.createStatement()) {
            expect(c, "22001", () -> insert(c, "a", new byte[11]));
            expect(c, "22001", () -> insert(c, "abcde", new byte[1]));
            expect(c, "22001", () -> st.executeUpdate("insert into kv values ('a', x'0102030405060708090a0b')"));
        }
    }

    @Test
    void memoryLimit_53200() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem() + ";memoryLimit=64k")) {
            SQLException e = TestUrls.sqlError(() -> {
                for (int i = 0; i < 10_000; i++) {
                    insert(c, "k" + i, new byte[100]);
                }
            });
            assertEquals("53200", e.getSQLState(), e::toString);
            assertUsable(c);
        }
    }

    @Test
    void syntaxAndNames_42601_42S02_42S22() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            assertInstanceOf(SQLSyntaxErrorException.class, expect(c, "42601", () -> st.executeQuery("selec 1")));
            expect(c, "42601", () -> c.prepareStatement("select from where"));
            expect(c, "42S02", () -> st.executeQuery("select * from nope"));
            expect(c, "42S22", () -> st.executeQuery("select nope from kv"));
            expect(c, "42S22", () -> st.executeQuery("select key from kv where nope = 1"));
        }
    }

    /** Runs {@code sql}, expects {@code state} and a message of one line containing {@code words}. */
    private static SQLException expectSql(Connection c, String state, String sql, String words) throws SQLException {
        try (Statement st = c.createStatement()) {
            SQLException e = expect(c, state, () -> st.execute(sql));
            assertTrue(!e.getMessage().contains("\n"), () -> "more than one line: " + e.getMessage());
            assertTrue(e.getMessage().contains(words), () -> sql + " -> " + e.getMessage());
            int depth = 0;
            for (Throwable t = e; t != null; t = t.getCause()) {
                depth++;
            }
            final int d = depth;
            assertTrue(d <= 3, () -> sql + ": cause chain of " + d);
            return e;
        }
    }

    @Test
    void userInputErrors_specificStatesAndOneLineMessages() throws SQLException {
        for (String opt : List.of("", ";fastPath=false")) {
            try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt)) {
                insert(c, "a", new byte[] {1});
                insert(c, "tx:2", new byte[] {2});
                expectSql(c, "42S22", "SELECT nme FROM kv", "Column 'nme' not found in table 'kv'");
                expectSql(c, "21S01", "INSERT INTO kv VALUES ('three','a','b')", "more values than columns");
                expectSql(c, "25006", "INSERT INTO kv_stats SELECT * FROM kv_stats", "kv_stats is read-only");
                expectSql(c, "25006", "UPDATE kv_stats SET entries = 1", "kv_stats is read-only");
                expectSql(c, "25006", "DELETE FROM kv_snapshot", "kv_snapshot is read-only");
                expectSql(c, "25006", "INSERT INTO kv_text VALUES ('x', 'y')", "kv_text is read-only");
                expectSql(c, "42601", "SELEC * FROM kv", "syntax error at 'SELEC' (line 1, column 1)");
                expectSql(c, "42601", "REPLACE INTO kv VALUES ('a', x'00')", "syntax error at 'REPLACE'");
                expectSql(c, "42601", "select from where", "syntax error at 'from'");
                expectSql(c, "0A000", "CREATE TABLE t (a int)", "CREATE TABLE is not supported");
                expectSql(c, "0A000", "DROP TABLE kv", "DROP TABLE is not supported");
                expectSql(c, "42601", "EXPLAIN PLAN FOR selec", "syntax error at 'selec'");
                expectSql(c, "42601", "select key from kv limit -1", "LIMIT, OFFSET and FETCH take an unsigned"
                        + " integer or a ? parameter");
                expectSql(c, "42804", "SELECT * FROM kv WHERE key = 1", "the types are VARCHAR = INTEGER");
                expectSql(c, "22019", "select * from kv where key like 'a%' escape ''", "ESCAPE");
                expectSql(c, "0A000", "SELECT CURRENT_SCHEMA", "CURRENT_SCHEMA");
                expectSql(c, "42804", "select * from kv where key = 'a' and value = 1", "VARBINARY = INTEGER");
                expectSql(c, "42883", "select nosuchfunction(key) from kv", "nosuchfunction");
                expectSql(c, "42804", "INSERT INTO kv VALUES ('n2', 2)", "VARBINARY");
                expectSql(c, "0A000", "merge into kv using (values ('a', x'01')) as s(k, v) on kv.value = s.v"
                        + " when matched then update set value = s.v", "this MERGE is not supported");
                expectSql(c, "42804", "UPDATE kv SET value = 5 WHERE key = 'a'", "value is VARBINARY");
            }
        }
    }

    @Test
    void divisionByZero_22012_alsoWhenRepeated() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            insert(c, "a", new byte[] {1});
            for (int i = 0; i < 2; i++) {
                expect(c, "22012", () -> {
                    try (ResultSet rs = st.executeQuery("select 1 / 0 from kv")) {
                        rs.next();
                    }
                });
            }
        }
    }

    @Test
    void wrongParameterType_07006_andUnsetParameter_07001() throws SQLException {
        for (String opt : List.of("", ";fastPath=false")) {
            try (Connection c = DriverManager.getConnection(TestUrls.mem() + opt);
                 PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
                {
                    ps.setString(1, "k");
                    ps.setObject(2, new Object());
                    expect(c, "07006", ps::executeUpdate);
                    ps.setBytes(1, new byte[] {1});
                    ps.setBytes(2, new byte[] {1});
                    expect(c, "07006", ps::executeUpdate);
                    ps.clearParameters();
                    ps.setString(1, "k");
                    expect(c, "07001", ps::executeUpdate);
                }
            }
        }
    }

    @Test
    void cancel_57014_whileRowsStream() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            for (int i = 0; i < 100; i++) {
                insert(c, "k" + i, new byte[] {1});
            }
            ResultSet rs = st.executeQuery("select a.key from kv a, kv b");
            assertTrue(rs.next());
            st.cancel();
            SQLException e = expect(c, "57014", () -> {
                while (rs.next()) {
                    // drain until the cancel is seen
                }
            });
            assertTrue(e.getMessage().contains("cancel"), e.getMessage());
            try (ResultSet again = st.executeQuery("select count(*) from kv")) {
                assertTrue(again.next());
                assertEquals(100, again.getLong(1));
            }
        }
    }

    @Test
    void cancel_fromAnotherThreadWhileExecuting_57014_thenStatementsWorkAgain() throws Exception {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            for (int i = 0; i < 300; i++) {
                insert(c, "k" + i, new byte[] {1});
            }
            String endless = "select count(*) from kv a, kv b, kv c, kv d where a.value = ?";
            for (boolean prepared : new boolean[] {false, true}) {
                Statement st = prepared ? c.prepareStatement(endless) : c.createStatement();
                if (prepared) {
                    ((PreparedStatement) st).setBytes(1, new byte[] {1});
                }
                java.util.concurrent.CompletableFuture<SQLException> outcome =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try {
                                ResultSet rs = prepared ? ((PreparedStatement) st).executeQuery()
                                        : st.executeQuery(endless.replace("?", "x'01'"));
                                rs.next();
                                return null;
                            } catch (SQLException e) {
                                return e;
                            }
                        });
                KvStatement kst = st.unwrap(KvStatement.class);
                while (!kst.isExecuting() && !outcome.isDone()) {
                    Thread.onSpinWait();
                }
                st.cancel();
                SQLException e = outcome.get(300, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals("57014", e == null ? "finished" : e.getSQLState(), () -> String.valueOf(e));
                assertUsable(c);
                if (prepared) {
                    // the same prepared statement runs again after a cancel
                    PreparedStatement ps = c.prepareStatement("select count(*) from kv where value = ?");
                    ps.setBytes(1, new byte[] {1});
                    ps.cancel(); // idle: must not affect the next execution
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(300, rs.getLong(1));
                    }
                    ps.close();
                    // the canceled statement runs again (and stops at its timeout, not at the old cancel)
                    PreparedStatement again = (PreparedStatement) st;
                    again.setQueryTimeout(1);
                    expect(c, SqlState.TIMEOUT.code(), () -> again.executeQuery().next());
                }
                st.close();
            }
        }
    }

    @Test
    void preparedStatement_afterCancelWhileStreaming_runsAgain() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem());
             PreparedStatement ps = c.prepareStatement("select a.key from kv a, kv b where a.value = ?")) {
            for (int i = 0; i < 50; i++) {
                insert(c, "k" + i, new byte[] {1});
            }
            ps.setBytes(1, new byte[] {1});
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            ps.cancel();
            expect(c, "57014", () -> {
                while (rs.next()) {
                    // until the cancel is seen
                }
            });
            int n = 0;
            try (ResultSet again = ps.executeQuery()) {
                while (again.next()) {
                    n++;
                }
            }
            assertEquals(2500, n);
        }
    }

    @Test
    void queryTimeout_SQLTimeoutException() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem()); Statement st = c.createStatement()) {
            for (int i = 0; i < 500; i++) {
                insert(c, "k" + i, new byte[] {1});
            }
            st.setQueryTimeout(1);
            SQLException e = expect(c, SqlState.TIMEOUT.code(), () -> {
                try (ResultSet rs = st.executeQuery("select count(*) from kv a, kv b, kv c, kv d")) {
                    rs.next();
                }
            });
            assertInstanceOf(SQLTimeoutException.class, e);
        }
    }

    @Test
    void storeInUseInThisJvm_55006() throws SQLException {
        Path p = dir.resolve("locked");
        try (KvStore direct = KvStore.open(p)) {
            SQLException e = TestUrls.sqlError(() -> DriverManager.getConnection("jdbc:kvstore:" + p));
            assertEquals("55006", e.getSQLState());
        }
    }

    @Test
    void corruption_XX001_salvageOpens() throws Exception {
        Path p = dir.resolve("corrupt");
        String url = "jdbc:kvstore:" + p + ";walSegmentBytes=4096;snapshotWalBytes=0";
        try (Connection c = DriverManager.getConnection(url)) {
            for (int i = 0; i < 200; i++) {
                insert(c, "key" + i, new byte[64]);
            }
        }
        List<Path> segments;
        try (Stream<Path> s = Files.list(p)) {
            segments = s.filter(f -> f.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
        assertTrue(segments.size() > 2, segments::toString);
        flipByte(segments.get(0), 2000);
        SQLException e = TestUrls.sqlError(() -> DriverManager.getConnection(url));
        assertEquals("XX001", e.getSQLState(), e::toString);
        try (Connection c = DriverManager.getConnection(url + ";salvage=true")) {
            assertUsable(c);
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            b.rewind();
            ch.write(b, at);
        }
    }
}
