package io.kvstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The server as its own process: kill -9 under write load, SIGTERM and SHUTDOWN. */
class ServerProcessIT {
    private static final Pattern READY = Pattern.compile("ready to accept connections on port (\\d+)");

    @TempDir
    Path dir;

    /** A child JVM running {@link ServerMain}, its port (read from its log) and its log file. */
    private record Child(Process process, int port, Path logFile) {
        /** The whole log so far. */
        String fullLog() throws java.io.IOException {
            return Files.readString(logFile);
        }
    }

    private int children;

    private Child start(String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                dir.resolve("store").toString(), "--port", "0", "--bind", "127.0.0.1"));
        cmd.addAll(List.of(extra));
        Path logFile = dir.resolve("server-" + (children++) + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            Matcher m = READY.matcher(Files.readString(logFile));
            if (m.find()) {
                return new Child(p, Integer.parseInt(m.group(1)), logFile);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start:\n" + Files.readString(logFile));
    }

    @Test
    void kill9UnderWriteLoad_everyAcknowledgedWritePresentAfterRestart() throws Exception {
        Child child = start();
        Map<String, String> acked = new ConcurrentHashMap<>();
        Map<String, Long> ackedCounters = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try (Jedis j = new Jedis("127.0.0.1", child.port(), 60_000)) {
                    for (int i = 0; !stop.get(); i++) {
                        String k = "w" + id + ":" + i;
                        String v = "value-" + id + "-" + i;
                        if (id % 2 == 0) {
                            var p = j.pipelined();
                            var r1 = p.set(k, v);
                            var r2 = p.incr("counter" + id);
                            p.sync();
                            if ("OK".equals(r1.get())) {
                                acked.put(k, v);
                            }
                            ackedCounters.put("counter" + id, r2.get());
                        } else if ("OK".equals(j.set(k, v))) {
                            acked.put(k, v);
                        }
                    }
                } catch (Exception expectedAtKill) {
                    // the server was killed
                }
            });
            w.start();
            writers.add(w);
        }
        Thread.sleep(1500);
        child.process().destroyForcibly();
        assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        for (Thread w : writers) {
            w.join(30_000);
        }
        assertTrue(acked.size() > 100, "too few writes acknowledged before the kill: " + acked.size());

        Child again = start();
        try (Jedis j = new Jedis("127.0.0.1", again.port(), 60_000)) {
            int missing = 0;
            for (Map.Entry<String, String> e : acked.entrySet()) {
                if (!e.getValue().equals(j.get(e.getKey()))) {
                    missing++;
                }
            }
            assertEquals(0, missing, "acknowledged writes lost, of " + acked.size());
            for (Map.Entry<String, Long> e : ackedCounters.entrySet()) {
                assertTrue(Long.parseLong(j.get(e.getKey())) >= e.getValue(), e.getKey());
            }
            j.shutdown();
        } catch (Exception closedByShutdown) {
            // SHUTDOWN closes the connection without a reply
        }
        assertTrue(again.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, again.process().exitValue(), again.fullLog());
    }

    @Test
    void sigterm_finishesAndExitsZero_dataKept() throws Exception {
        Child child = start("--appendfsync", "everysec");
        try (Jedis j = new Jedis("127.0.0.1", child.port(), 60_000)) {
            for (int i = 0; i < 100; i++) {
                j.set("k" + i, "v" + i);
            }
        }
        child.process().destroy();
        assertTrue(child.process().waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.process().exitValue(), child.fullLog());
        String log = child.fullLog();
        assertTrue(log.contains("received SIGTERM") && log.contains("server stopped"), log);
        Child again = start();
        try (Jedis j = new Jedis("127.0.0.1", again.port(), 60_000)) {
            assertEquals("v99", j.get("k99"));
            assertEquals(100, j.dbSize());
        } finally {
            again.process().destroy();
            again.process().waitFor(60, TimeUnit.SECONDS);
        }
        assertEquals(0, again.process().exitValue());
    }

    @Test
    void badArguments_exitTwo() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ServerMain.class.getName(), "--nosuch", "1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(out.contains("unknown option --nosuch"), out);
        assertTrue(Files.notExists(dir.resolve("kvdata")));
    }
}
