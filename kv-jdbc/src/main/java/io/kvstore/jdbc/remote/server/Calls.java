package io.kvstore.jdbc.remote.server;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ColumnCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.Values;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.remote.protocol.WireOut;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Op#CALL}: a {@link Connection} or {@link DatabaseMetaData} method by name and argument count, run on the
 * session's embedded connection. Only methods of those interfaces are reachable, and of {@code Connection} only
 * the listed transaction and session settings; a result set comes back whole in one {@link Op#ROWS} (metadata
 * answers are small), anything else as one {@link Op#VALUE}. Stateless.
 */
final class Calls {
    private static final Set<String> CONNECTION_METHODS = Set.of("setAutoCommit", "getAutoCommit", "commit",
            "rollback", "setTransactionIsolation", "getTransactionIsolation", "setReadOnly", "isReadOnly",
            "setSchema", "getSchema", "setCatalog", "getCatalog", "nativeSQL", "isValid", "setHoldability",
            "getHoldability", "getClientInfo", "setClientInfo");
    private static final Set<String> METADATA_EXCLUDED = Set.of("getConnection", "unwrap", "isWrapperFor");
    private static final Map<String, Method> CONNECTION = index(Connection.class, CONNECTION_METHODS, null);
    private static final Map<String, Method> METADATA = index(DatabaseMetaData.class, null, METADATA_EXCLUDED);

    private Calls() {
    }

    private static Map<String, Method> index(Class<?> c, Set<String> only, Set<String> except) {
        Map<String, Method> m = new HashMap<>();
        for (Method method : c.getMethods()) {
            String n = method.getName();
            if (method.getDeclaringClass() == Object.class || (only != null && !only.contains(n))
                    || (except != null && except.contains(n))) {
                continue;
            }
            // Connection.getClientInfo() and getClientInfo(String) differ in count; so do all overloads used here
            m.put(n + "/" + method.getParameterCount(), method);
        }
        return m;
    }

    static void call(RemoteSession session, Connection connection, WireIn in, WireOut out)
            throws SQLException, ProtocolException {
        int target = in.u8();
        String name = in.string();
        int argc = in.count(16, 1);
        Object[] args = new Object[argc];
        for (int i = 0; i < argc; i++) {
            args[i] = Values.read(in);
        }
        in.end();
        Map<String, Method> table = switch (target) {
            case Op.TARGET_CONNECTION -> CONNECTION;
            case Op.TARGET_METADATA -> METADATA;
            default -> throw new ProtocolException("bad call target " + target);
        };
        Method m = table.get(name + "/" + argc);
        if (m == null) {
            throw KvErrors.notSupported("remote call " + name + " with " + argc + " arguments");
        }
        Object on = target == Op.TARGET_CONNECTION ? connection : connection.getMetaData();
        Object result;
        try {
            result = m.invoke(on, args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException s) {
                throw s;
            }
            throw KvErrors.translate(c);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "bad arguments for " + name + ": "
                    + e.getMessage(), e);
        }
        if (result instanceof ResultSet rs) {
            try (rs) {
                List<KvResultSetMetaData.Column> cols = RemoteSession.columnsOf(rs.getMetaData());
                out.reset(Op.ROWS).bool(true);
                ColumnCodec.write(out, cols);
                while (rs.next()) {
                    out.u8(1);
                    for (int c = 1; c <= cols.size(); c++) {
                        Values.write(out, rs.getObject(c));
                    }
                }
                out.u8(0).bool(false);
            }
            return;
        }
        if (result != null && !Values.isSupported(result)) {
            result = result.toString(); // RowIdLifetime and other enums
        }
        out.reset(Op.VALUE);
        Values.write(out, result);
    }
}
