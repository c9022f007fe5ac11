package io.kvstore.jdbc.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            String sql = "select count(*) from kv where value <> x'00'";
            try (Statement st = c.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rs = st.executeQuery(sql)) {
                        assertTrue(rs.next());
                        assertEquals(0, rs.getLong(1));
                    }
                }
            }
            assertEquals(1, cache.misses());
            assertEquals(2, cache.hits());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                assertTrue(ps.executeQuery().next());
            }
            assertEquals(3, cache.hits());
            assertEquals(1, cache.size());
        }
    }
}
