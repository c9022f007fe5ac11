package io.kvstore.calcite;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;

/** Shared test fixture: connections over in-memory stores, plans and rows as strings. */
final class KvTestSupport {
    private KvTestSupport() {
    }

    /** A session whose transaction the test opens and ends by hand. */
    static final class TxSession implements KvSession {
        final KvStore store;
        KvTransaction tx;

        TxSession(KvStore store) {
            this.store = store;
        }

        @Override
        public KvStore store() {
            return store;
        }

        @Override
        public KvTransaction transaction() {
            return tx;
        }
    }

    static CalciteConnection connect(KvStore store) throws SQLException {
        return KvCalcite.connect(KvSession.autoCommit(store), null);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static KvStore storeWith(String... keyValues) {
        KvStore store = KvStore.inMemory();
        for (int i = 0; i < keyValues.length; i += 2) {
            store.put(utf8(keyValues[i]), utf8(keyValues[i + 1]));
        }
        return store;
    }

    static String plan(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain plan for " + sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Rows as "col1,col2" strings; VARBINARY decoded as UTF-8. */
    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    b.append(',');
                }
                Object o = rs.getObject(i);
                b.append(o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o));
            }
            out.add(b.toString());
        }
        return out;
    }

    static List<String> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    static List<String> query(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
            return rows(rs);
        }
    }

    static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    static KvTable table(CalciteConnection c) {
        KvSchema schema = c.getRootSchema().getSubSchema(KvCalcite.SCHEMA).unwrap(KvSchema.class);
        return (KvTable) schema.getTable("kv");
    }

    static String text(KvStore store, String key) {
        byte[] v = store.get(utf8(key));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable s : c.getSuppressed()) {
                T found = causeOf(s, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
