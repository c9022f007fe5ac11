package io.kvstore.jdbc.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through JDBC on a file store: each mistake must fail with a clear SQLException carrying the SQLState
 * documented in docs/jdbc.md ("Errors and SQLStates"), the connection must stay usable afterwards, and the data
 * committed before must be intact (read back row by row). Covers SQL errors, parameters, constraint and limit
 * violations, URL options, unusable paths, a store held by another process, read-only stores, the memory
 * limit, closed objects, cancel and timeout.
 */
class BadInputIT {
    private static final int KEEP = 5;

    @TempDir
    Path tmp;
    private Path store;
    private int fresh;

    @BeforeEach
    void commitSomeRows() throws SQLException {
        store = tmp.resolve("store");
        try (Connection c = DriverManager.getConnection(url(""))) {
            for (int i = 0; i < KEEP; i++) {
                insert(c, "keep-" + i, value(i));
            }
        }
    }

    private String url(String options) {
        return "jdbc:kvstore:" + store + options;
    }

    private static byte[] value(int i) {
        return ("kept value " + i).getBytes(UTF_8);
    }

    private static void insert(Connection c, String key, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setBytes(2, value);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static SQLException expect(String state, Executable e) {
        SQLException x = assertThrows(SQLException.class, e);
        assertEquals(state, x.getSQLState(), () -> "SQLState of: " + x.getMessage());
        assertTrue(x.getMessage() != null && x.getMessage().length() > 10, "a clear message: " + x.getMessage());
        return x;
    }

    /** The connection still answers, the committed rows are intact, and (if writable) a new write works. */
    private void assertUsableAndIntact(Connection c, boolean writable) throws SQLException {
        assertTrue(c.isValid(10), "connection still valid");
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
            for (int i = 0; i < KEEP; i++) {
                ps.setString(1, "keep-" + i);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "keep-" + i + " still there");
                    assertArrayEquals(value(i), rs.getBytes(1), "keep-" + i + " intact");
                }
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM kv WHERE key LIKE 'keep-%'")) {
            assertTrue(rs.next());
            assertEquals(KEEP, rs.getLong(1), "no kept row lost or duplicated");
        }
        if (writable) {
            String key = "after-" + fresh++;
            insert(c, key, new byte[] {7});
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertArrayEquals(new byte[] {7}, rs.getBytes(1));
                }
            }
        }
    }

    private void assertIntactAfterReconnect() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(""))) {
            assertUsableAndIntact(c, true);
        }
    }

    @Test
    void execute_malformedSql_42601AndConnectionUsable() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("")); Statement st = c.createStatement()) {
            for (String sql : new String[] {"SELEC * FROM kv", "SELECT * FROM kv WHERE", "INSERT INTO kv VALUES (",
                    "DELETE kv kv kv"}) {
                expect("42601", () -> st.execute(sql));
                assertUsableAndIntact(c, true);
            }
        }
    }

    @Test
    void execute_unknownTableOrColumn_42S02Or42S22() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("")); Statement st = c.createStatement()) {
            expect("42S02", () -> st.executeQuery("SELECT * FROM accounts"));
            assertUsableAndIntact(c, true);
            expect("42S02", () -> st.executeUpdate("INSERT INTO accounts VALUES ('a', x'01')"));
            assertUsableAndIntact(c, true);
            expect("42S22", () -> st.executeQuery("SELECT balance FROM kv"));
            assertUsableAndIntact(c, true);
            expect("42S22", () -> st.executeUpdate("UPDATE kv SET balance = x'01' WHERE key = 'keep-0'"));
            assertUsableAndIntact(c, true);
        }
    }

    @Test
    void executeUpdate_wrongParameterTypes_07006() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(""));
             PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)");
             PreparedStatement up = c.prepareStatement("UPDATE kv SET value = ? WHERE key = ?")) {
            Object[][] bad = {{"k", 42}, {"k", new java.util.Date()}, {new byte[] {1}, new byte[] {1}}};
            for (Object[] params : bad) {
                ps.setObject(1, params[0]);
                ps.setObject(2, params[1]);
                expect("07006", ps::executeUpdate);
                assertUsableAndIntact(c, true);
            }
            up.setObject(1, 3.14);
            up.setString(2, "keep-0");
            expect("07006", up::executeUpdate);
            assertUsableAndIntact(c, true);
        }
    }

    @Test
    void executeUpdate_nullKeyOrValue_23502() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(""));
             PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)");
             Statement st = c.createStatement()) {
            ps.setNull(1, Types.VARCHAR);
            ps.setBytes(2, new byte[] {1});
            expect("23502", ps::executeUpdate);
            ps.setString(1, "k");
            ps.setNull(2, Types.VARBINARY);
            expect("23502", ps::executeUpdate);
            expect("23502", () -> st.executeUpdate("INSERT INTO kv (key, value) VALUES (NULL, x'01')"));
            expect("23502", () -> st.executeUpdate("UPDATE kv SET value = NULL WHERE key = 'keep-0'"));
            assertUsableAndIntact(c, true);
        }
    }

    @Test
    void executeUpdate_keyOrValueOverTheLimit_22001() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(";maxKeyBytes=16;maxValueBytes=64"));
             PreparedStatement ps = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)");
             PreparedStatement up = c.prepareStatement("UPDATE kv SET value = ? WHERE key = ?")) {
            ps.setString(1, "k".repeat(17));
            ps.setBytes(2, new byte[] {1});
            expect("22001", ps::executeUpdate);
            ps.setString(1, "é".repeat(9)); // 9 characters, 18 UTF-8 bytes
            expect("22001", ps::executeUpdate);
            ps.setString(1, "k");
            ps.setBytes(2, new byte[65]);
            expect("22001", ps::executeUpdate);
            up.setBytes(1, new byte[65]);
            up.setString(2, "keep-0");
            expect("22001", up::executeUpdate);
            assertUsableAndIntact(c, true);
        }
    }

    @Test
    void executeUpdate_duplicateKey_23505AndTransactionStaysOpen() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("")); Statement st = c.createStatement()) {
            expect("23505", () -> insert(c, "keep-0", new byte[] {9}));
            expect("23505", () -> st.executeUpdate("INSERT INTO kv VALUES ('keep-1', x'09')"));
            assertUsableAndIntact(c, true);
            c.setAutoCommit(false);
            insert(c, "tx-new", new byte[] {1});
            expect("23505", () -> insert(c, "keep-2", new byte[] {9}));
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM kv WHERE key = 'tx-new'")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1), "the rest of the transaction committed");
            }
            assertUsableAndIntact(c, true);
        }
        assertIntactAfterReconnect();
    }

    @Test
    void getConnection_unknownOrBadUrlOption_22023() throws SQLException {
        for (String opts : new String[] {";nosuch=1", ";sync=sometimes", ";memoryLimit=lots", ";readOnly=maybe",
                ";walSegmentBytes=12"}) {
            SQLException e = expect("22023", () -> DriverManager.getConnection(url(opts)).close());
            String name = opts.substring(1, opts.indexOf('='));
            assertTrue(e.getMessage().contains(name), "the message names the option: " + e.getMessage());
        }
        assertIntactAfterReconnect();
    }

    @Test
    void getConnection_pathIsAFile_58030() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a store");
        expect("58030", () -> DriverManager.getConnection("jdbc:kvstore:" + file).close());
        assertEquals("not a store", Files.readString(file), "the file is left alone");
        assertIntactAfterReconnect();
    }

    @Test
    void getConnection_unreadableDirectory_58030() throws Exception {
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(canList(store), "permissions do not restrict this user (root): chmod 000 cannot be tested");
            expect("58030", () -> DriverManager.getConnection(url("")).close());
        } finally {
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwx------"));
        }
        assertIntactAfterReconnect();
    }

    @Test
    void getConnection_readOnlyDirectory_writableOpenFails58030ReadOnlyOpenReads() throws Exception {
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(canCreate(store), "permissions do not restrict this user (root): a read-only directory"
                    + " cannot be tested");
            expect("58030", () -> DriverManager.getConnection(url("")).close());
            try (Connection c = DriverManager.getConnection(url(";readOnly=true"))) {
                assertUsableAndIntact(c, false);
            }
        } finally {
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwx------"));
        }
        assertIntactAfterReconnect();
    }

    @Test
    void getConnection_storeHeldByAnotherProcess_55006() throws Exception {
        Path stderr = tmp.resolve("child-stderr.txt");
        CountDownLatch holding = new CountDownLatch(1);
        try (ChildJvm child = ChildJvm.start(JdbcChild.class, stderr, line -> {
            if (line.equals("HOLDING")) {
                holding.countDown();
            }
        }, url(""), "hold", "0")) {
            assertTrue(holding.await(90, TimeUnit.SECONDS), () -> "the child did not open the store: " + read(stderr));
            SQLException e = expect("55006", () -> DriverManager.getConnection(url("")).close());
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
            expect("55006", () -> DriverManager.getConnection(url(";readOnly=true")).close());
            child.kill();
        }
        assertIntactAfterReconnect();
    }

    @Test
    void executeUpdate_readOnlyStore_25006AndReadsWork() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(";readOnly=true")); Statement st = c.createStatement()) {
            expect("25006", () -> insert(c, "new", new byte[] {1}));
            expect("25006", () -> st.executeUpdate("INSERT INTO kv VALUES ('new', x'01')"));
            expect("25006", () -> st.executeUpdate("UPDATE kv SET value = x'00' WHERE key = 'keep-0'"));
            expect("25006", () -> st.executeUpdate("DELETE FROM kv"));
            c.setAutoCommit(false);
            expect("25006", () -> {
                insert(c, "new", new byte[] {1});
                c.commit();
            });
            c.rollback();
            c.setAutoCommit(true);
            assertUsableAndIntact(c, false);
        }
        assertIntactAfterReconnect();
    }

    @Test
    void executeUpdate_pastTheMemoryLimit_53200ReadsAndDeletesWork() throws SQLException {
        int inserted = 0;
        try (Connection c = DriverManager.getConnection(url(";memoryLimit=256k;sync=none"))) {
            SQLException full = null;
            for (; inserted < 100_000 && full == null; inserted++) {
                try {
                    insert(c, "fill-" + inserted, new byte[200]);
                } catch (SQLException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "the memory limit was never reached");
            assertEquals("53200", full.getSQLState(), full.getMessage());
            assertUsableAndIntact(c, false);
            try (Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("DELETE FROM kv WHERE key = 'fill-0'"), "deletes still work");
            }
            insert(c, "fits-again", new byte[1]);
        }
        try (Connection c = DriverManager.getConnection(url(";memoryLimit=256k"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM kv WHERE key LIKE 'fill-%'")) {
            assertTrue(rs.next());
            assertEquals(inserted - 2, rs.getLong(1), "every accepted row, minus the deleted one, after reopen");
            assertUsableAndIntact(c, false);
        }
    }

    @Test
    void closedConnectionStatementOrResultSet_08003OrHY010() throws SQLException {
        Connection c = DriverManager.getConnection(url(""));
        Statement st = c.createStatement();
        PreparedStatement ps = c.prepareStatement("SELECT value FROM kv WHERE key = ?");
        ResultSet rs = st.executeQuery("SELECT key FROM kv");
        rs.close();
        expect("HY010", rs::next);
        st.close();
        expect("HY010", () -> st.executeQuery("SELECT * FROM kv"));
        ResultSet open = c.createStatement().executeQuery("SELECT key FROM kv");
        c.close();
        expect("08003", c::createStatement);
        expect("08003", () -> c.prepareStatement("SELECT 1"));
        expect("08003", c::commit);
        expect("HY010", () -> {
            ps.setString(1, "keep-0");
            ps.executeQuery();
        });
        expect("HY010", open::next);
        assertFalse(c.isValid(1));
        assertIntactAfterReconnect();
    }

    /** 300 rows; a three-way self-join then streams 27 million rows, far more than any test waits for. */
    private Connection longQueryConnection() throws SQLException {
        Connection c = DriverManager.getConnection(url(";sync=none"));
        c.setAutoCommit(false);
        for (int i = 0; i < 300; i++) {
            insert(c, "row-" + i, new byte[] {1});
        }
        c.commit();
        c.setAutoCommit(true);
        return c;
    }

    private static final String LONG_QUERY = "SELECT a.key FROM kv a, kv b, kv c";

    @Test
    void cancel_betweenNextCalls_57014ThenUsable() throws Exception {
        try (Connection c = longQueryConnection()) {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                try (Statement st = c.createStatement()) {
                    ResultSet rs = st.executeQuery(LONG_QUERY);
                    assertTrue(rs.next());
                    st.cancel();
                    expect("57014", () -> {
                        while (rs.next()) {
                            // drain until the cancel is seen
                        }
                    });
                }
                assertUsableAndIntact(c, true);
            });
        }
        assertIntactAfterReconnect();
    }

    @Test
    void cancel_fromAnotherThreadWhileRowsStream_57014ThenUsable() throws Exception {
        try (Connection c = longQueryConnection()) {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                try (Statement st = c.createStatement()) {
                    ResultSet rs = st.executeQuery(LONG_QUERY);
                    assertTrue(rs.next());
                    Thread canceller = new Thread(() -> {
                        try {
                            Thread.sleep(300);
                            st.cancel();
                        } catch (Exception ignored) {
                            // the expectation below reports it
                        }
                    });
                    canceller.start();
                    expect("57014", () -> {
                        while (rs.next()) {
                            // the other thread cancels meanwhile
                        }
                    });
                    canceller.join();
                }
                assertUsableAndIntact(c, true);
            });
        }
    }

    @Test
    void queryTimeout_longQuery_HYT00ThenUsable() throws Exception {
        try (Connection c = longQueryConnection()) {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                try (Statement st = c.createStatement()) {
                    st.setQueryTimeout(1);
                    SQLException e = expect("HYT00", () -> {
                        try (ResultSet rs = st.executeQuery(LONG_QUERY)) {
                            while (rs.next()) {
                                // until the deadline passes
                            }
                        }
                    });
                    assertInstanceOf(SQLTimeoutException.class, e);
                }
                assertUsableAndIntact(c, true);
            });
        }
        assertIntactAfterReconnect();
    }

    private static boolean canList(Path dir) {
        try (var s = Files.list(dir)) {
            s.count();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canCreate(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
