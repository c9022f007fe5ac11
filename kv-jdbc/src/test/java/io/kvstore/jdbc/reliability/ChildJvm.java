package io.kvstore.jdbc.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A child JVM running a main class from this test class path, whose stdout is consumed line by line. Only
 * complete lines (ended by a newline) are delivered, so a line cut short by SIGKILL is never counted.
 * {@link #close()} kills the process (SIGKILL) and waits for it, with bounded waits everywhere.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process, Consumer<String> onLine) {
        this.process = process;
        this.reader = new Thread(() -> read(process.getInputStream(), onLine), "child-stdout");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code mainClass} with {@code args}, heap 256 MiB, stderr appended to {@code stderrFile}. */
    static ChildJvm start(Class<?> mainClass, Path stderrFile, Consumer<String> onLine, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
        return new ChildJvm(pb.start(), onLine);
    }

    private void read(InputStream in, Consumer<String> onLine) {
        StringBuilder partial = new StringBuilder();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                partial.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    String line = partial.substring(0, nl);
                    partial.delete(0, nl + 1);
                    lines.add(line);
                    onLine.accept(line);
                }
            }
        } catch (IOException ignored) {
            // the process was killed: what was read so far is all there is
        }
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Every complete line read so far. */
    public List<String> lines() {
        return lines;
    }

    /**
     * SIGKILL, then waits (bounded) for the process to die and for its stdout to be drained. Kills through the
     * {@link ProcessHandle}: {@link Process#destroyForcibly()} sends the same signal but also closes our end of
     * the stdout pipe, which would discard acknowledgements the child wrote but we had not read yet.
     */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + process.pid() + " did not die within 20 s of SIGKILL");
        }
        reader.join(20_000);
    }

    /** Waits up to {@code seconds} for a normal exit; returns the exit code, or kills and throws. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("child " + process.pid() + " did not exit within " + seconds + " s");
        }
        reader.join(20_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
