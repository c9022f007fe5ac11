package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.remote.protocol.ColumnCodec;
import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.Values;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.RowResultSet;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link DatabaseMetaData} of a {@link RemoteConnection}: every method is answered by the server's embedded
 * {@code KvDatabaseMetaData} (one CALL each; result sets come back whole), so tools see exactly what embedded mode
 * reports. Only {@code getConnection}, {@code getURL}, {@code unwrap} and {@code isWrapperFor} are answered here.
 * A dynamic proxy: the interface has some 180 methods and all of them forward the same way. Thread-safe.
 */
final class RemoteMetaData implements InvocationHandler {
    private final RemoteConnection connection;

    private RemoteMetaData(RemoteConnection connection) {
        this.connection = connection;
    }

    static DatabaseMetaData create(RemoteConnection connection) {
        return (DatabaseMetaData) Proxy.newProxyInstance(RemoteMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new RemoteMetaData(connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        Object[] a = args == null ? new Object[0] : args;
        switch (name) {
            case "getConnection":
                connection.checkOpen();
                return connection;
            case "getURL":
                return connection.url().url();
            case "unwrap":
                if (((Class<?>) a[0]).isInstance(proxy)) {
                    return proxy;
                }
                throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "not a wrapper for "
                        + ((Class<?>) a[0]).getName());
            case "isWrapperFor":
                return ((Class<?>) a[0]).isInstance(proxy);
            case "toString":
                return "RemoteMetaData[" + connection + "]";
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == a[0];
            default:
                break;
        }
        Object v = connection.call(Op.TARGET_METADATA, name, a);
        Class<?> rt = method.getReturnType();
        if (v instanceof String s && rt.isEnum()) {
            return enumValue(rt, s);
        }
        return v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String s) {
        return Enum.valueOf((Class<? extends Enum>) type, s);
    }

    /** A whole result set of an answer: columns, rows, and no more to fetch. */
    static RowResultSet rows(WireIn in) throws ProtocolException, SQLException {
        if (!in.bool()) {
            throw new ProtocolException("metadata rows without columns");
        }
        KvResultSetMetaData md = new KvResultSetMetaData(ColumnCodec.read(in));
        int n = md.getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (in.u8() == 1) {
            Object[] row = new Object[n];
            for (int c = 0; c < n; c++) {
                row[c] = Values.read(in);
            }
            rows.add(row);
        }
        if (in.bool()) {
            throw new ProtocolException("metadata rows with more to fetch");
        }
        in.end();
        return RowResultSet.of(null, md, rows);
    }
}
