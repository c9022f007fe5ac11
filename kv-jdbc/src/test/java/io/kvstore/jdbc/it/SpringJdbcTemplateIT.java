package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvstore.jdbc.KvDataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Spring's JdbcTemplate and SimpleJdbcInsert over {@link KvDataSource}. */
class SpringJdbcTemplateIT {
    private KvDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void setUp() throws Exception {
        dataSource = new KvDataSource();
        dataSource.setUrl("jdbc:kvstore:" + ItPaths.freshDir("spring").resolve("store"));
        jdbc = new JdbcTemplate(dataSource);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jdbcTemplate_insertQueryUpdateDelete_roundTrips() {
        assertEquals(1, jdbc.update("INSERT INTO kv (key, value) VALUES (?, ?)", "a", utf8("alpha")));
        assertEquals(1, jdbc.update("INSERT INTO kv (key, value) VALUES (?, ?)", "b", utf8("beta")));

        assertEquals("alpha", jdbc.queryForObject("SELECT TEXT(value) FROM kv WHERE key = ?", String.class, "a"));
        assertArrayEquals(utf8("beta"),
                jdbc.queryForObject("SELECT value FROM kv WHERE key = ?", byte[].class, "b"));
        assertEquals(List.of("a", "b"), jdbc.queryForList("SELECT key FROM kv ORDER BY key", String.class));

        assertEquals(1, jdbc.update("UPDATE kv SET value = ? WHERE key = ?", utf8("ALPHA"), "a"));
        assertEquals("ALPHA", jdbc.queryForObject("SELECT TEXT(value) FROM kv WHERE key = ?", String.class, "a"));

        assertEquals(1, jdbc.update("DELETE FROM kv WHERE key = ?", "b"));
        assertEquals(0, jdbc.update("DELETE FROM kv WHERE key = ?", "b"));
        assertEquals(1L, jdbc.queryForObject("SELECT COUNT(*) FROM kv", Long.class));
    }

    @Test
    void jdbcTemplate_rowMapper_mapsTextAndBytes() {
        jdbc.update("INSERT INTO kv (key, value) VALUES (?, BYTES(?))", "k", "v1");
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT key, value FROM kv");
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals(2, row.size());
        assertEquals("k", row.values().toArray()[0]);
        assertArrayEquals(utf8("v1"), (byte[]) row.values().toArray()[1]);
    }

    @Test
    void simpleJdbcInsert_kvTableFromMetadata_insertsRow() {
        SimpleJdbcInsert insert = new SimpleJdbcInsert(dataSource).withTableName("kv");
        assertEquals(1, insert.execute(Map.of("key", "s1", "value", utf8("simple"))));
        assertEquals("simple", jdbc.queryForObject("SELECT TEXT(value) FROM kv WHERE key = ?", String.class, "s1"));
    }

    @Test
    void transactionTemplate_conflictingCommit_translatesToConcurrencyFailureAndRollsBack() throws Exception {
        jdbc.update("INSERT INTO kv (key, value) VALUES (?, BYTES(?))", "counter", "1");
        KvDataSource other = new KvDataSource();
        other.setUrl(dataSource.getUrl());
        JdbcTemplate outside = new JdbcTemplate(other);
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));

        assertThrows(ConcurrencyFailureException.class, () -> tx.executeWithoutResult(status -> {
            String seen = jdbc.queryForObject("SELECT TEXT(value) FROM kv WHERE key = ?", String.class, "counter");
            outside.update("UPDATE kv SET value = BYTES(?) WHERE key = ?", "100", "counter");
            jdbc.update("UPDATE kv SET value = BYTES(?) WHERE key = ?", seen + "1", "counter");
        }));
        assertEquals("100", jdbc.queryForObject("SELECT TEXT(value) FROM kv WHERE key = ?", String.class, "counter"));
    }
}
