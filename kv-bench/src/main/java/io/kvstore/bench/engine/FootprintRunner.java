package io.kvstore.bench.engine;

import io.kvstore.bench.ChildJvm;
import io.kvstore.bench.Data;
import io.kvstore.bench.Failures;
import io.kvstore.bench.report.Measurement;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures heap bytes per entry for each engine-level system, each in its own child JVM running
 * {@link FootprintMain} with the serial collector (whose full collections leave an exact live-set count).
 *
 * <p>Produces, per system, the measured bytes per entry and the overhead beyond the
 * {@value Data#KEY_BYTES}+{@value Data#VALUE_BYTES} payload bytes; for kvstore also what
 * {@code stats().memoryUsed()} reports per entry.
 */
public final class FootprintRunner {
    /** Workload name of the measured heap per entry. */
    public static final String MEASURED = "heap bytes per entry (measured)";
    /** Workload name of the measured heap per entry less the payload. */
    public static final String OVERHEAD = "overhead bytes per entry beyond the 116 payload bytes";
    /** Workload name of {@code KvStore.stats().memoryUsed()} per entry. */
    public static final String REPORTED = "stats().memoryUsed() per entry";

    private final List<String> systems;
    private final int entries;

    public FootprintRunner(List<String> systems, int entries) {
        this.systems = List.copyOf(systems);
        this.entries = entries;
    }

    /** Runs one child per system; a failed child yields missing measurements with the reason. */
    public List<Measurement> run() throws InterruptedException {
        List<Measurement> out = new ArrayList<>();
        for (String system : systems) {
            try {
                ChildJvm.Outcome o = ChildJvm.run(FootprintMain.class,
                        List.of("-XX:+UseSerialGC", "-Xmx4g"), List.of(system, Integer.toString(entries)),
                        null, 600);
                String line = o.lines().stream().filter(l -> l.startsWith("footprint ")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("exit " + o.exitCode() + ": " + o.stderrTail()));
                String[] f = line.split(" ");
                double perEntry = Double.parseDouble(f[3]) / entries;
                long reported = Long.parseLong(f[4]);
                out.add(new Measurement("footprint", MEASURED, system, perEntry, Double.NaN, "bytes/entry", ""));
                out.add(new Measurement("footprint", OVERHEAD, system,
                        perEntry - Data.KEY_BYTES - Data.VALUE_BYTES, Double.NaN, "bytes/entry", ""));
                if (reported >= 0) {
                    out.add(new Measurement("footprint", REPORTED, system, (double) reported / entries,
                            Double.NaN, "bytes/entry", ""));
                }
            } catch (Exception e) {
                String why = Failures.oneLine(e);
                out.add(Measurement.missing("footprint", MEASURED, system, "bytes/entry", why));
                out.add(Measurement.missing("footprint", OVERHEAD, system, "bytes/entry", why));
            }
        }
        return out;
    }
}
