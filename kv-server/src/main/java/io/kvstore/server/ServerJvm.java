package io.kvstore.server;

import java.util.List;
import java.util.Map;

/**
 * The JVM options {@code ./kvstore server} starts the server with (before the user's {@code JAVA_OPTS}, which
 * win), in one place: the launcher script repeats them (a test checks that it does) and kv-bench starts its server
 * processes with them, so the figures are those of the server as users run it.
 *
 * <ul>
 *   <li>{@code -XX:+UseG1GC}: chosen explicitly (the JVM picks Serial on a machine it thinks small).</li>
 *   <li>{@code -XX:MinHeapFreeRatio=1 -XX:MaxHeapFreeRatio=5}: after a full collection, and at the end of each
 *   concurrent cycle, the heap is shrunk to at most about 1.05x of what is live and the rest returned to the
 *   operating system (G1 sizes the heap for its pause and throughput goals in between, so a growing store still
 *   gets the room it needs). The store lives in the heap, so the defaults (keep up to 70% free) leave a resident size
 *   about three times the data after a bulk load (564 bytes per 116-byte key and value at 1M keys against Redis'
 *   212; 218 with 5 and 10, 203-205 with these settings; docs/benchmarks.md). Growth is not limited: G1 still expands the heap as the
 *   allocation rate asks.</li>
 *   <li>{@code -XX:G1PeriodicGCInterval=60000}: a server left idle for a minute runs a concurrent cycle, which
 *   returns the memory a load left committed without anyone asking for a collection.</li>
 *   <li>{@code -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=1000}: once a second the JVM hands
 *   the C library's freed native memory back to the operating system ({@code malloc_trim}: what the JIT compilers'
 *   arenas and Netty's buffers freed stays in glibc's arenas otherwise). After loading 1M keys that is about 10 bytes
 *   per key less resident memory (193-197 against 203-206 without, Redis 203-219; docs/benchmarks.md, session 8);
 *   each trim took 0.2-14 ms on its own thread, and SET throughput on a store of 1M keys measured no different. The
 *   option came to JDK 17 in an update (17.0.15 has it): {@code IgnoreUnrecognizedVMOptions} lets an older 17 start
 *   without it. Not {@code MaxHeapFreeRatio=2}: 7 bytes per key fewer still, but on a store of 1M keys taking random
 *   overwrites (-P 16) it gave 0.52-0.89x the SET throughput, with more concurrent cycles, in four alternated
 *   rounds.</li>
 *   <li>{@code -Dio.netty.leakDetection.level=disabled}: Netty's default samples one buffer in 128 and records
 *   a stack trace for it (a Throwable filled in, about 300 a second under load, and the JIT deoptimizing around
 *   them, measured with JFR at 50 clients); production servers turn it off. Tests keep Netty's default, so a leak
 *   still shows there.</li>
 * </ul>
 */
public final class ServerJvm {
    /** The options, in the order the launcher passes them. */
    public static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:+UseG1GC", "-XX:MinHeapFreeRatio=1", "-XX:MaxHeapFreeRatio=5", "-XX:G1PeriodicGCInterval=60000",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=1000",
            "-Dio.netty.leakDetection.level=disabled");

    /**
     * The environment the launcher adds (unless the user set the variable): {@code MALLOC_ARENA_MAX=2}. glibc gives
     * each thread that allocates native memory (Netty's buffers, the JIT's compiler arenas) an arena of its own, up
     * to eight per core, and keeps what was freed in each; with two, the native memory a bulk load used is reused
     * instead of kept beside new arenas: 8 MB less resident after loading 1M keys (194 against 203 MB of growth,
     * measured with /proc/PID/smaps). Other C libraries ignore it.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private ServerJvm() {
    }
}
