package io.kvstore.bench.jdbc;

import io.kvstore.bench.Data;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Child-JVM entry point for the first-statement latency: opens an existing store, then runs one non-trivial
 * statement (a format with two {@code %s} keys; {@code {nonce}} is replaced by a number new to each run, so that an
 * INSERT of literal keys can run again on the same store), and prints
 * {@code first-statement <connect ms> <statement ms> <statement CPU ms of the main thread>} (on a shared machine the
 * CPU time is the steadier figure: it leaves out the time the thread waited for a core).
 *
 * A query must return a row; any other statement is run with {@code execute} (its update count is not checked). A
 * statement with {@code ?} markers is prepared, as frameworks run theirs, and each marker is bound to its position as
 * an integer (1, 2, ...: an OFFSET and a FETCH of a page, for example).
 *
 * <p>Arguments: driver class, JDBC URL, statement format, then {@code name=value} connection properties.
 */
public final class FirstStatementMain {
    /** The line the parent reads. */
    public static final String MARKER = "first-statement";

    private FirstStatementMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class.forName(args[0]);
        } catch (ClassNotFoundException e) {
            // DriverManager may still find it through the service loader
        }
        Properties p = new Properties();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            p.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(args[1], p)) {
            long t1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            String sql = String.format(args[2].replace("{nonce}", Long.toString(System.nanoTime(), 36)),
                    Data.keyString(0), Data.keyString(1));
            try (Statement s = sql.indexOf('?') >= 0 ? c.prepareStatement(sql) : c.createStatement()) {
                boolean query;
                if (s instanceof PreparedStatement ps) {
                    for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                        ps.setInt(i, i);
                    }
                    query = ps.execute();
                } else {
                    query = s.execute(sql);
                }
                if (query) {
                    try (ResultSet rs = s.getResultSet()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no row");
                        }
                    }
                }
            }
            long t2 = System.nanoTime();
            long cpu2 = threads.getCurrentThreadCpuTime();
            System.out.printf("%s %.1f %.1f %.1f%n", MARKER, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (cpu2 - cpu1) / 1e6);
            System.out.flush();
        }
    }
}
