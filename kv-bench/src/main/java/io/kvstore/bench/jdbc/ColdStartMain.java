package io.kvstore.bench.jdbc;

import io.kvstore.bench.Data;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Child-JVM entry point for the cold-start measurement: loads a driver, opens an existing store, runs one point
 * select with a literal key, and prints {@code first-result} as soon as the value is in hand. The parent times
 * from starting the process to that line.
 *
 * <p>Arguments: driver class, JDBC URL, then {@code name=value} connection properties.
 */
public final class ColdStartMain {
    /** The line the parent waits for. */
    public static final String MARKER = "first-result";

    private ColdStartMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName(args[0]);
        } catch (ClassNotFoundException e) {
            // DriverManager may still find it through the service loader
        }
        Properties p = new Properties();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            p.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (Connection c = DriverManager.getConnection(args[1], p);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM kv WHERE key = '" + Data.keyString(0) + "'")) {
            if (!rs.next() || rs.getBytes(1) == null) {
                throw new IllegalStateException("the first row was not found");
            }
            System.out.println(MARKER + " " + rs.getBytes(1).length);
            System.out.flush();
        }
    }
}
