package io.kvstore.bench.writepath;

import io.kvstore.bench.report.Format;

/**
 * One durable-commit measurement: commits per second, and for kvstore the average commit group and forces per
 * second over the same measured period (NaN when not known). Immutable.
 */
public record CommitRow(String workload, String system, double perSecond, double groupSize, double syncsPerSecond,
                        String note) {

    /** A measurement that could not be taken, with the reason. */
    public static CommitRow failed(String workload, String system, String why) {
        return new CommitRow(workload, system, Double.NaN, Double.NaN, Double.NaN, why);
    }

    /** The row with the median rate among {@code rows} (same workload and system; the lower middle of an even count). */
    public static CommitRow median(java.util.List<CommitRow> rows) {
        java.util.List<CommitRow> ok = new java.util.ArrayList<>(rows.stream().filter(r -> !Double.isNaN(r.perSecond()))
                .sorted(java.util.Comparator.comparingDouble(CommitRow::perSecond)).toList());
        if (ok.isEmpty()) {
            return rows.get(0);
        }
        CommitRow m = ok.get((ok.size() - 1) / 2);
        return new CommitRow(m.workload(), m.system(), m.perSecond(), m.groupSize(), m.syncsPerSecond(),
                rows.size() > 1 ? "median of " + ok.size() : "");
    }

    /** One line for the progress output. */
    public String line() {
        return String.format("%-8s %-40s %s commits/s%s%s", system, workload, Format.si(perSecond),
                Double.isNaN(groupSize) ? "" : String.format(", group %.1f, %s fsyncs/s", groupSize,
                        Format.si(syncsPerSecond)), note.isEmpty() ? "" : " (" + note + ")");
    }
}
