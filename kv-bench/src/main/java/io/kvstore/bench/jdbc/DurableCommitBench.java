package io.kvstore.bench.jdbc;

import io.kvstore.bench.Dirs;
import io.kvstore.bench.Failures;
import io.kvstore.bench.writepath.CommitRow;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Durable auto-commit inserts through JDBC (the {@link JdbcWorkloads#insert} workload) on kvstore and SQLite at
 * several thread counts, each system on one new store for all its thread counts. For kvstore it also reads
 * {@code kv_stats} when the measured period starts and ends, for the average commit group and the forces per
 * second of that period.
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class DurableCommitBench {
    private DurableCommitBench() {
    }

    /**
     * Runs every system at every thread count, {@code rounds} times, kvstore and SQLite alternating at each thread
     * count (the disk is shared and its speed drifts, so the two are compared close in time); each row is the
     * median round. Failures become rows with a note, never exceptions.
     */
    public static List<CommitRow> run(List<Integer> threads, int rounds, long warmupMillis, long measureMillis,
                                      Path work, PrintStream progress) throws Exception {
        List<JdbcSystem> systems = List.of(JdbcSystem.KVSTORE, JdbcSystem.SQLITE);
        List<CommitRow> out = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        List<JdbcWorkloads> workloads = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        try {
            for (JdbcSystem system : systems) {
                Path dir = work.resolve("commit-" + system.name().toLowerCase());
                Dirs.deleteRecursively(dir);
                Files.createDirectories(dir);
                dirs.add(dir);
                String why = null;
                try (Connection c = system.connect(dir)) {
                    system.createTable(c);
                } catch (Exception e) {
                    why = "cannot connect: " + Failures.oneLine(e);
                }
                broken.add(why);
                workloads.add(new JdbcWorkloads(() -> system.connect(dir), 0, warmupMillis, measureMillis));
            }
            for (int t : threads) {
                String workload = "JDBC autocommit insert, " + t + (t == 1 ? " thread" : " threads");
                List<List<CommitRow>> perSystem = new ArrayList<>();
                for (int i = 0; i < systems.size(); i++) {
                    perSystem.add(new ArrayList<>());
                }
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < systems.size(); i++) {
                        JdbcSystem system = systems.get(i);
                        CommitRow row = broken.get(i) != null ? CommitRow.failed(workload, system.name(), broken.get(i))
                                : once(system, dirs.get(i), workloads.get(i), t, workload);
                        progress.println("[commit] round " + (round + 1) + " " + row.line());
                        perSystem.get(i).add(row);
                    }
                }
                for (List<CommitRow> rows : perSystem) {
                    out.add(CommitRow.median(rows));
                }
            }
        } finally {
            for (Path dir : dirs) {
                Dirs.deleteRecursively(dir);
            }
        }
        return out;
    }

    private static CommitRow once(JdbcSystem system, Path dir, JdbcWorkloads w, int threads, String workload) {
        StatsWindow window = null;
        try {
            window = system == JdbcSystem.KVSTORE ? new StatsWindow(system.connect(dir)) : null;
            TimedLoop.Result r = w.insert(threads, window);
            if (r.failure() != null) {
                return CommitRow.failed(workload, system.name(), Failures.oneLine(r.failure()));
            }
            return window != null && window.complete()
                    ? new CommitRow(workload, system.name(), r.perSecond(), window.groupSize(),
                            window.syncs() / r.seconds(), "")
                    : new CommitRow(workload, system.name(), r.perSecond(), Double.NaN, Double.NaN, "");
        } catch (Exception e) {
            return CommitRow.failed(workload, system.name(), Failures.oneLine(e));
        } finally {
            if (window != null) {
                try {
                    window.close();
                } catch (SQLException ignored) {
                    // measured already
                }
            }
        }
    }

    /** Reads kvstore's commit counters from {@code kv_stats} at the start and end of the measured period. */
    private static final class StatsWindow implements Runnable, AutoCloseable {
        private final Connection c;
        private final long[][] marks = new long[2][];
        private int n;

        StatsWindow(Connection c) {
            this.c = c;
        }

        @Override
        public void run() {
            if (n < 2) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select commits, commit_groups, wal_syncs from kv_stats")) {
                    rs.next();
                    marks[n++] = new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
                } catch (SQLException e) {
                    n = 3; // no figures rather than wrong ones
                }
            }
        }

        boolean complete() {
            return n == 2;
        }

        double groupSize() {
            long groups = marks[1][1] - marks[0][1];
            return groups == 0 ? Double.NaN : (double) (marks[1][0] - marks[0][0]) / groups;
        }

        long syncs() {
            return marks[1][2] - marks[0][2];
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }
}
