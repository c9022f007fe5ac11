package io.kvstore.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Facts about one run that the report states beside its figures: the command, when, and on what machine.
 *
 * @param command the exact command line that produced the run
 * @param started when the run started
 * @param finished when the run finished
 * @param settings sizes and times in words (rows, JMH forks and iterations, measured seconds)
 * @param machine machine and JDK facts, one per line
 */
public record RunInfo(String command, Instant started, Instant finished, List<String> settings,
                      List<String> machine) {

    /** Output of a git command in the current directory, trimmed; empty when git is missing or fails. */
    private static String git(String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out.stripTrailing() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Machine and JDK facts of this JVM's machine; {@code work} is where the stores' files were written. */
    public static List<String> machineFacts(Path work) {
        String cpu = "unknown";
        String mem = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format("%.1f GiB",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse(mem);
        } catch (IOException | RuntimeException e) {
            // not Linux: leave unknown
        }
        String fs;
        try {
            fs = Files.getFileStore(work).type() + " (" + Files.getFileStore(work).name() + ")";
        } catch (IOException e) {
            fs = "unknown";
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String source = git("rev-parse", "HEAD");
        if (!source.isEmpty()) {
            List<String> dirty = git("status", "--porcelain", "--untracked-files=no").lines()
                    .filter(l -> l.length() > 3).map(l -> l.substring(3)).toList();
            source = "commit " + source + (dirty.isEmpty() ? ", no uncommitted changes to tracked files"
                    : ", uncommitted changes in " + dirty.size() + " tracked file(s): "
                    + String.join(", ", dirty.subList(0, Math.min(6, dirty.size())))
                    + (dirty.size() > 6 ? ", ..." : ""));
        } else {
            source = "unknown (not run from a git work tree)";
        }
        return List.of(
                "nproc (available processors): " + Runtime.getRuntime().availableProcessors(),
                "CPU: " + cpu,
                "memory: " + mem,
                "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + ")",
                "file system of the stores and the fsync probe: " + fs + " at " + work,
                String.format("load average when the run ended: %.2f", load),
                "source: " + source);
    }
}
