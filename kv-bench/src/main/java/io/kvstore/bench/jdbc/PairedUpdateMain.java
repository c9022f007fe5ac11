package io.kvstore.bench.jdbc;

import io.kvstore.bench.Dirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The executor bench's update rows (issue 11: every spelling's UPDATE by key at least 2x the best peer), measured as
 * paired, interleaved rounds instead of one system after the other: on this shared virtual machine the speed of a
 * core moves by up to 2x over tens of seconds (a probe's own thread CPU per update moved between 3.0 and 8.4 µs with
 * nothing else running), so two systems measured minutes apart can be compared in different weather. Here each
 * round runs every update row on kvstore and on the peer back to back (which goes first alternates), in the rotated
 * row order of {@link ExecutorBench}; each pair gives a ratio, and each row reports the median of its rounds'
 * ratios with their range, beside the medians of both systems' rates.
 *
 * <p>Arguments: work directory, rows (200000), peer ({@code SQLite} or {@code H2}), rounds (7), warm-up ms per row
 * (300), measured ms per row (1000).
 */
public final class PairedUpdateMain {
    private PairedUpdateMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench-work/paired-updates");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        JdbcSystem peer = args.length > 2 && args[2].equalsIgnoreCase("H2") ? JdbcSystem.H2 : JdbcSystem.SQLITE;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
        long warm = args.length > 4 ? Long.parseLong(args[4]) : 300;
        long measure = args.length > 5 ? Long.parseLong(args[5]) : 1000;
        JdbcSystem[] systems = {JdbcSystem.KVSTORE, peer};
        List<List<ExecutorBench.RoundWorkload>> workloads = new ArrayList<>();
        Dirs.deleteRecursively(work);
        for (JdbcSystem s : systems) {
            Path dir = work.resolve(s.name().toLowerCase(Locale.ROOT));
            Files.createDirectories(dir);
            try (Connection c = s.connect(dir)) {
                s.createTable(c);
            }
            new JdbcWorkloads(() -> s.connect(dir), rows, warm, measure).load();
            workloads.add(ExecutorBench.updateWorkloads(s, dir, rows));
        }
        int n = workloads.get(0).size();
        for (List<ExecutorBench.RoundWorkload> list : workloads) { // one unreported warm-up pass
            for (ExecutorBench.RoundWorkload w : list) {
                TimedLoop.Result r = TimedLoop.run(1, w.factory(), warm, 0);
                if (r.failure() != null) {
                    throw new IllegalStateException(w.workload(), r.failure());
                }
            }
        }
        double[][][] rate = new double[2][n][rounds];
        for (int round = 0; round < rounds; round++) {
            int[] order = ExecutorBench.rotation(round % n, n);
            for (int pos = 0; pos < n; pos++) {
                int k = order[pos];
                for (int j = 0; j < 2; j++) {
                    int sys = (round + pos + j) % 2; // who goes first alternates
                    TimedLoop.Result r = TimedLoop.run(1, workloads.get(sys).get(k).factory(), warm, measure);
                    if (r.failure() != null) {
                        throw new IllegalStateException(workloads.get(sys).get(k).workload(), r.failure());
                    }
                    rate[sys][k][round] = r.perSecond();
                }
                System.out.printf(Locale.ROOT, "round %d position %d: %s  kvstore %,.0f  %s %,.0f  ratio %.2f%n",
                        round + 1, pos + 1, workloads.get(0).get(k).workload(), rate[0][k][round], peer.name(),
                        rate[1][k][round], rate[0][k][round] / rate[1][k][round]);
            }
        }
        System.out.printf(Locale.ROOT, "%n| update row (%,d rows, %d paired rounds) | kvstore ops/s | %s ops/s | kvstore/%s,"
                + " median of the rounds' ratios [lowest, highest] | rounds at or above 2.0x |%n|---|---|---|---|---|%n",
                rows, rounds, peer.name(), peer.name());
        for (int k = 0; k < n; k++) {
            double[] ratios = new double[rounds];
            int atLeast2 = 0;
            for (int round = 0; round < rounds; round++) {
                ratios[round] = rate[0][k][round] / rate[1][k][round];
                atLeast2 += ratios[round] >= 2.0 ? 1 : 0;
            }
            double[] sorted = ratios.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | **%.2fx** [%.2f, %.2f] | %d of %d |%n",
                    workloads.get(0).get(k).workload(), median(rate[0][k]), median(rate[1][k]), sorted[rounds / 2],
                    sorted[0], sorted[rounds - 1], atLeast2, rounds);
        }
        Dirs.deleteRecursively(work);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
