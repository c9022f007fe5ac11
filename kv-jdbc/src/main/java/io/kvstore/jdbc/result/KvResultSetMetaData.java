package io.kvstore.jdbc.result;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SelfWrapper;
import io.kvstore.jdbc.error.SqlState;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Column descriptions of a {@link RowResultSet}, the same whichever path produced the rows. A column of table
 * {@code kv} reports what {@code DatabaseMetaData.getColumns} reports for it: name {@code key} or {@code value},
 * table {@code kv}, schema {@code kvstore}, not nullable, precision the store's largest key or value in bytes,
 * searchable; its label is what the query spelled. An expression column reports its SQL type, precision and scale
 * as the planner derived them, no table, and its label as its name. Immutable and thread-safe.
 */
public final class KvResultSetMetaData implements ResultSetMetaData, SelfWrapper {

    /** One column. {@code table} and {@code schema} may be empty strings. */
    public record Column(String label, String name, int type, String typeName, String className, int nullable,
                         int precision, int scale, int displaySize, String table, String schema, boolean searchable) {

        /** A column of a metadata result set (nullability unknown). */
        public static Column of(String name, int type) {
            return new Column(name, name, type, KvResultSetMetaData.typeName(type),
                    KvResultSetMetaData.className(type), columnNullableUnknown, 0, 0, -1, "", "", false);
        }

        /**
         * A column of table kvstore.kv, labelled {@code label}.
         *
         * @param size the store's largest key ({@code key}) or value ({@code value}) in bytes
         */
        public static Column kv(String label, String name, int size) {
            boolean key = name.equals("key");
            int type = key ? Types.VARCHAR : Types.VARBINARY;
            // getString on VARBINARY gives two hex digits per byte
            int display = key ? size : (int) Math.min(Integer.MAX_VALUE, 2L * size);
            return new Column(label, name, type, KvResultSetMetaData.typeName(type),
                    KvResultSetMetaData.className(type), columnNoNulls, size, 0, display, "kv", "kvstore", true);
        }

        /** A computed column (no table): its name is its label. */
        public static Column expression(String label, int type, String typeName, int precision, int scale,
                                        boolean nullable) {
            int display = switch (type) {
                case Types.VARCHAR, Types.CHAR -> precision;
                case Types.VARBINARY, Types.BINARY -> (int) Math.min(Integer.MAX_VALUE, 2L * precision);
                case Types.INTEGER -> 11;
                case Types.BIGINT -> 20;
                case Types.SMALLINT -> 6;
                case Types.TINYINT -> 4;
                case Types.BOOLEAN -> 5;
                case Types.DOUBLE, Types.FLOAT -> 24;
                case Types.REAL -> 14;
                case Types.DECIMAL, Types.NUMERIC -> precision + 2;
                default -> Math.max(precision, 0);
            };
            return new Column(label, label, type, typeName, KvResultSetMetaData.className(type),
                    nullable ? columnNullable : columnNoNulls, Math.max(precision, 0), Math.max(scale, 0),
                    Math.max(display, 0), "", "", true);
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
            case Types.CHAR -> "CHAR";
            case Types.VARBINARY -> "VARBINARY";
            case Types.BINARY -> "BINARY";
            case Types.INTEGER -> "INTEGER";
            case Types.SMALLINT -> "SMALLINT";
            case Types.TINYINT -> "TINYINT";
            case Types.BIGINT -> "BIGINT";
            case Types.BOOLEAN -> "BOOLEAN";
            case Types.DOUBLE -> "DOUBLE";
            case Types.FLOAT -> "FLOAT";
            case Types.REAL -> "REAL";
            case Types.DECIMAL -> "DECIMAL";
            case Types.DATE -> "DATE";
            case Types.TIME -> "TIME";
            case Types.TIMESTAMP -> "TIMESTAMP";
            default -> "OTHER";
        };
    }

    public static String className(int type) {
        return switch (type) {
            case Types.VARCHAR, Types.CHAR -> String.class.getName();
            case Types.VARBINARY, Types.BINARY -> byte[].class.getName();
            case Types.INTEGER -> Integer.class.getName();
            case Types.SMALLINT -> Short.class.getName();
            case Types.TINYINT -> Byte.class.getName();
            case Types.BIGINT -> Long.class.getName();
            case Types.BOOLEAN -> Boolean.class.getName();
            case Types.DOUBLE, Types.FLOAT -> Double.class.getName();
            case Types.REAL -> Float.class.getName();
            case Types.DECIMAL, Types.NUMERIC -> java.math.BigDecimal.class.getName();
            case Types.DATE -> java.sql.Date.class.getName();
            case Types.TIME -> java.sql.Time.class.getName();
            case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
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
    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        int t = column(column).type();
        return t == Types.VARCHAR || t == Types.CHAR;
    }
    @Override public boolean isSearchable(int column) throws SQLException { return column(column).searchable(); }
    @Override public boolean isCurrency(int column) throws SQLException { column(column); return false; }
    @Override public int isNullable(int column) throws SQLException { return column(column).nullable(); }
    @Override
    public boolean isSigned(int column) throws SQLException {
        int t = column(column).type();
        return t == Types.INTEGER || t == Types.BIGINT || t == Types.SMALLINT || t == Types.TINYINT || t == Types.DOUBLE
                || t == Types.FLOAT || t == Types.REAL || t == Types.DECIMAL || t == Types.NUMERIC;
    }
    @Override public int getColumnDisplaySize(int column) throws SQLException { return column(column).displaySize(); }
    @Override public String getColumnLabel(int column) throws SQLException { return column(column).label(); }
    @Override public String getColumnName(int column) throws SQLException { return column(column).name(); }
    @Override public String getSchemaName(int column) throws SQLException { return column(column).schema(); }
    @Override public int getPrecision(int column) throws SQLException { return column(column).precision(); }
    @Override public int getScale(int column) throws SQLException { return column(column).scale(); }
    @Override public String getTableName(int column) throws SQLException { return column(column).table(); }
    @Override public String getCatalogName(int column) throws SQLException { column(column); return null; }
    @Override public int getColumnType(int column) throws SQLException { return column(column).type(); }
    @Override public String getColumnTypeName(int column) throws SQLException { return column(column).typeName(); }
    @Override public boolean isReadOnly(int column) throws SQLException { column(column); return true; }
    @Override public boolean isWritable(int column) throws SQLException { column(column); return false; }
    @Override public boolean isDefinitelyWritable(int column) throws SQLException { column(column); return false; }
    @Override public String getColumnClassName(int column) throws SQLException { return column(column).className(); }
}
