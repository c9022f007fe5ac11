package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.FastPath;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.ParameterMetaData;
import java.sql.SQLException;

/** Parameter descriptions of a fast-path statement: VARCHAR key, VARBINARY value, all IN. Immutable. */
final class KvParameterMetaData implements ParameterMetaData {
    private final FastPath path;

    KvParameterMetaData(FastPath path) {
        this.path = path;
    }

    private int check(int param) throws SQLException {
        if (param < 1 || param > path.parameterCount()) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "parameter index " + param + " out of range 1.."
                    + path.parameterCount());
        }
        return param;
    }

    @Override public int getParameterCount() { return path.parameterCount(); }
    @Override public int isNullable(int param) throws SQLException { check(param); return parameterNullableUnknown; }
    @Override public boolean isSigned(int param) throws SQLException { check(param); return false; }
    @Override public int getPrecision(int param) throws SQLException { check(param); return 0; }
    @Override public int getScale(int param) throws SQLException { check(param); return 0; }
    @Override public int getParameterType(int param) throws SQLException { return path.parameterType(check(param)); }
    @Override public int getParameterMode(int param) throws SQLException { check(param); return parameterModeIn; }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return KvResultSetMetaData.typeName(getParameterType(param));
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return KvResultSetMetaData.className(getParameterType(param));
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
