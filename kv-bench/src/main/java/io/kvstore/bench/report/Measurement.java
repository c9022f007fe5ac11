package io.kvstore.bench.report;

/**
 * One number from one run: how fast (or how big) one system was on one workload.
 *
 * @param section {@code "engine"}, {@code "footprint"} or {@code "jdbc"}
 * @param workload the workload's name as shown in the tables (see {@link Workloads})
 * @param system the system's name ({@code kvstore}, {@code H2}, {@code SQLite}, {@code kvstore-mem}, ...)
 * @param value the figure, or {@link Double#NaN} when it could not be measured (then {@code note} says why)
 * @param error the half-width of JMH's 99.9% confidence interval, or NaN when the harness has none
 * @param unit the unit of {@code value} and {@code error}, such as {@code ops/s} or {@code bytes/entry}
 * @param note a short remark (the durable setting, a failure reason), or an empty string
 */
public record Measurement(String section, String workload, String system, double value, double error,
                          String unit, String note) {

    /** A figure that could not be measured, with the reason. */
    public static Measurement missing(String section, String workload, String system, String unit, String why) {
        return new Measurement(section, workload, system, Double.NaN, Double.NaN, unit, why);
    }

    /** Whether {@link #value} holds a number. */
    public boolean present() {
        return !Double.isNaN(value);
    }
}
