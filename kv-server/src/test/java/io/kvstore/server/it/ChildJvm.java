package io.kvstore.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java main class in a child JVM with an explicit class path (or any command, such as the ./kvstore
 * launcher), feeding standard input from a string and capturing standard output and error, for tests that must
 * see exactly what a user's process sees (the all-in-one jar alone, sqlline's jar, piped input). Stateless.
 */
final class ChildJvm {
    /** Guard against a hung child; generous because the machine is shared, and never a timing assertion. */
    private static final long TIMEOUT_SECONDS = 300;

    /** Outcome of a finished child. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private ChildJvm() {
    }

    /**
     * Runs {@code mainClass} with {@code args} and waits for it.
     *
     * @param workDir working directory; stdin/stdout/stderr files are written there too
     */
    static Result run(Path workDir, List<Path> classPath, String mainClass, List<String> args, String stdin)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Duser.home=" + workDir.toAbsolutePath());
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(mainClass);
        command.addAll(args);
        return exec(workDir, command, Map.of(), stdin);
    }

    /**
     * Runs any command with extra environment variables and waits for it.
     *
     * @param workDir working directory; stdin/stdout/stderr files are written there too
     */
    static Result exec(Path workDir, List<String> command, Map<String, String> env, String stdin)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path in = workDir.resolve("stdin.txt");
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        Files.writeString(in, stdin, StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        assertTrue(finished, () -> "child process did not finish in " + TIMEOUT_SECONDS + " s: " + r);
        return r;
    }
}
