package io.kvstore.jdbc.remote;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Outcomes of statements as comparable text: columns, rows, counts, or exception class, state and message. */
final class Differential {
    private Differential() {
    }

    static String dump(ResultSet rs) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                sb.append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i)).append(':')
                        .append(md.getColumnTypeName(i)).append(':').append(md.getPrecision(i)).append(':')
                        .append(md.isNullable(i)).append(':').append(md.getTableName(i)).append(' ');
            }
            sb.append('\n');
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    sb.append(o instanceof byte[] b ? Arrays.toString(b) : String.valueOf(o)).append('|')
                            .append(rs.getString(i)).append(' ');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    static String outcome(Statement s, String sql) {
        try {
            if (s.execute(sql)) {
                return dump(s.getResultSet());
            }
            return "count " + s.getLargeUpdateCount();
        } catch (SQLException e) {
            return e.getClass().getSimpleName() + " " + e.getSQLState() + " " + e.getMessage();
        }
    }

    static List<String> outcomes(Statement s, List<String> sqls) {
        List<String> out = new ArrayList<>();
        for (String sql : sqls) {
            out.add(sql + " => " + outcome(s, sql));
        }
        return out;
    }
}
