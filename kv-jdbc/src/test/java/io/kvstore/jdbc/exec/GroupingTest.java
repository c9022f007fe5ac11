package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.connection.KvConnection;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GROUP BY over kv (session 10) runs on {@link Grouping}'s hash aggregate from Calcite's plan and gives what
 * Calcite's runtime gives (URL option {@code fastPath=false}): metadata, rows in the same order (with and without
 * ORDER BY), counts, sums (wrapping as Calcite's), MIN/MAX; AVG (a BIGINT division cast back to INTEGER) stays with Calcite.
 */
class GroupingTest {
    static final List<String> ON_EXECUTOR = List.of(
            "select text(value), count(*) from kv group by text(value)",
            "select char_length(key), count(*), min(key), max(key), sum(octet_length(value)) from kv"
                    + " group by char_length(key)",
            "select char_length(key) as n, count(*) from kv group by char_length(key) order by 1",
            "select char_length(key) as n, count(*) c from kv group by char_length(key) order by n desc limit 2",
            "select substring(key, 1, 1) as p, count(*), max(char_length(key)) from kv where key > 'a'"
                    + " group by substring(key, 1, 1) order by p",
            "select text(value), count(text(value)), sum(char_length(key)) from kv where key like 'k%'"
                    + " group by text(value)",
            "select cast(text(value) as integer) + 0 as v, count(*) from kv where key like 'n%' group by"
                    + " cast(text(value) as integer) + 0",
            "select sum(cast(text(value) as integer) * 1000000000) from kv where key like 'n%' group by"
                    + " char_length(key)",
            "select upper(text(value)) u, min(char_length(key)) from kv group by upper(text(value)) order by u"
                    + " desc",
            "select position('1' in key), count(*) from kv group by position('1' in key) having count(*) > 1");

    static final List<String> ON_CALCITE = List.of(
            "select substring(key, 1, 1) as p, avg(char_length(key)) from kv group by substring(key, 1, 1)",
            "select value, count(*) from kv group by value",
            "select char_length(key), octet_length(value), count(*) from kv group by char_length(key),"
                    + " octet_length(value)",
            "select char_length(key), count(distinct text(value)) from kv group by char_length(key)");

    private static Connection open(boolean executors) throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem() + (executors ? "" : ";fastPath=false"));
        c.unwrap(KvConnection.class).disableTextFrontDoor();
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < 40; i++) {
                s.executeUpdate("insert into kv values ('k" + i + "', 'v" + (i % 7) + "')");
            }
            s.executeUpdate("insert into kv values ('a', 'x'), ('abc', 'x'), ('n1', '2000000000'),"
                    + " ('n2', '2000000000'), ('n3', '-5'), ('zz', 'V1')");
            s.executeUpdate("insert into kv values ('b', x'00ff')");
        }
        return c;
    }

    @Test
    void group_oneKeyWithAggregates_onExecutorSameRowsInSameOrderAsCalcite() throws SQLException {
        List<String> differ = new ArrayList<>();
        try (Connection exec = open(true); Connection calcite = open(false)) {
            for (String sql : ON_EXECUTOR) {
                try (PreparedStatement ps = exec.prepareStatement(sql);
                     PreparedStatement theirs = calcite.prepareStatement(sql)) {
                    if (!((KvPreparedStatement) ps).usesExecutor()) {
                        differ.add("not on an executor: " + sql);
                    }
                    String expected = ClientView.outcome(theirs);
                    String actual = ClientView.outcome(ps);
                    if (!expected.equals(actual)) {
                        differ.add(sql + "\n  calcite:  " + expected + "\n  executor: " + actual);
                    }
                }
                String expected = ClientView.outcome(calcite, sql);
                String actual = ClientView.outcome(exec, sql);
                if (!expected.equals(actual)) {
                    differ.add("ad hoc " + sql + "\n  calcite:  " + expected + "\n  executor: " + actual);
                }
            }
        }
        assertEquals(List.of(), differ, String.join("\n", differ));
    }

    @Test
    void group_outsideTheSubset_leftToCalcite() throws SQLException {
        try (Connection exec = open(true); Connection calcite = open(false)) {
            for (String sql : ON_CALCITE) {
                try (PreparedStatement ps = exec.prepareStatement(sql)) {
                    assertEquals(false, ((KvPreparedStatement) ps).usesExecutor(), sql);
                }
                assertEquals(ClientView.outcome(calcite, sql), ClientView.outcome(exec, sql), sql);
            }
        }
    }
}
