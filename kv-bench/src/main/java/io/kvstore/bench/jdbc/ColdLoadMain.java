package io.kvstore.bench.jdbc;

import io.kvstore.bench.Data;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Properties;

/**
 * Child-JVM entry point for the cold bulk load: in a fresh JVM, loads the driver, connects to a new store,
 * creates the table if {@code create} is given, and inserts {@code rows} rows (the {@link JdbcWorkloads#load}
 * workload: PreparedStatement batches committed every {@value JdbcWorkloads#BATCH} rows), then closes. Prints
 * {@code cold-load <nanos of the load> <nanos from main to closed>}; the load is timed from the first
 * {@code setString} to the last commit, so it includes every class loaded and every method interpreted on the
 * way, as a one-off import would.
 *
 * <p>Arguments: driver class, JDBC URL, rows, create-table DDL or {@code -}, then {@code name=value} properties.
 */
public final class ColdLoadMain {
    public static final String MARKER = "cold-load";

    private ColdLoadMain() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        try {
            Class.forName(args[0]);
        } catch (ClassNotFoundException e) {
            // DriverManager may still find it through the service loader
        }
        int rows = Integer.parseInt(args[2]);
        Properties p = new Properties();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            p.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        long load;
        try (Connection c = DriverManager.getConnection(args[1], p)) {
            if (!args[3].equals("-")) {
                try (Statement s = c.createStatement()) {
                    s.execute(args[3]);
                }
            }
            c.setAutoCommit(false);
            byte[][] values = new byte[4096][]; // as JdbcWorkloads.load: a pool built before the clock starts
            for (int i = 0; i < values.length; i++) {
                values[i] = Data.value(i);
            }
            try (PreparedStatement ps = c.prepareStatement(JdbcWorkloads.INSERT)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, Data.keyString(i));
                    ps.setBytes(2, values[i % values.length]);
                    ps.addBatch();
                    if ((i + 1) % JdbcWorkloads.BATCH == 0 || i == rows - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                load = System.nanoTime() - t0;
            }
        }
        System.out.println(MARKER + " " + load + " " + (System.nanoTime() - start));
        System.out.flush();
    }
}
