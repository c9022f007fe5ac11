package io.kvstore.bench.report;

import io.kvstore.bench.engine.FootprintRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The goals kvstore must meet to be worth choosing, and their verdicts on one run's measurements. A ratio target
 * compares kvstore with the best of its baselines on the same workload, in the same run; the footprint target is an
 * absolute bound on overhead bytes per entry.
 *
 * <p>Thread-safety: immutable.
 */
public final class Targets {
    /**
     * One goal.
     *
     * @param section the measurements' section
     * @param workload the workload compared
     * @param system the system judged
     * @param baselines the systems compared against (the best of them counts); empty for an absolute bound
     * @param threshold the least acceptable ratio, or for an absolute bound the largest acceptable value
     * @param description how the goal reads in the report
     */
    public record Target(String section, String workload, String system, List<String> baselines, double threshold,
                         String description) {
        boolean absolute() {
            return baselines.isEmpty();
        }
    }

    /**
     * A target's outcome on one run.
     *
     * @param value the ratio (or, for an absolute bound, the value); NaN when a figure is missing
     * @param baseline the baseline system that was best, or an empty string
     * @param met whether the target is met (false when a figure is missing)
     * @param shortfall how far it is from the target, in words; empty when met
     */
    public record Verdict(Target target, double value, String baseline, boolean met, String shortfall) {
    }

    private static final List<String> SQL_PEERS = List.of("H2", "SQLite");

    /** Every target, in report order. */
    public static final List<Target> ALL = List.of(
            new Target("jdbc", Workloads.SELECT_1, "kvstore", SQL_PEERS, 1.0, "prepared point select, 1 thread >= 1.0x best of H2, SQLite"),
            new Target("jdbc", Workloads.SELECT_2, "kvstore", SQL_PEERS, 1.0, "prepared point select, 2 threads >= 1.0x best of H2, SQLite"),
            new Target("jdbc", Workloads.LOAD, "kvstore", SQL_PEERS, 1.0, "batch load >= 1.0x best of H2, SQLite"),
            new Target("jdbc", Workloads.SCAN, "kvstore", SQL_PEERS, 1.0, "full scan >= 1.0x best of H2, SQLite"),
            new Target("jdbc", Workloads.ADHOC, "kvstore", SQL_PEERS, 0.5, "ad-hoc literal point select >= 0.5x best of H2, SQLite"),
            new Target("jdbc", Workloads.INSERT_1, "kvstore", List.of("SQLite"), 0.8, "durable commits, 1 thread >= 0.8x SQLite"),
            new Target("jdbc", Workloads.INSERT_8, "kvstore", List.of("SQLite"), 3.0, "durable commits, 8 threads >= 3x SQLite"),
            new Target("engine", Workloads.engine("get", 1), "kvstore-mem", List.of("chm"), 0.8, "engine get, 1 thread >= 0.8x ConcurrentHashMap"),
            new Target("engine", Workloads.engine("get", 2), "kvstore-mem", List.of("chm"), 0.8, "engine get, 2 threads >= 0.8x ConcurrentHashMap"),
            new Target("engine", Workloads.engine("getView", 1), "kvstore-mem", List.of("chm"), 1.0, "engine get without a copy, 1 thread >= 1.0x ConcurrentHashMap"),
            new Target("engine", Workloads.engine("getView", 2), "kvstore-mem", List.of("chm"), 1.0, "engine get without a copy, 2 threads >= 1.0x ConcurrentHashMap"),
            new Target("footprint", FootprintRunner.OVERHEAD, "kvstore-mem", List.of(), 48, "engine overhead <= 48 bytes per entry"));

    private Targets() {
    }

    /** The verdict of every target on {@code results}. */
    public static List<Verdict> judge(List<Measurement> results) {
        List<Verdict> out = new ArrayList<>();
        for (Target t : ALL) {
            out.add(judge(t, results));
        }
        return out;
    }

    static Verdict judge(Target t, List<Measurement> results) {
        Optional<Measurement> own = find(results, t.section(), t.workload(), t.system());
        if (own.isEmpty() || !own.get().present()) {
            return new Verdict(t, Double.NaN, "", false, "not measured: "
                    + own.map(Measurement::note).orElse("no figure"));
        }
        double v = own.get().value();
        if (t.absolute()) {
            boolean met = v <= t.threshold();
            return new Verdict(t, v, "", met, met ? "" : String.format("over by %.1f bytes per entry (%.0f%%)",
                    v - t.threshold(), 100 * (v - t.threshold()) / t.threshold()));
        }
        Optional<Measurement> best = bestOf(results, t.section(), t.workload(), t.baselines(), false);
        if (best.isEmpty()) {
            return new Verdict(t, Double.NaN, "", false, "no baseline figure");
        }
        double ratio = v / best.get().value();
        boolean met = ratio >= t.threshold();
        String shortfall = met ? "" : String.format("%.2fx vs %.2fx: short by %.0f%%; needs %.2fx its current rate",
                ratio, t.threshold(), 100 * (1 - ratio / t.threshold()), t.threshold() / ratio);
        return new Verdict(t, ratio, best.get().system(), met, shortfall);
    }

    /** The measurement of one system on one workload, if any. */
    public static Optional<Measurement> find(List<Measurement> results, String section, String workload,
                                             String system) {
        return results.stream().filter(m -> m.section().equals(section) && m.workload().equals(workload)
                && m.system().equals(system)).findFirst();
    }

    /** The best present measurement among {@code systems}: the highest, or the lowest if {@code lowerIsBetter}. */
    public static Optional<Measurement> bestOf(List<Measurement> results, String section, String workload,
                                               List<String> systems, boolean lowerIsBetter) {
        Measurement best = null;
        for (String s : systems) {
            Optional<Measurement> m = find(results, section, workload, s);
            if (m.isPresent() && m.get().present() && (best == null
                    || (lowerIsBetter ? m.get().value() < best.value() : m.get().value() > best.value()))) {
                best = m.get();
            }
        }
        return Optional.ofNullable(best);
    }
}
