package io.kvstore.jdbc.result;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Column descriptions of a {@link KvListResultSet}. For rows of table {@code kv} answered by the fast path it
 * reports exactly what Calcite reports for the same query (label as the query spelled it, name, type, nullability,
 * precision 0, display size -1, table {@code kv}, schema {@code kvstore}) so that both paths look the same to
 * clients. Immutable and thread-safe.
 */
public final class KvResultSetMetaData implements ResultSetMetaData {

    /** One column. {@code table} and {@code schema} may be empty strings. */
    public record Column(String label, String name, int type, String typeName, String className, int nullable,
                  int precision, int displaySize, String table, String schema) {

        /** A column of a metadata result set (nullability unknown). */
        public static Column of(String name, int type) {
            return new Column(name, name, type, KvResultSetMetaData.typeName(type),
                    KvResultSetMetaData.className(type), columnNullableUnknown, 0, -1, "", "");
        }

        /** A column of table kvstore.kv, labelled {@code label}. */
        public static Column kv(String label, String name) {
            int type = name.equals("key") ? Types.VARCHAR : Types.VARBINARY;
            return new Column(label, name, type, KvResultSetMetaData.typeName(type),
                    KvResultSetMetaData.className(type), columnNoNulls, 0, -1, "kv", "kvstore");
        }
    }

    private final List<Column> columns;

    public KvResultSetMetaData(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    public List<Column> columns() {
        return columns;
    }

    public static String typeName(int type) {
        return switch (type) {
            case Types.VARCHAR -> "VARCHAR";
            case Types.VARBINARY -> "VARBINARY";
            case Types.INTEGER -> "INTEGER";
            case Types.SMALLINT -> "SMALLINT";
            case Types.BIGINT -> "BIGINT";
            case Types.BOOLEAN -> "BOOLEAN";
            case Types.DOUBLE -> "DOUBLE";
            default -> "OTHER";
        };
    }

    public static String className(int type) {
        return switch (type) {
            case Types.VARCHAR -> String.class.getName();
            case Types.VARBINARY -> byte[].class.getName();
            case Types.INTEGER -> Integer.class.getName();
            case Types.SMALLINT -> Short.class.getName();
            case Types.BIGINT -> Long.class.getName();
            case Types.BOOLEAN -> Boolean.class.getName();
            case Types.DOUBLE -> Double.class.getName();
            default -> Object.class.getName();
        };
    }

    private Column column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "column index " + column + " out of range 1.."
                    + columns.size());
        }
        return columns.get(column - 1);
    }

    @Override public int getColumnCount() { return columns.size(); }
    @Override public boolean isAutoIncrement(int column) throws SQLException { column(column); return false; }
    @Override public boolean isCaseSensitive(int column) throws SQLException { column(column); return true; }
    @Override public boolean isSearchable(int column) throws SQLException { column(column); return false; }
    @Override public boolean isCurrency(int column) throws SQLException { column(column); return false; }
    @Override public int isNullable(int column) throws SQLException { return column(column).nullable(); }
    @Override public boolean isSigned(int column) throws SQLException { column(column); return true; }
    @Override public int getColumnDisplaySize(int column) throws SQLException { return column(column).displaySize(); }
    @Override public String getColumnLabel(int column) throws SQLException { return column(column).label(); }
    @Override public String getColumnName(int column) throws SQLException { return column(column).name(); }
    @Override public String getSchemaName(int column) throws SQLException { return column(column).schema(); }
    @Override public int getPrecision(int column) throws SQLException { return column(column).precision(); }
    @Override public int getScale(int column) throws SQLException { column(column); return 0; }
    @Override public String getTableName(int column) throws SQLException { return column(column).table(); }
    @Override public String getCatalogName(int column) throws SQLException { column(column); return null; }
    @Override public int getColumnType(int column) throws SQLException { return column(column).type(); }
    @Override public String getColumnTypeName(int column) throws SQLException { return column(column).typeName(); }
    @Override public boolean isReadOnly(int column) throws SQLException { column(column); return true; }
    @Override public boolean isWritable(int column) throws SQLException { column(column); return false; }
    @Override public boolean isDefinitelyWritable(int column) throws SQLException { column(column); return false; }
    @Override public String getColumnClassName(int column) throws SQLException { return column(column).className(); }

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
