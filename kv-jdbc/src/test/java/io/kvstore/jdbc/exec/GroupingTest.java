package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
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

    /** 40 keys k0..k39 with 7 distinct values, then text and number values and one binary value. */
    private static final List<String> SEED = java.util.stream.Stream.concat(
            java.util.stream.IntStream.range(0, 40).mapToObj(i -> "insert into kv values ('k" + i + "', 'v" + (i % 7)
                    + "')"),
            java.util.stream.Stream.of("insert into kv values ('a', 'x'), ('abc', 'x'), ('n1', '2000000000'),"
                    + " ('n2', '2000000000'), ('n3', '-5'), ('zz', 'V1')", "insert into kv values ('b', x'00ff')"))
            .toList();

    private static Connection open(boolean executors) throws SQLException {
        return ExecutorParity.open(executors, SEED);
    }

    @Test
    void group_oneKeyWithAggregates_onExecutorSameRowsInSameOrderAsCalcite() throws SQLException {
        List<String> differ;
        try (Connection exec = open(true); Connection calcite = open(false)) {
            differ = ExecutorParity.differences(exec, calcite, ON_EXECUTOR);
        }
        assertEquals(List.of(), differ, String.join("\n", differ));
    }

    @Test
    void group_outsideTheSubset_leftToCalcite() throws SQLException {
        try (Connection exec = open(true); Connection calcite = open(false)) {
            ExecutorParity.assertLeftToCalcite(exec, calcite, ON_CALCITE);
        }
    }
}
