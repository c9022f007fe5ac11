package io.kvstore.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs the same seeded random statements against kvstore (through {@link KvCalcite}) and against H2 in memory
 * with the same table, and requires the same rows, update counts and failures. Statements: point lookups (literal
 * and prepared), IN lists, ranges, LIKE prefixes, ORDER BY/LIMIT/OFFSET, counts and aggregates, self joins,
 * INSERT (single, multi-row, duplicates, INSERT ... SELECT), UPDATE and DELETE by key, by list and by predicate,
 * and MERGE upserts. The full table is compared after every write.
 */
class KvSqlDifferentialTest {
    private static final long SEED = 20261124L;
    private static final int STATEMENTS = 300;
    private static final long TIME_BUDGET_MILLIS = 120_000; // stop early (not fail) on a very slow machine

    private final Random rnd = new Random(SEED);
    private int errors;
    private int nonEmptyResults;

    @Test
    void randomStatements_kvstoreAndH2_agree() throws Exception {
        try (KvStore store = KvStore.inMemory();
             Connection kv = KvTestSupport.connect(store);
             Connection h2 = DriverManager.getConnection("jdbc:h2:mem:kvdiff" + System.nanoTime()
                     + ";NON_KEYWORDS=KEY,VALUE")) {
            try (Statement s = h2.createStatement()) {
                s.execute("create table kv(key varchar primary key, value varbinary not null)");
            }
            for (int i = 0; i < 30; i++) {
                String sql = "insert into kv values ('" + key() + "', '" + value() + "')";
                compare(kv, h2, sql, i);
            }
            long start = System.currentTimeMillis();
            int run = 0;
            for (; run < STATEMENTS && System.currentTimeMillis() - start < TIME_BUDGET_MILLIS; run++) {
                Generated g = next();
                if (g.params != null) {
                    comparePrepared(kv, h2, g, run);
                } else {
                    compare(kv, h2, g.sql, run);
                }
                if (g.write) {
                    assertEquals(select(h2, "select key, value from kv order by key"),
                            select(kv, "select key, value from kv order by key"), "table after #" + run + ": " + g.sql);
                }
            }
            assertTrue(run >= 50, "too few statements ran: " + run);
            System.out.println("statements " + run + ", errors " + errors + ", non-empty results " + nonEmptyResults);
            assertTrue(errors < run / 5, "the generator must mostly produce valid statements: " + errors);
            assertTrue(nonEmptyResults > run / 4, "the generator must mostly find rows: " + nonEmptyResults);
        }
    }

    private record Generated(String sql, boolean write, boolean ordered, String[] params) {
    }

    private Generated next() {
        int kind = rnd.nextInt(22);
        String k = key();
        return switch (kind) {
            case 0 -> read("select key, value from kv where key = '" + k + "'");
            case 1 -> new Generated("select key, value from kv where key = ?", false, false, new String[] {k});
            case 2 -> new Generated("select key from kv where key in (?, ?)", false, false, new String[] {k, key()});
            case 3 -> read("select key from kv where key in ('" + k + "', '" + key() + "', '" + key() + "')");
            case 4 -> read("select key, value from kv where key > '" + k + "' and key <= '" + key() + "'");
            case 5 -> read("select key from kv where key like 'k" + rnd.nextInt(5) + "%'");
            case 6 -> new Generated("select key from kv order by key limit " + (1 + rnd.nextInt(6)), false, true, null);
            case 7 -> new Generated("select key from kv order by key desc limit " + (1 + rnd.nextInt(4)) + " offset "
                    + rnd.nextInt(4), false, true, null);
            case 8 -> read("select count(*) from kv where key >= '" + k + "'");
            case 9 -> read("select count(*), min(key), max(key) from kv");
            case 10 -> read("select key from kv where value = x'" + hex(value()) + "'");
            case 11 -> read("select a.key from kv a join kv b on a.key = b.key where a.key < '" + k + "'");
            case 12 -> read("select key from kv where key = '" + k + "' or key between '" + key() + "' and '"
                    + key() + "'");
            case 13 -> write("insert into kv values ('" + k + "', '" + value() + "')");
            case 14 -> write("insert into kv values ('" + k + "', '" + value() + "'), ('" + key() + "', '"
                    + value() + "')");
            case 15 -> write("update kv set value = '" + value() + "' where key = '" + k + "'");
            case 16 -> write("update kv set value = '" + value() + "' where key in ('" + k + "', '" + key() + "')");
            case 17 -> write("update kv set value = '" + value() + "' where key like 'k" + rnd.nextInt(5) + "%'");
            case 18 -> write("delete from kv where key = '" + k + "'");
            case 19 -> write("delete from kv where key in ('" + k + "', '" + key() + "')");
            case 20 -> write("merge into kv using (values ('" + k + "', '" + value() + "')) as s(k, v) on kv.key = s.k"
                    + " when matched then update set value = s.v"
                    + " when not matched then insert (key, value) values (s.k, s.v)");
            default -> rnd.nextBoolean()
                    ? write("delete from kv where key between '" + k + "' and '" + key() + "'")
                    : write("insert into kv select key || 'x', value from kv where key like 'k" + rnd.nextInt(5)
                        + "_'");
        };
    }

    private static Generated read(String sql) {
        return new Generated(sql, false, false, null);
    }

    private static Generated write(String sql) {
        return new Generated(sql, true, false, null);
    }

    private String key() {
        return "k" + rnd.nextInt(40);
    }

    private String value() {
        return "v" + rnd.nextInt(1000);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void compare(Connection kv, Connection h2, String sql, int n) throws SQLException {
        boolean query = sql.startsWith("select");
        boolean ordered = sql.contains("order by");
        String expected = outcome(h2, sql, query, ordered);
        assertEquals(expected, outcome(kv, sql, query, ordered), "#" + n + ": " + sql);
        count(expected);
    }

    private void count(String outcome) {
        if (outcome.startsWith("error")) {
            errors++;
        } else if (!outcome.equals("[]") && !outcome.equals("count 0")) {
            nonEmptyResults++;
        }
    }

    private void comparePrepared(Connection kv, Connection h2, Generated g, int n) throws SQLException {
        String expected = preparedOutcome(h2, g);
        assertEquals(expected, preparedOutcome(kv, g), "#" + n + ": " + g.sql + " " + String.join(",", g.params));
        count(expected);
    }

    private static String outcome(Connection c, String sql, boolean query, boolean ordered) {
        try (Statement s = c.createStatement()) {
            if (query) {
                List<String> rows = rows(s.executeQuery(sql));
                if (!ordered) {
                    rows.sort(null);
                }
                return rows.toString();
            }
            return "count " + s.executeUpdate(sql);
        } catch (SQLException e) {
            return "error";
        }
    }

    private static String preparedOutcome(Connection c, Generated g) {
        try (PreparedStatement ps = c.prepareStatement(g.sql)) {
            for (int i = 0; i < g.params.length; i++) {
                ps.setString(i + 1, g.params[i]);
            }
            List<String> rows = rows(ps.executeQuery());
            rows.sort(null);
            return rows.toString();
        } catch (SQLException e) {
            return "error";
        }
    }

    private static List<String> select(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return rows(s.executeQuery(sql));
        }
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object o = rs.getObject(i);
                    b.append(i > 1 ? "|" : "").append(o instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes)
                            : o instanceof Number num ? String.valueOf(num.longValue()) : String.valueOf(o));
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
