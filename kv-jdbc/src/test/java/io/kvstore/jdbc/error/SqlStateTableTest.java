package io.kvstore.jdbc.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.connection.KvConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ordinary mistakes and what they answer, statement by statement, on every path a statement can take: the text
 * front door and the plan executors (default), the plan executors alone (front door off), and Calcite's runtime
 * ({@code fastPath=false}). Each must give the same specific SQLState (never XX000) with a one-line message,
 * and leave the connection usable. The same list is in docs/sql.md ("Errors").
 */
class SqlStateTableTest {
    /** The store's limits in these tests: keys up to 8 bytes, values up to 16. */
    private static final String LIMITS = ";maxKeyBytes=8;maxValueBytes=16";

    /** Statement (run with {@code Statement.execute}) and the SQLState it must answer. */
    private static final String[][] AD_HOC = {
            // numbers are neither keys nor values; text is not compared with numbers (refused when prepared)
            {"INSERT INTO kv VALUES (1, 2)", "42804"},
            {"INSERT INTO kv VALUES ('n', 2)", "42804"},
            {"insert into kv (value, key) values (x'01', 7)", "42804"},
            {"insert into kv values ('d', true)", "42804"},
            {"UPSERT INTO kv VALUES (1, 2)", "42804"},
            {"insert into kv values (3, 'x') on conflict (key) do nothing", "42804"},
            {"update kv set value = 5 where key = 'a'", "42804"},
            {"update kv set key = 5 where key = 'a'", "42804"},
            {"merge into kv using (values (1, x'02')) as s(k, v) on kv.key = s.k when matched then update set"
                    + " value = s.v when not matched then insert (key, value) values (s.k, s.v)", "42804"},
            {"select * from kv where key = 5", "42804"},
            {"select * from kv where key in (1, 2)", "42804"},
            {"select key + 1 from kv", "42804"},
            {"select * from kv where value = 1", "42804"},
            {"select cast(value as integer) from kv", "42804"},
            {"select substring(key from 'x') from kv", "42804"},
            // names
            {"select nme from kv", "42S22"},
            {"update kv set nme = x'01' where key = 'a'", "42S22"},
            {"select * from nope", "42S02"},
            {"insert into nope values ('a', x'01')", "42S02"},
            {"select nosuch(key) from kv", "42883"},
            {"select upper() from kv", "42883"},
            {"select text(value, 1) from kv", "42883"},
            // data
            {"select 1 / 0 from kv", "22012"},
            {"select mod(1, 0) from kv", "22012"},
            {"select substring(key, 1, -1) from kv", "22011"},
            {"select ln(0) from kv", "2201E"},
            {"select cast('abc' as integer) from kv", "22018"},
            {"select cast(key as integer) from kv", "22018"},
            {"select cast('2020-13-45' as date) from kv", "22008"},
            {"select cast(1e10 as integer) from kv", "22003"},
            {"select * from kv where key like 'a%' escape ''", "22019"},
            {"select cast('x' as boolean) from kv", "22018"},
            {"update kv_meta set expires_at = 'soon' where key = 'a'", "22007"},
            {"update kv_meta set expires_at = 5 where key = 'a'", "42804"},
            {"select * from kv where key similar to '['", "2201B"},
            {"select (select key from kv) from kv", "21000"},
            {"update kv set value = (select value from kv) where key = 'a'", "21000"},
            // syntax
            {"SELEC * FROM kv", "42601"},
            {"select * frm kv", "42601"},
            {"select * from kv where", "42601"},
            {"select * from kv where key = 'a' and", "42601"},
            {"insert into kv values ('a', x'01'", "42601"},
            {"update kv set value where key = 'a'", "42601"},
            {"select key from kv limit -1", "42601"},
            {"CREATE TABLE t (a int)", "0A000"},
            {"DROP TABLE kv", "0A000"},
            // constraints and limits
            {"insert into kv values ('a', x'01')", "23505"},
            {"insert into kv values ('a', x'01'), ('new', x'02')", "23505"},
            {"update kv set key = 'b' where key = 'a'", "23505"},
            {"insert into kv values (null, x'01')", "23502"},
            {"insert into kv values ('n', null)", "23502"},
            {"insert into kv values ('three', 'a', 'b')", "21S01"},
            {"insert into kv values ('123456789', x'01')", "22001"},
            {"insert into kv values ('k', x'000102030405060708090a0b0c0d0e0f10')", "22001"},
            {"update kv set value = x'000102030405060708090a0b0c0d0e0f10' where key = 'a'", "22001"},
            {"insert into kv_stats select * from kv_stats", "25006"},
            // ? markers given to Statement.execute
            {"select * from kv where key = ?", "07001"},
            {"insert into kv values (?, ?)", "07001"},
    };

    /** Prepared statement, its one parameter ("null" for NULL, else an int), and the SQLState it must answer. */
    private static final String[][] PREPARED = {
            {"select key from kv limit ?", "-1", "2201W"},
            {"select key from kv where key = 'a' limit ?", "-1", "2201W"},
            {"select key from kv where key in ('a', 'b') limit ?", "-1", "2201W"},
            {"select key from kv order by key limit ?", "-1", "2201W"},
            {"select key from kv order by value limit ?", "-1", "2201W"},
            {"select key from kv fetch first ? rows only", "-2", "2201W"},
            {"select key from kv offset ?", "-1", "2201X"},
            {"select key from kv where key = 'a' offset ?", "-1", "2201X"},
            {"select key from kv order by key limit 1 offset ?", "-1", "2201X"},
            {"select key from kv order by value offset ? rows", "-1", "2201X"},
    };

    /** The paths: URL options, and whether the text front door is on. */
    private static final Object[][] PATHS = {{"", true}, {"", false}, {";fastPath=false", true}};

    private static Connection open(Object[] path) throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem() + LIMITS + path[0]);
        if (!(Boolean) path[1]) {
            c.unwrap(KvConnection.class).disableTextFrontDoor();
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("insert into kv values ('a', 'x'), ('b', 'héllo')");
        }
        return c;
    }

    private static String pathName(Object[] path) {
        return path[0] + ((Boolean) path[1] ? "" : " (front door off)");
    }

    private static void check(Connection c, String where, String expected, SQLException e) throws SQLException {
        assertEquals(expected, e == null ? "no error" : e.getSQLState(), () -> where + ": " + e);
        assertFalse(e.getMessage().contains("\n"), () -> where + ": more than one line: " + e.getMessage());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from kv")) {
            assertTrue(rs.next(), where);
            assertEquals(2, rs.getLong(1), () -> where + ": the failed statement changed the table");
        }
    }

    @Test
    void adHocMistakes_specificStates_onEveryPath() throws SQLException {
        for (Object[] path : PATHS) {
            try (Connection c = open(path)) {
                for (String[] row : AD_HOC) {
                    SQLException e = null;
                    try (Statement st = c.createStatement()) {
                        if (st.execute(row[0])) {
                            try (ResultSet rs = st.getResultSet()) {
                                while (rs.next()) {
                                    rs.getObject(1);
                                }
                            }
                        }
                    } catch (SQLException x) {
                        e = x;
                    }
                    check(c, pathName(path) + ": " + row[0], row[1], e);
                }
            }
        }
    }

    @Test
    void duplicateKey_sameMessage_onEveryPath() throws SQLException {
        for (Object[] path : PATHS) {
            try (Connection c = open(path); Statement st = c.createStatement();
                 PreparedStatement ps = c.prepareStatement("insert into kv values (?, ?)")) {
                SQLException adHoc = TestUrls.sqlError(() -> st.executeUpdate("insert into kv values ('a', x'01')"));
                assertEquals("duplicate key 'a' in table kv", adHoc.getMessage(), pathName(path));
                ps.setString(1, "b");
                ps.setBytes(2, new byte[] {1});
                assertEquals("duplicate key 'b' in table kv", TestUrls.sqlError(ps::executeUpdate).getMessage(),
                        pathName(path));
            }
        }
    }

    @Test
    void rowCountParameters_negative_2201Wor2201X_onEveryPath() throws SQLException {
        for (Object[] path : PATHS) {
            try (Connection c = open(path)) {
                for (String[] row : PREPARED) {
                    SQLException e = null;
                    try (PreparedStatement ps = c.prepareStatement(row[0])) {
                        ps.setInt(1, Integer.parseInt(row[1]));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getObject(1);
                            }
                        }
                    } catch (SQLException x) {
                        e = x;
                    }
                    check(c, pathName(path) + ": " + row[0] + " with " + row[1], row[2], e);
                }
            }
        }
    }

    @Test
    void rowCountParameters_null_meansNoLimitOrOffset_onEveryPath() throws SQLException {
        for (Object[] path : PATHS) {
            try (Connection c = open(path)) {
                for (String[] row : PREPARED) {
                    String sql = row[0];
                    List<String> expected = keys(c, sql.replaceAll("(limit|offset|fetch first) \\?( rows)?( only)?",
                            ""), null);
                    assertEquals(expected, keys(c, sql, "null"), () -> pathName(path) + ": " + sql);
                }
            }
        }
    }

    private static List<String> keys(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setNull(1, java.sql.Types.INTEGER);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            if (!sql.contains("order by")) {
                out.sort(null);
            }
            return out;
        }
    }
}
