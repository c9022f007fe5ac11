package io.kvstore.bench.engine;

import io.kvstore.bench.report.Measurement;
import io.kvstore.bench.report.Workloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link EngineBenchmark} through JMH's API, once per thread count, every benchmark in its own forked JVM,
 * and turns JMH's results into {@link Measurement}s (score and the 99.9% confidence half-width).
 *
 * <p>Thread-safety: confined to the calling thread.
 */
public final class EngineRunner {
    /** How long and how often JMH measures. */
    public record Settings(int forks, int warmupIterations, int iterations, int iterationMillis, int entries,
                           List<Integer> threads, List<String> systems, String heap, List<String> ops) {
    }

    private final Settings settings;
    private final Path log;

    /** @param log file that receives JMH's own (verbose) output */
    public EngineRunner(Settings settings, Path log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs every benchmark; a benchmark that fails in its fork is reported as missing, not thrown. */
    public List<Measurement> run() throws RunnerException {
        List<Measurement> out = new ArrayList<>();
        for (int threads : settings.threads()) {
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .include(EngineBenchmark.class.getName().replace(".", "\\.") + "\\.("
                            + String.join("|", settings.ops()) + ")$")
                    .param("system", settings.systems().toArray(new String[0]))
                    .param("entries", Integer.toString(settings.entries()))
                    .forks(settings.forks())
                    .warmupIterations(settings.warmupIterations())
                    .warmupTime(TimeValue.milliseconds(settings.iterationMillis()))
                    .measurementIterations(settings.iterations())
                    .measurementTime(TimeValue.milliseconds(settings.iterationMillis()))
                    .threads(threads)
                    .timeUnit(TimeUnit.SECONDS)
                    .jvmArgs("-Xms" + settings.heap(), "-Xmx" + settings.heap())
                    .shouldFailOnError(false)
                    .output(log.toString() + "." + threads + "t");
            Collection<RunResult> results = new Runner(b.build()).run();
            for (String op : settings.ops()) {
                for (String system : settings.systems()) {
                    out.add(find(results, op, system, threads));
                }
            }
        }
        return out;
    }

    private static Measurement find(Collection<RunResult> results, String op, String system, int threads) {
        String workload = Workloads.engine(op, threads);
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            if (method.equals(op) && system.equals(r.getParams().getParam("system"))) {
                Result<?> p = r.getPrimaryResult();
                double err = p.getScoreError();
                return new Measurement("engine", workload, system, p.getScore(),
                        Double.isNaN(err) ? Double.NaN : err, "ops/s", "");
            }
        }
        return Measurement.missing("engine", workload, system, "ops/s", "benchmark failed (see the JMH log)");
    }
}
