package io.kvstore.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a main class of this module in a new JVM with this JVM's class path (the shaded jar when run as
 * documented), and reads what it prints.
 *
 * <p>Thread-safety: each call is independent.
 */
public final class ChildJvm {
    /**
     * What a child printed on standard output, and when it printed its first line that starts with the awaited
     * prefix, in nanoseconds after {@link ProcessBuilder#start()} (or -1).
     */
    public record Outcome(int exitCode, List<String> lines, long nanosToMarker, String stderrTail) {
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code mainClass} and waits for it to exit.
     *
     * @param marker a line prefix whose first appearance is timed, or null
     * @param timeoutSeconds the child is killed after this long, and an IOException thrown
     * @throws IOException the child could not be started, or timed out
     */
    public static Outcome run(Class<?> mainClass, List<String> jvmArgs, List<String> args, String marker,
                              long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process p = pb.start();
        StringBuilder err = new StringBuilder();
        Thread drain = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (err) {
                        err.append(line).append('\n');
                        if (err.length() > 4000) {
                            err.delete(0, err.length() - 4000);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "child-stderr");
        drain.setDaemon(true);
        drain.start();
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    killed.set(true);
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                // the caller is done with the child
            }
        }, "child-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        List<String> lines = new ArrayList<>();
        long marked = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (marked < 0 && marker != null && line.startsWith(marker)) {
                    marked = System.nanoTime() - start;
                }
                lines.add(line);
            }
        }
        p.waitFor();
        if (killed.get()) {
            throw new IOException(mainClass.getSimpleName() + " did not finish within " + timeoutSeconds + " s");
        }
        drain.join(1000);
        synchronized (err) {
            return new Outcome(p.exitValue(), lines, marked, err.toString());
        }
    }
}
