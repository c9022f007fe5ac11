package io.kvstore.jdbc;

import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * What a client sees of a statement, as one string, for tests that compare two ways of running it (text front
 * door, lean path, Calcite's full path): the result's column metadata (label, name, type, type name, precision,
 * scale, nullability, class, display size, table) and rows in order, or the update count, or the error's SQLState
 * and message; and a prepared statement's parameter metadata.
 */
public final class ClientView {
    private ClientView() {
    }

    /** The outcome of {@code sql} run ad hoc on {@code c}. */
    public static String outcome(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return "count " + s.getUpdateCount();
            }
            try (ResultSet rs = s.getResultSet()) {
                return describe(rs);
            }
        } catch (SQLException e) {
            return "error " + e.getSQLState() + " " + e.getMessage();
        }
    }

    /** The outcome of a prepared statement's execution (parameters already set). */
    public static String outcome(PreparedStatement ps) {
        try {
            if (!ps.execute()) {
                return "count " + ps.getUpdateCount();
            }
            try (ResultSet rs = ps.getResultSet()) {
                return describe(rs);
            }
        } catch (SQLException e) {
            return "error " + e.getSQLState() + " " + e.getMessage();
        }
    }

    /** The column metadata and every row of {@code rs} (consumed). */
    public static String describe(ResultSet rs) throws SQLException {
        StringBuilder b = new StringBuilder(describe(rs.getMetaData()));
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        while (rs.next()) {
            b.append("\n ");
            for (int i = 1; i <= n; i++) {
                Object o = rs.getObject(i);
                b.append(o instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(o)).append(" | ");
            }
        }
        return b.toString();
    }

    /** The column metadata (null: "no metadata"). */
    public static String describe(ResultSetMetaData md) throws SQLException {
        if (md == null) {
            return "no metadata";
        }
        StringBuilder b = new StringBuilder();
        int n = md.getColumnCount();
        for (int i = 1; i <= n; i++) {
            b.append(md.getColumnLabel(i)).append('/').append(md.getColumnName(i)).append('/')
                    .append(md.getColumnType(i)).append('/').append(md.getColumnTypeName(i)).append('/')
                    .append(md.getPrecision(i)).append('/').append(md.getScale(i)).append('/')
                    .append(md.isNullable(i)).append('/').append(md.getColumnClassName(i)).append('/')
                    .append(md.getColumnDisplaySize(i)).append('/').append(md.getTableName(i)).append(' ');
        }
        return b.toString();
    }

    /** A prepared statement's parameter metadata, every parameter. */
    public static String parameters(PreparedStatement ps) throws SQLException {
        ParameterMetaData pm = ps.getParameterMetaData();
        StringBuilder b = new StringBuilder().append(pm.getParameterCount());
        for (int i = 1; i <= pm.getParameterCount(); i++) {
            b.append(" [").append(pm.getParameterType(i)).append('/').append(pm.getParameterTypeName(i))
                    .append('/').append(pm.getPrecision(i)).append('/').append(pm.getScale(i)).append('/')
                    .append(pm.isNullable(i)).append('/').append(pm.getParameterClassName(i)).append('/')
                    .append(pm.getParameterMode(i)).append('/').append(pm.isSigned(i)).append(']');
        }
        return b.toString();
    }
}
