package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.connection.KvConnection;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import io.kvstore.jdbc.exec.ExecutorParity.Prepared;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every shape the widened text front door takes gives, on a store with the front door on, exactly what the same
 * statement gives planned by Calcite (front door off, on a second store with the same data): result metadata
 * (label, name, type, type name, precision, scale, nullability, class, display size, table), rows in order, update
 * counts, parameter metadata and errors; and statements near each shape are left to Calcite.
 */
class TextFrontDoorEquivalenceTest {
    private static final PlanRecognizer.ColumnSizes SIZES = new PlanRecognizer.ColumnSizes(1024, 1 << 20);

    private static final List<String> SEED = List.of(
            "INSERT INTO kv (key, value) VALUES ('a', 'x1'), ('b', 'x2'), ('abc', 'hello'), ('k1', '')",
            "INSERT INTO kv (value, key) VALUES (x'00ff', 'c')",
            "INSERT INTO kv VALUES ('\u00e9t\u00e9', 'caf\u00e9'), ('B', 'up')",
            "INSERT INTO kv VALUES ('z\u20ac', x'c3')",
            "INSERT INTO kv VALUES ('p1', 'v1'), ('p2', 'v2'), ('p3', 'v3'), ('p4', 'v4'), ('p5', 'v5'),"
                    + " ('p6', 'v6'), ('pq', 'vq'), ('q', 'vv'), ('a\\b', 'bs'), ('a%b', 'pc')",
            "INSERT INTO kv VALUES ('12', ' 34 ')");

    /** Ad-hoc statements the front door takes. */
    private static final List<String> SHAPES = List.of(
            // select-list functions
            "SELECT key, CHAR_LENGTH(key) FROM kv WHERE key IN ('a', 'b')",
            "SELECT key, TEXT(value) FROM kv WHERE key IN ('a','b')",
            "SELECT key, CHARACTER_LENGTH(key) AS n, OCTET_LENGTH(value) FROM kv WHERE key = 'abc'",
            "SELECT UPPER(key), LOWER(key) u, TEXT(value) FROM kv WHERE key IN ('abc', '\u00e9t\u00e9', 'nope', 'B')",
            "SELECT BYTES(key), TEXT(BYTES(key)), CHAR_LENGTH(TEXT(value)) FROM kv WHERE key = 'a' OR key = 'c'",
            "SELECT UPPER(TEXT(value)), OCTET_LENGTH(BYTES(key)), LOWER(UPPER(key)) FROM kv WHERE key = 'z\u20ac'",
            "select kv.key, char_length(kv.key), bytes(kv.key) from kvstore.kv where kv.key in ('a')",
            "select text(value) as t, key, text(value) from kv where key in ('c', 'k1')",
            "SELECT *, UPPER(key) FROM kv WHERE key = 'b'",
            "SELECT key, text(value), bytes(key) FROM kv",
            // count(*)
            "SELECT count(*) FROM kv",
            "SELECT count(*) AS n FROM kv WHERE key = 'a'",
            "SELECT COUNT(*) FROM kv WHERE key IN ('a', 'b', 'nope', 'a')",
            "SELECT count(*) FROM kv WHERE key LIKE 'p%'",
            "SELECT count(*) FROM kv WHERE key >= 'b' AND key < 'p5'",
            "select count(*) cnt from kvstore.kv k where k.key between 'a' and 'p'",
            // ranges, prefixes, ORDER BY key, offset and fetch
            "SELECT key, value FROM kv WHERE key >= 'p' ORDER BY key LIMIT 3",
            "SELECT key FROM kv ORDER BY key",
            "SELECT key, value FROM kv ORDER BY key DESC LIMIT 2",
            "SELECT value FROM kv ORDER BY key",
            "SELECT key FROM kv ORDER BY key LIMIT 2 OFFSET 1",
            "SELECT value FROM kv WHERE key > 'a' AND key <= 'c'",
            "SELECT key FROM kv WHERE key BETWEEN 'a' AND 'b' ORDER BY key DESC",
            "SELECT key, TEXT(value) FROM kv WHERE key LIKE 'p%' ORDER BY key DESC OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY",
            "SELECT key FROM kv WHERE key > 'a' LIMIT 2",
            "SELECT k.key FROM kv k WHERE k.key LIKE 'p%' AND k.key < 'p4'",
            "SELECT * FROM kv ORDER BY key ASC FETCH NEXT 1 ROW ONLY",
            "SELECT key, UPPER(key) FROM kv WHERE key >= 'p' ORDER BY key LIMIT 20",
            "SELECT key FROM kv WHERE key < 'b' AND key > 'c'",
            "SELECT key FROM kv WHERE key >= '\u00e9' ORDER BY key",
            "SELECT key FROM kv ORDER BY kv.key DESC OFFSET 3",
            "SELECT key FROM kv WHERE key > 'p2' AND key > 'p1' AND key <= 'p5' AND key < 'q' ORDER BY key",
            "SELECT key FROM kv WHERE key LIKE 'nothing%'",
            "SELECT key FROM kv WHERE key LIKE 'a\\%'",
            "SELECT key, OCTET_LENGTH(value) FROM kv WHERE key LIKE 'a%' ORDER BY key",
            "SELECT key FROM kv ORDER BY key LIMIT 0",
            // key lookups with offset and fetch
            "SELECT key FROM kv WHERE key = 'a' LIMIT 1",
            "SELECT key FROM kv WHERE key = 'a' OR key = 'b' LIMIT 1 OFFSET 1",
            "SELECT key, CHAR_LENGTH(key) FROM kv WHERE key IN ('p1', 'p2', 'p3') FETCH FIRST 2 ROWS ONLY",
            // concatenation (session 9)
            "select key || '!' from kv where key = 'a'",
            "select key || '!' as k, char_length(key || '!') from kv where key in ('a', 'abc')",
            "select text(value) || 'x', key || key || '-' || upper(key) from kv where key like 'p%' order by key",
            "select upper(key || 'ab') from kv",
            "select key || text(value) from kv where key in ('c', 'z\u20ac', 'a')",
            "select count(*) from kv where text(value) || '!' like '%1!'",
            // filters on the rows read (session 9)
            "select * from kv where value is null",
            "select * from kv where value is not null",
            "SELECT key FROM kv WHERE key = 'abc' AND TEXT(value) LIKE 'hel%'",
            "select key from kv where key in ('a', 'b', 'abc') and text(value) like 'x%'",
            "select * from kv where text(value) like '%x%'",
            "select key, value from kv where text(value) = 'hello'",
            "select key from kv where text(value) = 'x1 '",
            "select key from kv where value = x'00ff'",
            "select key from kv where value <> X'7631' and key like 'p%'",
            "select key from kv where octet_length(value) > 1",
            "select key from kv where upper(key) = 'B'",
            "select key from kv where lower(key) like '%b%'",
            "select key from kv where text(value) like '%'",
            "select count(*) from kv where text(value) like 'v%'",
            "select count(*) from kv where key like 'p%' and value <> x'7631'",
            "select count(*) n from kv where key = 'c' and value is not null",
            "select k.key from kv k where k.key >= 'p' and upper(text(k.value)) like 'V%'",
            "select key from kv where text(value) >= 'v' and text(value) < 'v4'",
            "select key, upper(key) from kv where key = 'a' and value is not null limit 1",
            "select key from kv where value is not null and key = 'c' and octet_length(value) = 2",
            "select key from kv where key <> 'a'",
            "select key from kv where key in ('p1', 'p2', 'nope', 'p3') and text(value) like 'v%' limit 2 offset 1",
            "select count(*) from kv where key <> 'a' and text(value) <> 'x2'",
            "select key, value from kv where key like '%b%'",
            "select count(*) from kv where key like '_b%'",
            "select key from kv where key like '%1' and text(value) <> 'v1'",
            "select key from kv where key <> 'p1' and key like 'p%'",
            "select key from kv k where k.key like '%'",
            "SELECT key FROM kv LIMIT 2",
            "select * from kv limit 5 offset 1",
            "SELECT key, UPPER(key) FROM kv OFFSET 15 ROWS",
            "SELECT key FROM kv FETCH FIRST 1 ROW ONLY",
            // arithmetic, casts, SUBSTRING, TRIM, POSITION (session 10)
            "select char_length(key) + 1 from kv where key = 'a'",
            "select char_length(key) - 1, char_length(key) * 3, char_length(key) / 2, mod(char_length(key), 2),"
                    + " char_length(key) % 2, -char_length(key), - - char_length(key) from kv where key in ('abc', 'k1')",
            "select (char_length(key) + 1) * 2 as n, octet_length(value) - char_length(key) from kv where key = 'abc'",
            "select char_length(key) + 2 * 3 - 4 / 2 % 3, (char_length(key) + 2) * (3 - 4) from kv where key = 'abc'",
            "select char_length(key) / 0 from kv where key = 'abc'",
            "select mod(char_length(key), 0) from kv where key = 'a'",
            "select char_length(key) * 2147483647, char_length(key) + 2147483647 from kv where key = 'abc'",
            "select char_length(key) + 10000000000 from kv where key = 'abc'",
            "select char_length(text(value)) * 2, octet_length(value) + 1 from kv where key in ('c', 'a')",
            "select key, char_length(key) + 1 from kv where key like 'p%' order by key desc limit 3",
            "select cast(value as varchar) from kv where key = 'c'",
            "select key, cast(value as varchar) from kv",
            "select cast(value as varchar(3)) from kv where key = 'abc'",
            "select cast(key as integer) from kv where key = 'p1'",
            "select cast(key as integer) + 1, cast(text(value) as integer), cast(key as int) from kv where key = '12'",
            "select cast(key as bigint), cast(text(value) as bigint) * 2 from kv where key = '12'",
            "select cast(char_length(key) as varchar) from kv where key = 'abc'",
            "select cast(char_length(key) as bigint) * 3 from kv where key = 'abc'",
            "select cast(key as varbinary) from kv where key = 'z\u20ac'",
            "select cast(key as varchar(2)) from kv where key = 'abc'",
            "select substring(key from 1 for 2) from kv where key = 'abc'",
            "SELECT SUBSTRING(key, 1) FROM kv WHERE key = 'a'",
            "select substring(key, 2), substring(key from 0 for 2), substring(key, -1, 3), substring(key, 5),"
                    + " substring(key from char_length(key)) from kv where key = 'abc'",
            "select substring(key, 1, -1) from kv where key = 'abc'",
            "select upper(substring(key, 1, 2)) || '!' from kv where key = 'abc'",
            "select substring(text(value), 2, 2) from kv where key in ('abc', 'c')",
            "select trim(text(value)), trim(both 'x' from text(value)), trim(leading 'x' from text(value)),"
                    + " trim(trailing '1' from text(value)), trim('1x' from text(value)) from kv where key = 'a'",
            "select trim(text(value)) || ']', trim(leading from text(value)) from kv where key = '12'",
            "select position('b' in key), position('z' in key), position(key in 'xabcx') from kv where key = 'abc'",
            "select key from kv where char_length(key) + 1 = 3",
            "select key from kv where substring(key, 1, 1) = 'p'",
            "select count(*) from kv where position('b' in key) > 0",
            "select key from kv where key like 'p%' and char_length(key) * 2 = 4",
            // GROUP BY (session 10)
            "select text(value), count(*) from kv group by text(value)",
            "select char_length(key), count(*), min(key), max(key), sum(octet_length(value)) from kv"
                    + " group by char_length(key)",
            "select char_length(key) as n, count(*) from kv group by char_length(key) order by 1",
            "select char_length(key) n, count(*) c from kv group by char_length(key) order by 2 desc limit 2",
            "select substring(key, 1, 1), count(*), max(char_length(key)) from kv where key > 'a'"
                    + " group by substring(key, 1, 1) order by 1",
            "select upper(text(value)) u, min(char_length(key)), count(text(value)) from kv where key like 'p%'"
                    + " group by upper(text(value))",
            "select count(*), char_length(key) % 2 from kv where key in ('a', 'b', 'abc', 'p1') group by"
                    + " char_length(key) % 2",
            "select sum(char_length(key)), min(text(value)) from kv where text(value) like 'v%' group by"
                    + " octet_length(value)",
            "SELECT key, count(*) n FROM kv WHERE key IN ('a', 'b', 'nope') GROUP BY key",
            "select count(*), k.key from kv k where k.key in ('p1', 'p2') and text(value) <> 'v2' group by k.key",
            "select key from kv where key in ('p3', 'p1') and text(value) <> 'v3' group by key",
            // literals without FROM (session 10)
            "select 1",
            "SELECT 1 AS x",
            "select 1, 'a', true, false as f, -5",
            "select 'abc' as s, -5 as n;",
            "values 1",
            "VALUES (1, 'a', -2)",
            // writes (run last: they change the data; the prepared ones are below)
            "DELETE FROM kv WHERE key = 'q'",
            "DELETE FROM kv WHERE key = 'q'",
            // literal writes as people type them (session 9)
            "INSERT INTO kv VALUES ('w', x'01')",
            "insert into kv values ('w', 'again')",
            "insert into kv values ('w1', 'hello'), ('w2', ''), ('w3 ', 'caf\u00e9\u20ac'), ('w33', 'it''s')",
            "insert into kv (value, key) values (X'00FF', 'w4'), (x'', 'w5')",
            "INSERT INTO kvstore.kv (key, value) VALUES ('w6', 'a'), ('w6', 'b')",
            "insert into kv values ('w7', 'x'), ('a', 'y')",
            "insert into kv values ('w8', '');",
            "UPDATE kv SET value = x'02' WHERE key = 'w'",
            "update kv set value = 'new' where key in ('w1', 'w2', 'nope', 'w1')",
            "update kv k set value = '' where k.key = 'w3 ' or key = 'w4'",
            "update kv set value = 'none' where key = 'nope'",
            "DELETE FROM kv WHERE key IN ('w')",
            "DELETE FROM kv k WHERE k.key = 'w5'",
            "delete from kvstore.kv where key = 'w1' or key in ('w2', 'w2', 'nope')",
            // ranged and unkeyed updates and deletes (session 10)
            "UPDATE kv SET value = 'x' WHERE value IS NULL",
            "UPDATE kv SET value = 'x' WHERE key LIKE 'p%'",
            "UPDATE kv SET value = 'x' WHERE key = 'a' AND value = x'00'",
            "update kv k set value = x'0102' where k.key between 'p2' and 'p4' and text(value) <> 'v3'",
            "update kv set value = 'y' where text(value) = 'x'",
            "update kv set value = 'z' where key like '%1'",
            "DELETE FROM kv WHERE key = 'a' AND value IS NOT NULL",
            "delete from kv where key like 'p%' and text(value) like '%3'",
            "delete from kv k where k.key between 'p' and 'p5' and value <> x'7631'",
            "delete from kv where text(value) like 'x%'",
            "delete from kv where key like 'nothing%'",
            "DELETE FROM kv WHERE key > 'p'",
            "delete from kv where key like '%b%'",
            "DELETE FROM kv");

    /** Statements near those shapes that the front door leaves to Calcite. */
    private static final List<String> FALLBACK = List.of(
            "SELECT CHAR_LENGTH(value) FROM kv WHERE key = 'a'",
            "SELECT OCTET_LENGTH(key) FROM kv WHERE key = 'a'",
            "SELECT TEXT(key) FROM kv WHERE key = 'a'",
            "SELECT UPPER(CHAR_LENGTH(key)) FROM kv WHERE key = 'a'",
            "SELECT \"UPPER\"(key) FROM kv WHERE key = 'a'",
            "SELECT count(*), max(key) FROM kv",
            "SELECT count(key) FROM kv",
            "SELECT key, count(*) FROM kv GROUP BY key ORDER BY 1",
            "SELECT key, min(key) FROM kv GROUP BY key",
            "SELECT key, count(*) FROM kv GROUP BY key",
            "SELECT key, count(*) FROM kv WHERE key > 'a' GROUP BY key",
            "SELECT value, count(*) FROM kv GROUP BY value",
            "SELECT char_length(key), count(*) FROM kv GROUP BY char_length(key) HAVING count(*) > 1",
            "SELECT char_length(key), avg(char_length(key)) FROM kv GROUP BY char_length(key)",
            "SELECT char_length(key), count(distinct key) FROM kv GROUP BY char_length(key)",
            "SELECT char_length(key) + 1, count(*) FROM kv GROUP BY char_length(key)",
            "SELECT char_length(key), count(*) FROM kv GROUP BY char_length(key), octet_length(value)",
            "SELECT char_length(key), count(*) FROM kv GROUP BY char_length(key) ORDER BY count(*)",
            "SELECT char_length(key), count(*) FROM kv GROUP BY char_length(key) LIMIT ?",
            "SELECT sum(key) FROM kv GROUP BY char_length(key)",
            "SELECT max(value) FROM kv GROUP BY char_length(key)",
            "SELECT count(key) FROM kv WHERE key = 'a'",
            "SELECT count(*) FROM kv ORDER BY 1",
            "SELECT count(*) FROM kv LIMIT 1",
            "SELECT key FROM kv WHERE key IN ('a', 'b') ORDER BY key",
            "SELECT key AS k FROM kv ORDER BY key",
            "SELECT value AS key FROM kv ORDER BY key",
            "SELECT key FROM kv ORDER BY 1",
            "SELECT key FROM kv ORDER BY value",
            "SELECT key FROM kv ORDER BY key NULLS LAST",
            "SELECT key FROM kv WHERE key LIKE 'p_%'",
            "SELECT key FROM kv WHERE key LIKE ?",
            "SELECT key FROM kv WHERE key LIKE 'p%' ESCAPE '!'",
            "SELECT key FROM kv WHERE key NOT LIKE 'p%'",
            "SELECT key FROM kv WHERE 'a' < key",
            "SELECT key FROM kv WHERE key > 'a' OR key < 'b'",
            "SELECT key FROM kv WHERE key = 'a' AND key > 'b'",
            "SELECT key FROM kv WHERE key LIKE 'a%' AND key LIKE 'ab%'",
            "SELECT key FROM kv LIMIT 1, 2",
            "SELECT key FROM kv ORDER BY key LIMIT 3000000000",
            "SELECT key FROM kv WHERE key > 1",
            "SELECT key AS \"EXPR$0\", UPPER(key) FROM kv WHERE key = 'a'",
            "SELECT key FROM kv ORDER BY key FETCH FIRST 2 ROWS",
            "SELECT kv.* FROM kv",
            "SELECT 'x' || key FROM kv WHERE key = 'a'",
            "SELECT 'x' || 'y', key FROM kv WHERE key = 'a'",
            "SELECT key || ? FROM kv WHERE key = 'a'",
            "SELECT value || x'00' FROM kv WHERE key = 'a'",
            "SELECT key || 1 FROM kv WHERE key = 'a'",
            "SELECT key || value FROM kv WHERE key = 'a'",
            "SELECT key FROM kv WHERE key || 'x' = 'ax'",
            "SELECT key FROM kv WHERE key = 'a' OR TEXT(value) = 'x'",
            "SELECT key FROM kv WHERE TEXT(value) = 'x' OR key = 'a'",
            "SELECT key FROM kv WHERE TEXT(value) = 'x' AND (key = 'a')",
            "SELECT key FROM kv WHERE key IS NULL",
            "SELECT key FROM kv WHERE key LIKE '%b%' ESCAPE '!'",
            "SELECT key FROM kv WHERE key <> 'a' ORDER BY key",
            "SELECT key FROM kv WHERE key <> 'a' OR key = 'b'",
            "SELECT key FROM kv WHERE key LIKE 'a%b'",
            "SELECT key FROM kv WHERE key <> ?",
            "SELECT key FROM kv WHERE key <> x'00'",
            "SELECT key FROM kv WHERE key IS NOT NULL",
            "SELECT key FROM kv WHERE value = 'x1'",
            "SELECT key FROM kv WHERE TEXT(value) = x'00'",
            "SELECT key FROM kv WHERE TEXT(value) LIKE 'x%' ESCAPE '!'",
            "SELECT key FROM kv WHERE TEXT(value) NOT LIKE 'x%'",
            "SELECT key FROM kv WHERE TEXT(value) LIKE 'v%' ORDER BY key LIMIT 2",
            "SELECT key FROM kv WHERE TEXT(value) LIKE 'v%' ORDER BY key",
            "SELECT key FROM kv WHERE key >= 'p' AND TEXT(value) LIKE 'v%' ORDER BY key DESC",
            "SELECT key FROM kv WHERE key LIKE 'p%' AND value IS NOT NULL ORDER BY key",
            "SELECT key FROM kv WHERE key > 'p' AND value IS NOT NULL LIMIT 2",
            "SELECT key FROM kv WHERE key LIKE '%' LIMIT 2",
            "SELECT key FROM kv WHERE TEXT(value) LIKE 'x%' LIMIT 1",
            "SELECT key FROM kv WHERE key = 'a' AND key = 'b' AND value IS NULL",
            "SELECT key FROM kv WHERE OCTET_LENGTH(value) > '1'",
            "SELECT key FROM kv WHERE value IN (x'00')",
            "SELECT key FROM kv WHERE TEXT(value) LIKE ?",
            "SELECT key FROM kv WHERE count(*) > 1",
            "SELECT key FROM kv WHERE NOT value IS NULL",
            "INSERT INTO kv VALUES ('w', NULL)",
            "INSERT INTO kv VALUES (NULL, 'x')",
            "INSERT INTO kv VALUES ('w', 5)",
            "INSERT INTO kv VALUES ('w', x'0')",
            "INSERT INTO kv VALUES ('w', 'x'), ('w2', x'01')",
            "INSERT INTO kv VALUES ('w', 'x'), ('w2', 'y' || 'z')",
            "INSERT INTO kv VALUES ('w', BYTES('x'))",
            "INSERT INTO kv (key) VALUES ('w')",
            "UPDATE kv SET value = NULL WHERE key = 'a'",
            "UPDATE kv SET value = 1 WHERE key = 'a'",
            "UPDATE kv SET key = 'x' WHERE key = 'a'",
            // session 10
            "select char_length(key) + 1.5 from kv where key = 'a'",
            "select 1 + 1",
            "select null",
            "select x'00'",
            "select ''",
            "select 1 from kv",
            "select 1 from kv where key = 'a'",
            "select key || 1 from kv",
            "select char_length(key) + ? from kv where key = 'a'",
            "select cast(key as smallint) from kv where key = '12'",
            "select cast(key as varchar) from kv where key = 'a'",
            "select cast(value as varbinary) from kv where key = 'a'",
            "select cast(char_length(key) as varchar(2)) from kv where key = 'a'",
            "select cast('12' as integer) from kv where key = 'a'",
            "select substring(value, 1, 1) from kv where key = 'a'",
            "select substring('abc', 1, 1) from kv where key = 'a'",
            "select position('b' in key from 2) from kv where key = 'abc'",
            "select trim(from key) from kv where key = 'a'",
            "select 2147483648",
            "select -2147483648",
            "select key from kv where 1 = 1",
            "select count(*) * 2 from kv",
            "select char_length(key) -- c\n from kv",
            "select char_length(key) /* c */ from kv",
            "select 1e5",
            "select mod(key, 2) from kv",
            "select (key) from kv",
            "select coalesce(key, 'x') from kv where key = 'a'",
            "values (1), (2)",
            "values 1, 2",
            "values -1",
            "select upper('a') from kv where key = 'a'",
            "select key from kv where char_length(key) + 1 > -1",
            "select 'a' || key from kv where key = 'a'",
            "select key + 1 from kv where key = 'a'",
            "DELETE FROM kv WHERE key > 'a' OR text(value) = 'x'",
            "DELETE FROM kv WHERE key LIKE ?",
            "DELETE FROM kv WHERE key > 'a' ORDER BY key",
            "DELETE FROM kv WHERE key > 'a' LIMIT 1",
            "UPDATE kv SET value = 'x' WHERE key > 'a' OR text(value) = 'x'",
            "UPDATE kv SET value = ? WHERE text(value) = ?",
            "UPDATE kv SET value = 'x' WHERE key > 'a' LIMIT 1");


    private static final List<Prepared> PREPARED = List.of(
            new Prepared("SELECT key, value FROM kv WHERE key >= ? ORDER BY key LIMIT 20", List.of("p")),
            new Prepared("SELECT key FROM kv WHERE key >= ? AND key < ? ORDER BY key DESC", List.of("a", "p")),
            new Prepared("SELECT key FROM kv ORDER BY key LIMIT ? OFFSET ?", List.of(2L, 1L)),
            new Prepared("SELECT key FROM kv ORDER BY key LIMIT ? OFFSET ?", List.of(3, (short) 2)),
            new Prepared("SELECT key FROM kv ORDER BY key LIMIT ? OFFSET ?", List.of(new BigDecimal("2"), "1")),
            new Prepared("SELECT key FROM kv ORDER BY key LIMIT ?", List.of(-1)),
            new Prepared("SELECT key FROM kv ORDER BY key OFFSET ? ROWS FETCH FIRST ? ROWS ONLY", List.of(-2, 1)),
            new Prepared("SELECT key FROM kv ORDER BY key OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
                    java.util.Arrays.asList(null, null)),
            new Prepared("SELECT key FROM kv WHERE key = ? LIMIT ?", List.of("a", 5L)),
            // a ? row count over a full scan: the ordered read Calcite plans for it (Hibernate's and jOOQ's pages)
            new Prepared("SELECT key FROM kv LIMIT ?", List.of(2)),
            new Prepared("select k1_0.key,k1_0.value from kv k1_0 offset ? rows fetch first ? rows only", List.of(1, 3)),
            new Prepared("select \"kvstore\".\"kv\".\"key\", \"kvstore\".\"kv\".\"value\" from \"kvstore\".\"kv\" limit ?",
                    List.of(2L)),
            new Prepared("SELECT key || '!' FROM kv OFFSET ? ROWS", List.of(2)),
            new Prepared("SELECT key FROM kv WHERE key IN (?, ?) LIMIT ? OFFSET ?", List.of("a", "b", 1, 1)),
            new Prepared("SELECT count(*) FROM kv WHERE key BETWEEN ? AND ?", List.of("a", "p3")),
            new Prepared("SELECT count(*) FROM kv WHERE key BETWEEN ? AND ?", java.util.Arrays.asList("a", null)),
            new Prepared("SELECT count(*) FROM kv WHERE key = ?", List.of("b")),
            new Prepared("SELECT key, CHAR_LENGTH(key), TEXT(value) FROM kv WHERE key IN (?, ?)", List.of("a", "abc")),
            new Prepared("SELECT key FROM kv WHERE key LIKE 'p%' AND key > ? ORDER BY key", List.of("p3")),
            new Prepared("SELECT key FROM kv WHERE key = ?", List.of("\ud800")),
            new Prepared("SELECT key, CHAR_LENGTH(key) + 1, SUBSTRING(key FROM 2) FROM kv WHERE key IN (?, ?)",
                    List.of("abc", "a")),
            new Prepared("select cast(value as varchar), cast(key as integer) from kv where key = ?", List.of("12")),
            new Prepared("select cast(key as integer) from kv where key = ?", List.of("abc")),
            new Prepared("select mod(char_length(key), 0) from kv where key = ?", List.of("abc")),
            new Prepared("select trim(text(value)) from kv where key >= ? order by key limit 2", List.of("1")),
            new Prepared("SELECT 1", List.of()),
            new Prepared("values (1, 'x')", List.of()),
            new Prepared("update kv set value = ? where key >= ? and key < ?", List.of(new byte[] {7}, "p2", "p5")),
            new Prepared("delete from kv where key >= ? and key < ? and text(value) <> 'v2'", List.of("p", "p4")),
            new Prepared("delete from kv where key like 'p%' and key > ?", List.of("p4")),
            new Prepared("SELECT key FROM kv WHERE key > ?", List.of("\ud800")));

    private static Connection open(boolean frontDoor) throws SQLException {
        return ExecutorParity.openFrontDoor(frontDoor, SEED);
    }

    @Test
    void recognize_widenedShapes_takenAndSameAsCalcite() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            for (String sql : SHAPES) {
                assertNotNull(TextFrontDoor.recognize(sql, SIZES), sql);
                try (PreparedStatement ps = calcite.prepareStatement(sql)) {
                    // same executors only: Calcite's plan of the statement runs on an executor too
                    assertTrue(((KvPreparedStatement) ps).usesExecutor(), sql);
                }
                String expected = ClientView.outcome(calcite, sql);
                assertEquals(expected, ClientView.outcome(door, sql), sql);
            }
            String all = "SELECT key, value FROM kv ORDER BY key";
            assertEquals(ClientView.outcome(calcite, all), ClientView.outcome(door, all));
        }
    }

    @Test
    void recognize_nearShapes_leftToCalcite() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            for (String sql : FALLBACK) {
                assertNull(TextFrontDoor.recognize(sql, SIZES), sql);
                if (!sql.contains("?")) {
                    assertEquals(ClientView.outcome(calcite, sql), ClientView.outcome(door, sql), sql);
                }
            }
        }
    }

    @Test
    void prepared_widenedShapes_sameParameterMetadataRowsAndErrors() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            for (Prepared p : PREPARED) {
                assertNotNull(TextFrontDoor.recognize(p.sql(), SIZES), p.sql());
                assertEquals(ExecutorParity.preparedView(calcite, p.sql(), p.values()),
                        ExecutorParity.preparedView(door, p.sql(), p.values()), p.sql() + " " + p.values());
            }
        }
    }

    @Test
    void recognize_invalidKeyLiteral_leftToCalciteOrSameError() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            for (String sql : List.of("SELECT key FROM kv WHERE key = '\ud800'",
                    "SELECT key FROM kv WHERE key > '\ud800' ORDER BY key")) {
                assertEquals(ClientView.outcome(calcite, sql), ClientView.outcome(door, sql), sql);
            }
        }
    }

    @Test
    void writes_prepared_sameCountsParameterMetadataAndContents() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            String[] seen = new String[2];
            Connection[] both = {calcite, door};
            for (int i = 0; i < 2; i++) {
                StringBuilder b = new StringBuilder();
                try (PreparedStatement ins = both[i].prepareStatement("INSERT INTO kv (value, key) VALUES (?, ?)");
                     PreparedStatement lit = both[i].prepareStatement("INSERT INTO kv VALUES ('lit', ?)");
                     PreparedStatement upd = both[i].prepareStatement("UPDATE kv SET value = ? WHERE key = 'lit'");
                     PreparedStatement del = both[i].prepareStatement("DELETE FROM kv WHERE key = ?")) {
                    for (PreparedStatement ps : List.of(ins, lit, upd, del)) {
                        b.append(ClientView.parameters(ps)).append('\n');
                    }
                    ins.setBytes(1, new byte[] {1});
                    ins.setString(2, "n");
                    b.append(ClientView.outcome(ins)).append(ClientView.outcome(ins)).append('\n');
                    lit.setString(1, "text");
                    b.append(ClientView.outcome(lit)).append('\n');
                    upd.setBytes(1, new byte[] {9});
                    b.append(ClientView.outcome(upd)).append('\n');
                    del.setString(1, "n");
                    b.append(ClientView.outcome(del)).append(ClientView.outcome(del)).append('\n');
                }
                b.append(ClientView.outcome(both[i], "SELECT key, value FROM kv ORDER BY key"));
                seen[i] = b.toString();
            }
            assertEquals(seen[0], seen[1]);
        }
    }

    @Test
    void writes_literalValuesPreparedAndUpserts_sameCountsParameterMetadataAndContents() throws SQLException {
        List<String> texts = List.of("INSERT INTO kv VALUES (?, 'text')", "INSERT INTO kv (value, key) VALUES (x'0a0b', ?)",
                "UPDATE kv SET value = ? WHERE key IN (?, 'b', ?)", "update kv t set value = 'lit' where t.key = ? or key = ?",
                "DELETE FROM kv WHERE key IN (?, ?) OR key = 'c'");
        for (String sql : texts) {
            assertNotNull(TextFrontDoor.recognize(sql, SIZES), sql);
        }
        try (Connection door = open(true); Connection calcite = open(false)) {
            String[] seen = new String[2];
            Connection[] both = {calcite, door};
            for (int i = 0; i < 2; i++) {
                StringBuilder b = new StringBuilder();
                List<PreparedStatement> ps = new java.util.ArrayList<>();
                for (String sql : texts) {
                    ps.add(both[i].prepareStatement(sql));
                    b.append(ClientView.parameters(ps.get(ps.size() - 1))).append('\n');
                }
                ps.get(0).setString(1, "n1");
                b.append(ClientView.outcome(ps.get(0))).append(ClientView.outcome(ps.get(0))).append('\n');
                ps.get(1).setString(1, "n2");
                b.append(ClientView.outcome(ps.get(1))).append('\n');
                ps.get(2).setBytes(1, new byte[] {7});
                ps.get(2).setString(2, "n1");
                ps.get(2).setString(3, "n2");
                b.append(ClientView.outcome(ps.get(2))).append('\n');
                ps.get(2).setBytes(1, null);
                b.append(ClientView.outcome(ps.get(2))).append('\n');
                ps.get(3).setString(1, "a");
                ps.get(3).setString(2, "n1");
                b.append(ClientView.outcome(ps.get(3))).append('\n');
                ps.get(4).setString(1, "n2");
                ps.get(4).setString(2, null);
                b.append(ClientView.outcome(ps.get(4))).append('\n');
                for (PreparedStatement p : ps) {
                    p.close();
                }
                for (String sql : List.of("UPSERT INTO kv VALUES ('u1', 'one')", "upsert into kv values ('u1', x'02')",
                        "INSERT INTO kv VALUES ('u2', 'two') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                        "INSERT INTO kv VALUES ('u2', 'no'), ('u3', 'three') ON CONFLICT (key) DO NOTHING",
                        "MERGE INTO kv USING (VALUES ('u4', 'four')) AS s (k, v) ON kv.key = s.k"
                                + " WHEN MATCHED THEN UPDATE SET value = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.k, s.v)")) {
                    b.append(ClientView.outcome(both[i], sql)).append('\n');
                }
                b.append(ClientView.outcome(both[i], "SELECT key, value FROM kv ORDER BY key"));
                seen[i] = b.toString();
            }
                assertEquals(seen[0], seen[1]);
        }
    }

    @Test
    void writes_valueOrKeyTooLong_sameErrorAsCalcite() throws SQLException {
        String url = TestUrls.mem() + ";maxValueBytes=1k;maxKeyBytes=100";
        String tooLong = "\u00e9".repeat(520); // 1,040 bytes in 520 characters
        List<String> texts = List.of("INSERT INTO kv VALUES ('ok', 'v')",
                "INSERT INTO kv VALUES ('k', '" + tooLong + "')",
                "INSERT INTO kv VALUES ('k', 'v'), ('k2', '" + tooLong + "')",
                "INSERT INTO kv VALUES ('" + "k".repeat(101) + "', 'v')",
                "INSERT INTO kv VALUES ('k', 'v'), ('" + "k".repeat(101) + "', 'v')",
                "UPDATE kv SET value = '" + tooLong + "' WHERE key = 'ok'",
                "UPDATE kv SET value = '" + "v".repeat(900) + "' WHERE key = 'ok'");
        String[] seen = new String[2];
        for (int i = 0; i < 2; i++) {
            try (Connection c = DriverManager.getConnection(url.replace("test", "test" + i))) {
                if (i == 0) {
                    c.unwrap(KvConnection.class).disableTextFrontDoor();
                }
                StringBuilder b = new StringBuilder();
                for (String sql : texts) {
                    assertNotNull(TextFrontDoor.recognize(sql, SIZES), sql);
                    b.append(ClientView.outcome(c, sql)).append('\n');
                }
                b.append(ClientView.outcome(c, "SELECT key, OCTET_LENGTH(value) FROM kv ORDER BY key"));
                seen[i] = b.toString();
            }
        }
        assertEquals(seen[0], seen[1]);
    }

    @Test
    void transaction_countRangeAndLookup_seeOwnWritesAsCalcite() throws SQLException {
        try (Connection door = open(true); Connection calcite = open(false)) {
            String[] seen = new String[2];
            Connection[] both = {calcite, door};
            for (int i = 0; i < 2; i++) {
                Connection c = both[i];
                c.setAutoCommit(false);
                StringBuilder b = new StringBuilder();
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO kv VALUES (?, ?)");
                     PreparedStatement del = c.prepareStatement("DELETE FROM kv WHERE key = ?")) {
                    ins.setString(1, "p0");
                    ins.setBytes(2, new byte[] {0});
                    ins.executeUpdate();
                    del.setString(1, "p3");
                    del.executeUpdate();
                }
                for (String sql : List.of("SELECT count(*) FROM kv", "SELECT count(*) FROM kv WHERE key LIKE 'p%'",
                        "SELECT key, UPPER(key) FROM kv WHERE key LIKE 'p%' ORDER BY key DESC LIMIT 4",
                        "SELECT key, TEXT(value) FROM kv WHERE key IN ('p0', 'p3', 'p4')")) {
                    assertNotNull(TextFrontDoor.recognize(sql, SIZES), sql);
                    b.append(ClientView.outcome(c, sql)).append('\n');
                }
                c.rollback();
                b.append(ClientView.outcome(c, "SELECT count(*) FROM kv"));
                seen[i] = b.toString();
            }
            assertEquals(seen[0], seen[1]);
        }
    }

    /** Every keyword of Calcite's Babel parser as an unquoted alias: refused by the front door or the same outcome. */
    @Test
    void recognize_keywordsAsAliases_sameOutcomeAsCalcite() throws Exception {
        org.apache.calcite.sql.parser.SqlAbstractParserImpl parser = org.apache.calcite.sql.parser.babel
                .SqlBabelParserImpl.FACTORY.getParser(new java.io.StringReader(""));
        java.util.Set<String> words = new java.util.TreeSet<>(parser.getMetadata().getTokens());
        try (Connection door = open(true); Connection calcite = open(false)) {
            words.addAll(List.of("a$b", "_x", "\u00e9t\u00e9", "x1", "\"from\"", "\"a b\""));
            for (String w : words) {
                if (!w.matches("[A-Z_][A-Z_0-9]*") && !w.equals(w.toLowerCase(java.util.Locale.ROOT))) {
                    continue;
                }
                for (String sql : List.of("SELECT key " + w + " FROM kv WHERE key = 'a'",
                        "SELECT key AS " + w + " FROM kv WHERE key = 'a'", "SELECT key FROM kv " + w + " WHERE key = 'a'",
                        "SELECT key FROM kv AS " + w, "SELECT count(*) " + w + " FROM kv", "SELECT key FROM kv " + w,
                        "SELECT UPPER(key) " + w + " FROM kv ORDER BY key")) {
                    if (TextFrontDoor.recognize(sql, SIZES) != null) {
                        assertEquals(ClientView.outcome(calcite, sql), ClientView.outcome(door, sql), sql);
                    }
                }
            }
        }
    }
}
