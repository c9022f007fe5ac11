package io.kvstore.jdbc.connection;

import io.kvstore.calcite.KvCalcite;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import io.kvstore.jdbc.exec.ExecContext;
import io.kvstore.jdbc.exec.Executor;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import io.kvstore.jdbc.result.RowSource;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a {@link SessionSql} statement on its connection: transaction control drives the connection as the JDBC
 * methods do, savepoints as {@link KvConnection#setSavepoint(String)} and its siblings, {@code SET SCHEMA} is
 * {@link KvConnection#setSchema}, and {@code SHOW TABLES} / {@code DESCRIBE} answer from the connection's
 * {@link DatabaseMetaData}, so they list what tools see.
 *
 * <p>Immutable; bound to one connection, used by that connection's statements (one thread at a time).
 */
final class SessionExecutor implements Executor {
    private static final KvResultSetMetaData TABLES = new KvResultSetMetaData(List.of(
            KvResultSetMetaData.Column.of("table_name", Types.VARCHAR),
            KvResultSetMetaData.Column.of("table_type", Types.VARCHAR),
            KvResultSetMetaData.Column.of("remarks", Types.VARCHAR)));
    private static final KvResultSetMetaData COLUMNS = new KvResultSetMetaData(List.of(
            KvResultSetMetaData.Column.of("column_name", Types.VARCHAR),
            KvResultSetMetaData.Column.of("type_name", Types.VARCHAR),
            KvResultSetMetaData.Column.of("nullable", Types.VARCHAR),
            KvResultSetMetaData.Column.of("key", Types.VARCHAR)));

    private final KvConnection connection;
    private final SessionSql.Command command;

    SessionExecutor(KvConnection connection, SessionSql.Command command) {
        this.connection = connection;
        this.command = command;
    }

    @Override
    public int[] parameterTypes() {
        return new int[0];
    }

    @Override
    public KvResultSetMetaData metaData() {
        return switch (command.kind()) {
            case SHOW_TABLES -> TABLES;
            case DESCRIBE -> COLUMNS;
            default -> null;
        };
    }

    @Override
    public RowSource query(ExecContext ctx, Object[] params) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        List<Object[]> rows = new ArrayList<>();
        if (command.kind() == SessionSql.Kind.SHOW_TABLES) {
            try (ResultSet rs = md.getTables(null, KvCalcite.SCHEMA, "%", null)) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"),
                        rs.getString("REMARKS")});
                }
            }
            return RowSource.of(rows);
        }
        String table = tableName(command.name());
        List<String> keys = new ArrayList<>();
        try (ResultSet rs = md.getPrimaryKeys(null, KvCalcite.SCHEMA, table)) {
            while (rs.next()) {
                keys.add(rs.getString("COLUMN_NAME"));
            }
        }
        try (ResultSet rs = md.getColumns(null, KvCalcite.SCHEMA, table, "%")) {
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                rows.add(new Object[] {column, rs.getString("TYPE_NAME"), rs.getString("IS_NULLABLE"),
                    keys.contains(column) ? "PRIMARY KEY" : ""});
            }
        }
        if (rows.isEmpty()) {
            throw KvErrors.create(SqlState.UNDEFINED_TABLE, "table '" + command.name() + "' not found (SHOW TABLES"
                    + " lists the tables)");
        }
        return RowSource.of(rows);
    }

    /** The table name without a {@code kvstore.} prefix, lower case, with LIKE wildcards escaped. */
    private static String tableName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith(KvCalcite.SCHEMA + ".")) {
            n = n.substring(KvCalcite.SCHEMA.length() + 1);
        }
        return n.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%");
    }

    @Override
    public long update(ExecContext ctx, Object[] params) throws SQLException {
        switch (command.kind()) {
            case BEGIN -> connection.beginBySql();
            case COMMIT -> connection.endBySql(true);
            case ROLLBACK -> connection.endBySql(false);
            case SAVEPOINT -> connection.setSavepoint(command.name());
            case RELEASE_SAVEPOINT -> connection.releaseSavepoint(command.name());
            case ROLLBACK_TO_SAVEPOINT -> connection.rollbackToSavepoint(command.name());
            case SET_SCHEMA -> connection.setSchema(command.name());
            default -> throw new IllegalStateException("not a write: " + command);
        }
        return 0;
    }

    @Override
    public String toString() {
        return "SessionExecutor[" + command + "]";
    }
}
