package io.kvstore.bench.writepath;

import io.kvstore.bench.report.Format;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Markdown tables of the write- and read-path parts ({@code --only commit,reads,coldload}), for a section of
 * docs/benchmarks.md. Each method returns a table (or an empty string when it has no rows). Stateless.
 */
public final class WritePathReport {
    private WritePathReport() {
    }

    /**
     * Durable commits: kvstore against SQLite at the same thread count where both ran, with the target ratio
     * ({@code targets} maps a workload to the least kvstore/SQLite ratio that meets it).
     */
    public static String commits(List<CommitRow> rows, Map<String, Double> targets) {
        if (rows.isEmpty()) {
            return "";
        }
        Map<String, CommitRow> kv = new LinkedHashMap<>();
        Map<String, CommitRow> sqlite = new LinkedHashMap<>();
        for (CommitRow r : rows) {
            (r.system().equals("kvstore") ? kv : sqlite).put(r.workload(), r);
        }
        List<String> workloads = new ArrayList<>(kv.keySet());
        for (String w : sqlite.keySet()) {
            if (!workloads.contains(w)) {
                workloads.add(w);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("| workload | kvstore commits/s | avg group | fsyncs/s | SQLite commits/s | kvstore / SQLite | target |\n");
        b.append("|---|---:|---:|---:|---:|---:|---|\n");
        for (String w : workloads) {
            CommitRow k = kv.get(w);
            CommitRow s = sqlite.get(w);
            double ratio = k != null && s != null ? k.perSecond() / s.perSecond() : Double.NaN;
            Double target = targets.get(w);
            String verdict = target == null ? "" : Double.isNaN(ratio) ? ">= " + Format.ratio(target)
                    : (ratio >= target ? "met" : "**missed**") + " (>= " + Format.ratio(target) + ")";
            b.append("| ").append(w)
                    .append(" | ").append(k == null ? "" : cell(k.perSecond(), k.note()))
                    .append(" | ").append(k == null || Double.isNaN(k.groupSize()) ? "" : String.format("%.1f", k.groupSize()))
                    .append(" | ").append(k == null || Double.isNaN(k.syncsPerSecond()) ? "" : Format.si(k.syncsPerSecond()))
                    .append(" | ").append(s == null ? "" : cell(s.perSecond(), s.note()))
                    .append(" | ").append(Double.isNaN(ratio) ? "" : Format.ratio(ratio))
                    .append(" | ").append(verdict).append(" |\n");
        }
        return b.toString();
    }

    /**
     * Engine reads (JMH) with and without a copy: one row per workload, a column per system, and each kvstore
     * system's ratio to {@code chm}; the no-copy read is judged against 1.0x.
     */
    public static String reads(List<io.kvstore.bench.report.Measurement> ms, List<String> systems) {
        if (ms.isEmpty()) {
            return "";
        }
        Map<String, Map<String, io.kvstore.bench.report.Measurement>> byWorkload = new LinkedHashMap<>();
        for (io.kvstore.bench.report.Measurement m : ms) {
            byWorkload.computeIfAbsent(m.workload(), w -> new LinkedHashMap<>()).put(m.system(), m);
        }
        StringBuilder b = new StringBuilder("| workload (ops/s) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String s : systems) {
            b.append(' ').append(s).append(" |");
            rule.append("---:|");
        }
        for (String s : systems) {
            if (s.startsWith("kvstore")) {
                b.append(' ').append(s).append(" / chm |");
                rule.append("---:|");
            }
        }
        b.append(" target |\n").append(rule).append("---|\n");
        for (Map.Entry<String, Map<String, io.kvstore.bench.report.Measurement>> e : byWorkload.entrySet()) {
            Map<String, io.kvstore.bench.report.Measurement> row = e.getValue();
            b.append("| ").append(e.getKey()).append(" |");
            for (String s : systems) {
                io.kvstore.bench.report.Measurement m = row.get(s);
                b.append(' ').append(m == null ? "" : Format.withError(m)).append(" |");
            }
            io.kvstore.bench.report.Measurement chm = row.get("chm");
            String verdict = "";
            for (String s : systems) {
                if (s.startsWith("kvstore")) {
                    io.kvstore.bench.report.Measurement m = row.get(s);
                    double r = m != null && chm != null ? m.value() / chm.value() : Double.NaN;
                    b.append(' ').append(Format.ratio(r)).append(" |");
                    if (s.equals("kvstore-mem") && e.getKey().startsWith("getView")) {
                        verdict = Double.isNaN(r) ? ">= 1.00x" : (r >= 1.0 ? "met" : "**missed**") + " (>= 1.00x)";
                    }
                }
            }
            b.append(' ').append(verdict).append(" |\n");
        }
        return b.toString();
    }

    /** The interleaved reads ({@code InterleavedReads}): one row per thread count, ratios to ConcurrentHashMap. */
    public static String interleavedReads(List<io.kvstore.bench.report.Measurement> ms, List<Integer> threads) {
        StringBuilder b = new StringBuilder("| threads | kvstore get (copy) | kvstore get(key, reader) (no copy) "
                + "| ConcurrentHashMap get | copy / chm | no copy / chm | target (no copy) |\n"
                + "|---:|---:|---:|---:|---:|---:|---|\n");
        for (int t : threads) {
            String suffix = ", " + t + (t == 1 ? " thread" : " threads");
            io.kvstore.bench.report.Measurement copy = find(ms, "get (copy)" + suffix);
            io.kvstore.bench.report.Measurement view = find(ms, "getView (no copy)" + suffix);
            io.kvstore.bench.report.Measurement chm = find(ms, "get" + suffix);
            if (copy == null || view == null || chm == null) {
                continue;
            }
            double rc = copy.value() / chm.value();
            double rv = view.value() / chm.value();
            b.append("| ").append(t).append(" | ").append(Format.withError(copy)).append(" | ")
                    .append(Format.withError(view)).append(" | ").append(Format.withError(chm)).append(" | ")
                    .append(Format.ratio(rc)).append(" | ").append(Format.ratio(rv)).append(" | ")
                    .append(rv >= 1.0 ? "met" : "**missed**").append(" (>= 1.00x) |\n");
        }
        return b.toString();
    }

    private static io.kvstore.bench.report.Measurement find(List<io.kvstore.bench.report.Measurement> ms, String w) {
        return ms.stream().filter(m -> m.workload().equals(w)).findFirst().orElse(null);
    }

    /** The cold load: kvstore and SQLite rows/s (median runs) and their ratio against {@code target}. */
    public static String coldLoad(List<CommitRow> rows, double target) {
        CommitRow k = rows.stream().filter(r -> r.system().equals("kvstore")).findFirst().orElse(null);
        CommitRow s = rows.stream().filter(r -> r.system().equals("SQLite")).findFirst().orElse(null);
        if (k == null || s == null) {
            return "";
        }
        double ratio = k.perSecond() / s.perSecond();
        return "| workload | kvstore rows/s | SQLite rows/s | kvstore / SQLite | target |\n|---|---:|---:|---:|---|\n"
                + "| " + k.workload() + " (" + (k.note().isEmpty() ? "1 run" : k.note()) + ") | "
                + cell(k.perSecond(), k.note()) + " | " + cell(s.perSecond(), s.note()) + " | " + Format.ratio(ratio)
                + " | " + (Double.isNaN(ratio) ? "" : (ratio >= target ? "met" : "**missed**")) + " (>= "
                + Format.ratio(target) + ") |\n";
    }

    private static String cell(double v, String note) {
        return Double.isNaN(v) ? "n/a" + (note.isEmpty() ? "" : " (" + note + ")") : Format.si(v);
    }
}
