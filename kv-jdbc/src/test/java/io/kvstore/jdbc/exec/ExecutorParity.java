package io.kvstore.jdbc.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.ClientView;
import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.connection.KvConnection;
import io.kvstore.jdbc.connection.KvPreparedStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison the executor tests share: a statement run on the plan executors against the same statement run by
 * Calcite's runtime ({@code fastPath=false}), on two in-memory stores seeded alike, with the text front door off on
 * both so that the plan path is what is compared.
 */
final class ExecutorParity {
    private ExecutorParity() {
    }

    /** A new in-memory connection, front door off, on the executors or on Calcite's runtime, after {@code seed}. */
    static Connection open(boolean executors, List<String> seed) throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem() + (executors ? "" : ";fastPath=false"));
        c.unwrap(KvConnection.class).disableTextFrontDoor();
        try (Statement s = c.createStatement()) {
            for (String sql : seed) {
                s.executeUpdate(sql);
            }
        }
        return c;
    }

    /**
     * Each statement prepared and ad hoc on both connections: what differs (metadata, rows in order, errors), and
     * the statements {@code exec} does not run on an executor; empty when every one matches.
     */
    static List<String> differences(Connection exec, Connection calcite, List<String> statements)
            throws SQLException {
        List<String> differ = new ArrayList<>();
        for (String sql : statements) {
            try (PreparedStatement ps = exec.prepareStatement(sql);
                 PreparedStatement theirs = calcite.prepareStatement(sql)) {
                if (!((KvPreparedStatement) ps).usesExecutor()) {
                    differ.add("not on an executor: " + sql);
                }
                String expected = ClientView.outcome(theirs);
                String actual = ClientView.outcome(ps);
                if (!expected.equals(actual)) {
                    differ.add(sql + "\n  calcite:  " + expected + "\n  executor: " + actual);
                }
            }
            String expected = ClientView.outcome(calcite, sql);
            String actual = ClientView.outcome(exec, sql);
            if (!expected.equals(actual)) {
                differ.add("ad hoc " + sql + "\n  calcite:  " + expected + "\n  executor: " + actual);
            }
        }
        return differ;
    }

    /** Asserts that {@code exec} leaves each statement to Calcite and answers it as {@code calcite} does. */
    static void assertLeftToCalcite(Connection exec, Connection calcite, List<String> statements)
            throws SQLException {
        for (String sql : statements) {
            try (PreparedStatement ps = exec.prepareStatement(sql)) {
                assertEquals(false, ((KvPreparedStatement) ps).usesExecutor(), sql);
            }
            assertEquals(ClientView.outcome(calcite, sql), ClientView.outcome(exec, sql), sql);
        }
    }

    /** A statement to prepare and the values to bind to its markers, in order. */
    record Prepared(String sql, List<Object> values) {
    }

    /** A new in-memory connection with the text front door on or off (the executors on), after {@code seed}. */
    static Connection openFrontDoor(boolean frontDoor, List<String> seed) throws SQLException {
        Connection c = DriverManager.getConnection(TestUrls.mem());
        if (!frontDoor) {
            c.unwrap(KvConnection.class).disableTextFrontDoor();
        }
        try (Statement s = c.createStatement()) {
            for (String sql : seed) {
                s.executeUpdate(sql);
            }
        }
        return c;
    }

    /**
     * What a client sees of {@code sql} prepared on {@code c}, which must run it on an executor: its parameter
     * metadata, its result metadata, then the outcome with {@code values} bound in order.
     */
    static String preparedView(Connection c, String sql, List<?> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            assertTrue(((KvPreparedStatement) ps).usesExecutor(), sql);
            StringBuilder b = new StringBuilder(ClientView.parameters(ps));
            b.append(' ').append(ClientView.describe(ps.getMetaData()));
            for (int j = 0; j < values.size(); j++) {
                ps.setObject(j + 1, values.get(j));
            }
            b.append('\n').append(ClientView.outcome(ps));
            return b.toString();
        }
    }
}
