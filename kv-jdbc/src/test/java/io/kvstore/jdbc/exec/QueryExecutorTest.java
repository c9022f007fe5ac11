package io.kvstore.jdbc.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kvstore.engine.KvStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryExecutorTest {

    /**
     * {@code count(*)} of the whole table counts live entries: an entry whose expiry time has passed is not
     * counted, whether or not the sweep has removed it yet (the table's own entry count still holds it).
     */
    @Test
    void countAll_entryExpiredButNotYetRemoved_notCounted() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:kvstore:mem:count-" + UUID.randomUUID())) {
            KvStore store = c.unwrap(KvStore.class);
            store.put("a".getBytes(UTF_8), "1".getBytes(UTF_8));
            store.putWithTtl("b".getBytes(UTF_8), "2".getBytes(UTF_8), 1);
            Thread.sleep(5); // expired; the in-memory sweep runs only every 100 ms
            try (Statement s = c.createStatement()) {
                for (String sql : new String[] {"select count(*) from kv", "SELECT COUNT(*) AS n FROM kvstore.kv"}) {
                    try (ResultSet rs = s.executeQuery(sql)) {
                        rs.next();
                        assertEquals(1, rs.getLong(1), sql);
                    }
                }
            }
        }
    }
}
