package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kvstore.jdbc.TestUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The connection's cache of planned Calcite statements. */
class StatementCacheTest {

    @Test
    void statementExecute_sameTextTwice_plansOnce() throws SQLException {
        try (Connection c = DriverManager.getConnection(TestUrls.mem())) {
            StatementCache cache = c.unwrap(KvConnection.class).cache();
            // sorting runs through Calcite (no executor): its planned statement is what the cache keeps
            String sql = "select key from kv order by value";
            try (Statement st = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rs = st.executeQuery(sql)) {
                        assertFalse(rs.next());
                    }
                }
            }
            // planned once, while the connection looked for an executor; then taken from the cache each time
            assertEquals(0, cache.misses());
            assertEquals(3, cache.hits());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                assertFalse(ps.executeQuery().next());
            }
            assertEquals(4, cache.hits());
            assertEquals(1, cache.size());
        }
    }
}
