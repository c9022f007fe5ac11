package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scalar expressions {@link Exprs} compiles (session 10: arithmetic, casts, SUBSTRING, TRIM, POSITION, CASE and
 * VALUES of literals) run on executors and give what Calcite's runtime gives for the same text (URL option
 * {@code fastPath=false}): metadata, rows in order, and the SQLState and message of failures (division by zero
 * 22012, text that is not a number 22018, a negative SUBSTRING length).
 */
class ExprsTest {
    static final List<String> SEED = List.of(
            "INSERT INTO kv (key, value) VALUES ('a', 'x1'), ('b', 'x2'), ('abc', 'hello'), ('k1', ''), ('12', '34'),"
                    + " ('-7', ' 5 '), ('\u00e9t\u00e9', 'caf\u00e9'), ('2147483647', 'big'), ('1999', '1999')",
            "INSERT INTO kv VALUES ('c', x'00ff')");

    /** Statements whose Calcite plan now runs on an executor. */
    static final List<String> ON_EXECUTOR = List.of(
            "select char_length(key) + 1 from kv where key = 'a'",
            "select char_length(key) - 1, char_length(key) * 3, char_length(key) / 2, mod(char_length(key), 2),"
                    + " char_length(key) % 2, -char_length(key) from kv where key >= 'a' and key < 'l'",
            "select char_length(key) / 0 from kv where key = 'abc'",
            "select mod(char_length(key), 0) from kv where key = 'abc'",
            "select char_length(key) * 2147483647, char_length(key) + 2147483647 from kv where key = 'abc'",
            "select -char_length(key) / 2, mod(-char_length(key), 2) from kv where key = 'abc'",
            "select char_length(key) + 10000000000 from kv where key = 'abc'",
            "select octet_length(value) + 1, char_length(text(value)) * 2 from kv where key in ('a', 'c', 'nope')",
            "select cast(char_length(key) as bigint) * 3 from kv where key = 'a'",
            "select cast(key as integer) from kv where key like '%1%' or key like '-%'",
            "select cast(key as integer) from kv where key = 'a'",
            "select cast(key as integer) + 1 from kv where key = '2147483647'",
            "select cast(text(value) as integer) from kv where key in ('-7', '12')",
            "select cast(key as bigint) + 1, cast(key as bigint) from kv where key in ('12', '1999')",
            "select cast(char_length(key) as varchar) from kv where key = 'abc'",
            "select cast(key as varbinary) from kv where key in ('abc', '\u00e9t\u00e9')",
            "select cast(value as varchar) from kv where key < 'd'",
            "select cast(value as varchar(3)) from kv where key = 'abc'",
            "select key, cast(value as varchar) from kv",
            "select substring(key, 2), substring(key from 2) from kv where key = 'abc'",
            "select substring(key, 2, 1), substring(key from 0 for 2), substring(key from -1 for 3), substring(key, 5),"
                    + " substring(key, 1, 0), substring(key from -5) from kv where key >= 'a'",
            "select substring(key, 1, -1) from kv where key = 'abc'",
            "select substring(text(value) from 2 for 1) from kv where key like 'a%' or key like 'c%'",
            "select trim(key), trim(both 'a' from key), trim(leading 'a' from key), trim(trailing 'c' from key),"
                    + " trim(both 'ba' from key) from kv where key = 'abc'",
            "select '[' || trim(text(value)) || ']', trim(leading from text(value)) from kv where key = '-7'",
            "select position('b' in key), position('z' in key), position('' in key) from kv where key = 'abc'",
            "select coalesce(text(value), 'none') from kv where key = 'c'",
            "select coalesce(text(value), 'none') from kv where key = 'a'",
            "select upper(substring(key, 1, 2)) || '!' from kv where key = 'abc'",
            "select key from kv where char_length(key) + 1 = 3",
            "select key from kv where substring(key, 1, 1) = 'a'",
            "select key from kv where cast(key as integer) > 0",
            "select key from kv where key in ('12', '-7') and cast(key as integer) > 0",
            "select count(*) from kv where position('b' in key) > 0",
            "select 1",
            "SELECT 1 AS x",
            "values 1",
            "select 1, 'a', 2 + 3, x'00', true",
            "select 1 + 1",
            "select 1 / 0",
            "select 'abc' as s, -5 as n",
            "values (1, 'a'), (2, 'b')");

    /** Statements near those that Calcite still runs (not an executor's expression). */
    static final List<String> ON_CALCITE = List.of(
            "select char_length(key) + 1.5 from kv where key = 'abc'",
            "select cast(key as smallint) from kv where key = '12'",
            "select cast(key as decimal) from kv where key = '12'",
            "select cast(char_length(key) as varchar(2)) from kv where key = 'abc'",
            "select position('b' in key from 2) from kv where key = 'abc'",
            "select substring(value, 1, 1) from kv where key = 'abc'",
            "select null",
            "select 1, null");

    private static Connection open(boolean executors) throws SQLException {
        return ExecutorParity.open(executors, SEED);
    }

    @Test
    void compile_arithmeticCastsSubstringTrimPositionCaseValues_onExecutorSameAsCalcite() throws SQLException {
        List<String> differ;
        try (Connection exec = open(true); Connection calcite = open(false)) {
            differ = ExecutorParity.differences(exec, calcite, ON_EXECUTOR);
        }
        assertEquals(List.of(), differ, String.join("\n", differ));
    }

    @Test
    void compile_outsideTheSubset_leftToCalcite() throws SQLException {
        try (Connection exec = open(true); Connection calcite = open(false)) {
            ExecutorParity.assertLeftToCalcite(exec, calcite, ON_CALCITE);
        }
    }

    @Test
    void compile_parametersInArithmeticAndSubstring_sameParameterMetadataAndRows() throws SQLException {
        List<String> texts = List.of("select char_length(key) + ? from kv where key = ?",
                "select mod(char_length(key) + ?, 2) from kv where key = ?");
        List<List<Object>> values = List.of(Arrays.asList(5, "abc"), Arrays.asList(2L, "abc"));
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
                        seen[j] = b.toString();
                    }
                }
                assertEquals(seen[0], seen[1], texts.get(i));
            }
        }
    }
}
