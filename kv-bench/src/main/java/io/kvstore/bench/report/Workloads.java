package io.kvstore.bench.report;

import java.util.List;

/**
 * The names of every workload, shared by the harnesses that produce measurements and the reports that read
 * them, in report order.
 */
public final class Workloads {
    public static final String LOAD = "batch load (5k-row commits)";
    public static final String SELECT_1 = "prepared point select, 1 thread";
    public static final String SELECT_2 = "prepared point select, 2 threads";
    public static final String ADHOC = "ad-hoc literal point select";
    public static final String SCAN = "full scan";
    public static final String INSERT_1 = "autocommit insert, 1 thread";
    public static final String INSERT_8 = "autocommit insert, 8 threads";
    public static final String COLD_START = "cold start to first result";
    public static final String DISK_SYNC = "disk: 100-byte append + fdatasync";

    /** JDBC workloads where more is better, in report order. */
    public static final List<String> JDBC_THROUGHPUT =
            List.of(LOAD, SELECT_1, SELECT_2, ADHOC, SCAN, INSERT_1, INSERT_8);

    /** The engine operations as named by the JMH benchmark methods. */
    public static final List<String> ENGINE_OPS = List.of("get", "getView", "put", "delete", "mixed");

    private Workloads() {
    }

    /** The engine workload name for a JMH method and a thread count, e.g. {@code "get, 2 threads"}. */
    public static String engine(String op, int threads) {
        return op + ", " + threads + (threads == 1 ? " thread" : " threads");
    }
}
