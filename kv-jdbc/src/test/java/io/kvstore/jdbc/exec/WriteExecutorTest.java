package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ranged and unkeyed UPDATE and DELETE (session 10) run on a {@link WriteExecutor} from Calcite's plan and leave
 * what Calcite's runtime leaves (URL option {@code fastPath=false}): the same update counts and final contents, in
 * auto-commit mode and inside a transaction that is then rolled back.
 */
class WriteExecutorTest {
    private static final List<String> WRITES = List.of(
            "delete from kv where key like 'p%'",
            "delete from kv where key > 'q' and key <= 'r5'",
            "delete from kv where key like 's%' and text(value) like '%1'",
            "delete from kv where text(value) = 'v2'",
            "update kv set value = x'01' where key like 't%'",
            "update kv set value = 'w' where key >= 'u' and char_length(key) = 2",
            "delete from kv where key like 'nothing%'",
            "delete from kv where key like '%3'",
            "update kv set value = 'all' where key <> 'a'",
            "delete from kv");

    /** Keys p0..p5 to u0..u5 with values v0..v5, and 'a'. */
    private static final List<String> SEED = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("p", "q", "r", "s", "t", "u").flatMap(prefix -> java.util.stream.IntStream
                    .range(0, 6).mapToObj(i -> "insert into kv values ('" + prefix + i + "', 'v" + i + "')")),
            java.util.stream.Stream.of("insert into kv values ('a', 'x')")).toList();

    private static Connection open(boolean executors) throws SQLException {
        return ExecutorParity.open(executors, SEED);
    }

    private static String run(Connection c) throws SQLException {
        StringBuilder b = new StringBuilder();
        for (String sql : WRITES) {
            b.append(sql).append(": ").append(ClientView.outcome(c, sql)).append('\n');
            b.append(ClientView.outcome(c, "select key, value from kv order by key")).append('\n');
        }
        return b.toString();
    }

    @Test
    void update_rangedAndUnkeyedWrites_onExecutorSameCountsAndContentsAsCalcite() throws SQLException {
        try (Connection exec = open(true); Connection calcite = open(false)) {
            for (String sql : WRITES) {
                try (PreparedStatement ps = exec.prepareStatement(sql)) {
                    assertEquals(true, ((KvPreparedStatement) ps).usesExecutor(), sql);
                }
            }
            assertEquals(run(calcite), run(exec));
        }
    }

    @Test
    void update_rangedDeleteInTransaction_seesOwnWritesAndRollsBack() throws SQLException {
        String[] seen = new String[2];
        for (int i = 0; i < 2; i++) {
            try (Connection c = open(i == 1)) {
                c.setAutoCommit(false);
                StringBuilder b = new StringBuilder();
                b.append(ClientView.outcome(c, "insert into kv values ('p9', 'new')")).append('\n');
                b.append(ClientView.outcome(c, "delete from kv where key like 'p%'")).append('\n');
                b.append(ClientView.outcome(c, "select count(*) from kv")).append('\n');
                c.rollback();
                b.append(ClientView.outcome(c, "select key from kv where key like 'p%' order by key"));
                seen[i] = b.toString();
            }
        }
        assertEquals(seen[0], seen[1]);
    }
}
