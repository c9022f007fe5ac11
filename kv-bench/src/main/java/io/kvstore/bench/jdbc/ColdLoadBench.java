package io.kvstore.bench.jdbc;

import io.kvstore.bench.ChildJvm;
import io.kvstore.bench.Dirs;
import io.kvstore.bench.Failures;
import io.kvstore.bench.writepath.CommitRow;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cold bulk load ({@link ColdLoadMain}) of kvstore and SQLite, each run in a fresh JVM on a new store,
 * the two systems alternating run by run; the median run of each is reported in rows/s (as a {@link CommitRow}
 * without group figures).
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class ColdLoadBench {
    private ColdLoadBench() {
    }

    public static List<CommitRow> run(int rows, int runs, Path work, List<String> jvmArgs, PrintStream progress)
            throws InterruptedException {
        List<JdbcSystem> systems = List.of(JdbcSystem.KVSTORE, JdbcSystem.SQLITE);
        String workload = String.format("cold batch load, fresh JVM, %,d rows in 5k-row commits", rows);
        List<List<CommitRow>> results = new ArrayList<>();
        for (int i = 0; i < systems.size(); i++) {
            results.add(new ArrayList<>());
        }
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < systems.size(); i++) {
                JdbcSystem system = systems.get(i);
                CommitRow row = once(system, rows, work, jvmArgs, workload);
                progress.println("[coldload] run " + (run + 1) + " " + String.format("%-8s %s rows/s%s",
                        system.name(), io.kvstore.bench.report.Format.si(row.perSecond()),
                        row.note().isEmpty() ? "" : " (" + row.note() + ")"));
                results.get(i).add(row);
            }
        }
        List<CommitRow> out = new ArrayList<>();
        for (List<CommitRow> r : results) {
            out.add(CommitRow.median(r));
        }
        return out;
    }

    private static CommitRow once(JdbcSystem system, int rows, Path work, List<String> jvmArgs, String workload) {
        Path dir = work.resolve("coldload-" + system.name().toLowerCase());
        try {
            Dirs.deleteRecursively(dir);
            Files.createDirectories(dir);
            if (system.storeName().contains("/")) {
                Files.createDirectories(dir.resolve(system.storeName()).getParent());
            }
            List<String> args = new ArrayList<>(List.of(system.driverClass(), system.url(dir), Integer.toString(rows),
                    system.createTable() == null ? "-" : system.createTable()));
            for (Map.Entry<String, String> e : system.properties().entrySet()) {
                args.add(e.getKey() + "=" + e.getValue());
            }
            ChildJvm.Outcome o = ChildJvm.run(ColdLoadMain.class, jvmArgs, args, ColdLoadMain.MARKER, 600);
            for (String line : o.lines()) {
                if (line.startsWith(ColdLoadMain.MARKER + " ")) {
                    long nanos = Long.parseLong(line.split(" ")[1]);
                    return new CommitRow(workload, system.name(), rows / (nanos / 1e9), Double.NaN, Double.NaN, "");
                }
            }
            throw new IllegalStateException("child exited with " + o.exitCode() + ": " + o.stderrTail());
        } catch (Exception e) {
            return CommitRow.failed(workload, system.name(), Failures.oneLine(e));
        } finally {
            try {
                Dirs.deleteRecursively(dir);
            } catch (Exception ignored) {
                // scratch space
            }
        }
    }
}
