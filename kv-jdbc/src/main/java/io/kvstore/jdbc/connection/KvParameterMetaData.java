package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SelfWrapper;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Parameter descriptions of a prepared statement, the same on every path: the type each parameter is converted to
 * ({@code key} VARCHAR, {@code value} VARBINARY, {@code LIMIT} INTEGER...), all IN. Immutable.
 */
public final class KvParameterMetaData implements ParameterMetaData, SelfWrapper {
    private final int[] types;

    public KvParameterMetaData(int[] types) {
        this.types = types.clone();
    }

    private int check(int param) throws SQLException {
        if (param < 1 || param > types.length) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "parameter index " + param + " out of range 1.."
                    + types.length);
        }
        return param;
    }

    @Override public int getParameterCount() { return types.length; }
    @Override public int isNullable(int param) throws SQLException { check(param); return parameterNullableUnknown; }

    @Override
    public boolean isSigned(int param) throws SQLException {
        int t = getParameterType(param);
        return t == Types.INTEGER || t == Types.BIGINT || t == Types.SMALLINT || t == Types.TINYINT
                || t == Types.DECIMAL;
    }

    @Override public int getPrecision(int param) throws SQLException { check(param); return 0; }
    @Override public int getScale(int param) throws SQLException { check(param); return 0; }
    @Override public int getParameterType(int param) throws SQLException { return types[check(param) - 1]; }
    @Override public int getParameterMode(int param) throws SQLException { check(param); return parameterModeIn; }

    @Override
    public String getParameterTypeName(int param) throws SQLException {
        return KvResultSetMetaData.typeName(getParameterType(param));
    }

    @Override
    public String getParameterClassName(int param) throws SQLException {
        return KvResultSetMetaData.className(getParameterType(param));
    }
}
