package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Joins of kv with itself that Calcite plans as a {@code KvLookupJoin} (one key lookup per input row) run on an
 * executor ({@link LookupJoin}) and give what Calcite's runtime gives ({@code fastPath=false}): metadata (labels of
 * duplicate names, NULLs of a LEFT join), rows in the same order, errors.
 */
class LookupJoinTest {
    static final List<String> SEED = List.of(
            "INSERT INTO kv (key, value) VALUES ('a', 'b'), ('b', 'zz'), ('d', 'nope'), ('p1', 'a'), ('p2', 'p1'),"
                    + " ('p3', 'q'), ('zz', 'a')",
            "INSERT INTO kv VALUES ('c', x'00ff')");

    /** Statements whose Calcite plan is a lookup join the executor runs. */
    static final List<String> ON_EXECUTOR = List.of(
            "SELECT a.key AS n0 FROM kv a JOIN kv b ON a.key = b.key WHERE a.key IN ('a', 'b')",
            "SELECT a.key AS n0 FROM kv a JOIN kv b ON a.key = b.key WHERE a.key = 'a'",
            "select * from kv a join kv b on a.key = b.key where a.key in ('a', 'c', 'nope', 'p2')",
            "select a.key, b.key from kv a join kv b on b.key = a.key where a.key = 'a'",
            "select b.key, a.key, b.value from kv a inner join kv b on a.key = b.key where a.key in ('a', 'b')",
            "select a.key, b.key, b.value from kv a join kv b on b.key = text(a.value) where a.key in ('a', 'b', 'p1',"
                    + " 'p2', 'c')",
            "select a.key, b.key, b.value from kv a join kv b on text(a.value) = b.key where a.key like 'p%'",
            "select a.key, b.key, text(b.value) from kv a left join kv b on b.key = text(a.value)"
                    + " where a.key in ('a', 'b', 'c', 'd', 'p3')",
            "select a.key, b.value from kv a left outer join kv b on b.key = text(a.value) where a.key like 'p%'",
            "select a.key, text(a.value) || '-' || text(b.value) as v from kv a join kv b on b.key = text(a.value)"
                    + " where a.key > 'a' and a.key < 'q'",
            "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key >= 'a' and b.key <> 'b'",
            "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key like 'p%' limit 2",
            "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key like 'p%'"
                    + " order by a.key",
            "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key >= 'b'"
                    + " order by b.key desc, a.key limit 3",
            "select count(*) from kv a join kv b on b.key = text(a.value) where a.key in ('a', 'b', 'p1')",
            "select k1_0.key, k2_0.value from kv k1_0 join kv k2_0 on k1_0.key = k2_0.key where k1_0.key = 'b'",
            "select \"A\".\"KEY\", \"B\".\"VALUE\" from kv \"A\" join kv \"B\" on \"A\".key = \"B\".key"
                    + " where \"A\".key = 'b'",
            "select key, value from kv where key in (select text(value) from kv where key in ('a', 'p1', 'p2', 'zz'))",
            "select key from kv where key in (select text(value) from kv where key > 'o')");

    /** Joins near those that Calcite still runs. */
    static final List<String> ON_CALCITE = List.of(
            "select a.key from kv a join kv b on a.value = b.value where a.key = 'a'",
            "select a.key, b.key from kv a left outer join kv b on a.key = b.key where a.key in ('a', 'x')",
            "select a.key from kv a right join kv b on a.key = b.key where b.key = 'a'",
            "select a.key from kv a join kv_meta m on a.key = m.key where a.key = 'a'");

    private static Connection open(boolean executors) throws SQLException {
        return ExecutorParity.open(executors, SEED);
    }

    @Test
    void join_lookupJoinPlans_onExecutorSameAsCalcite() throws SQLException {
        List<String> differ;
        try (Connection exec = open(true); Connection calcite = open(false)) {
            differ = new ArrayList<>(ExecutorParity.differences(exec, calcite, ON_EXECUTOR));
            for (int i = 0; i < differ.size(); i++) {
                String sql = differ.get(i).replaceFirst("^(not on an executor: |ad hoc )", "").split("\n")[0];
                differ.set(i, differ.get(i) + "\n  plan: " + plan(calcite, sql));
            }
        }
        assertEquals(List.of(), differ, String.join("\n", differ));
    }

    @Test
    void join_notALookupJoin_leftToCalcite() throws SQLException {
        try (Connection exec = open(true); Connection calcite = open(false)) {
            ExecutorParity.assertLeftToCalcite(exec, calcite, ON_CALCITE);
        }
    }

    @Test
    void join_parameters_sameParameterMetadataAndRows() throws SQLException {
        List<String> texts = List.of(
                "select a.key, b.key, b.value from kv a join kv b on b.key = text(a.value) where a.key = ?",
                "select a.key, b.value from kv a left join kv b on b.key = text(a.value) where a.key in (?, ?)",
                "select a.key, b.key from kv a join kv b on a.key = b.key where a.key >= ? limit ?");
        List<List<Object>> values = List.of(Arrays.asList("p2"), Arrays.asList("a", "p3"), Arrays.asList("b", 2));
        try (Connection exec = open(true); Connection calcite = open(false)) {
            for (int i = 0; i < texts.size(); i++) {
                String[] seen = new String[2];
                Connection[] both = {calcite, exec};
                for (int j = 0; j < 2; j++) {
                    try (PreparedStatement ps = both[j].prepareStatement(texts.get(i))) {
                        assertEquals(j == 1, ((KvPreparedStatement) ps).usesExecutor(), texts.get(i));
                        StringBuilder b = new StringBuilder(ClientView.parameters(ps));
                        for (int k = 0; k < values.get(i).size(); k++) {
                            ps.setObject(k + 1, values.get(i).get(k));
                        }
                        b.append('\n').append(ClientView.outcome(ps));
                        ps.setObject(1, null);
                        b.append('\n').append(ClientView.outcome(ps));
                        seen[j] = b.toString();
                    }
                }
                assertEquals(seen[0], seen[1], texts.get(i));
            }
        }
    }

    @Test
    void join_insideTransaction_readsUncommittedRowsOfTheTransaction() throws SQLException {
        String sql = "select a.key, b.key, b.value from kv a join kv b on b.key = text(a.value) where a.key = 'p3'";
        try (Connection exec = open(true); Connection calcite = open(false)) {
            for (Connection c : List.of(exec, calcite)) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into kv values ('q', 'new')");
                }
            }
            assertEquals(List.of(), ExecutorParity.differences(exec, calcite, List.of(sql)));
            String rows = ClientView.outcome(exec, sql);
            assertEquals(true, rows.contains("p3 | q |"), rows);
            exec.rollback();
            calcite.rollback();
            assertEquals(List.of(), ExecutorParity.differences(exec, calcite, List.of(sql)));
        }
    }

    @Test
    void join_valueLongerThanAnyKey_sameOutcomeAsCalcite() throws SQLException {
        try (Connection exec = open(true); Connection calcite = open(false)) {
            for (Connection c : List.of(exec, calcite)) {
                try (PreparedStatement ps = c.prepareStatement("insert into kv values ('long', ?)")) {
                    ps.setString(1, "y".repeat(70_000)); // as text, more bytes than a key may have
                    ps.executeUpdate();
                }
            }
            List<String> differ = ExecutorParity.differences(exec, calcite, List.of(
                    "select a.key, b.key from kv a join kv b on b.key = text(a.value) where a.key = 'long'"));
            assertEquals(List.of(), differ, String.join("\n", differ));
        }
    }

    private static String plan(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain plan for " + sql)) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                b.append(rs.getString(1));
            }
            return b.toString();
        } catch (SQLException e) {
            return e.toString();
        }
    }
}
