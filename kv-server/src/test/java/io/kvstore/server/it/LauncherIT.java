package io.kvstore.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * ./kvstore shell, check and server as users run them, on the jar this build made (KVSTORE_NO_BUILD=1 keeps the
 * launcher from running Maven).
 */
class LauncherIT {
    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", ItPaths.repoRoot().resolve("kvstore").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static ChildJvm.Result kvstore(Path workDir, Map<String, String> env, String stdin, String... args)
            throws Exception {
        return ChildJvm.exec(workDir, command(args), env, stdin);
    }

    @Test
    void shell_pipedTwice_usesPathAndBuildsThenUsesClassDataArchive() throws Exception {
        ItPaths.allJar();
        Path dir = ItPaths.freshDir("launcher-shell");
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("KVSTORE_NO_BUILD", "1", "KVSTORE_CACHE", cache.toString());
        ChildJvm.Result first = kvstore(dir, env, "SET a \"b c\"\n", "shell", "store");
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals("OK\n", first.out(), first::toString);
        try (Stream<Path> files = Files.list(cache)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().matches("shell-\\d+\\.jsa")),
                    "no class-data archive written to " + cache);
        }
        ChildJvm.Result second = kvstore(dir, env, "GET a\n", "shell", "store");
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals("\"b c\"\n", second.out(), second::toString);
        assertEquals("", second.err(), second::toString);
        assertTrue(Files.isDirectory(dir.resolve("store")), "store not created at the given path");

        ChildJvm.Result readOnly = kvstore(dir, env, "GET a\nSET a x\n", "shell", "--read-only", "store");
        assertEquals(1, readOnly.exitCode(), readOnly::toString);
        assertTrue(readOnly.out().startsWith("\"b c\"\n(error)"), readOnly::toString);

        ChildJvm.Result check = kvstore(dir, env, "", "check", "store");
        assertEquals(0, check.exitCode(), check::toString);
    }

    @Test
    void server_startsServesAndStopsOnShutdown() throws Exception {
        ItPaths.allJar();
        Path dir = ItPaths.freshDir("launcher-server");
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(command("server", "store", "--port", "0", "--appendfsync", "everysec"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KVSTORE_NO_BUILD", "1");
        Process p = pb.start();
        Pattern ready = Pattern.compile("ready to accept connections on port (\\d+)");
        int port = -1;
        for (int i = 0; i < 1200 && port < 0 && p.isAlive(); i++) {
            Matcher m = ready.matcher(Files.readString(log));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else {
                Thread.sleep(50);
            }
        }
        assertTrue(port > 0, () -> "server did not start: " + read(log));
        try (Jedis j = new Jedis("127.0.0.1", port, 60_000)) {
            assertEquals("OK", j.set("k", "v"));
            assertEquals("v", j.get("k"));
            try {
                j.shutdown();
            } catch (Exception closed) {
                // SHUTDOWN closes the connection without a reply
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), () -> read(log));
        assertEquals(0, p.exitValue(), () -> read(log));
        assertTrue(Files.isDirectory(dir.resolve("store")));
    }

    @Test
    void check_help_exitsZeroAndSaysHowToSalvage() throws Exception {
        ItPaths.allJar();
        ChildJvm.Result r = kvstore(ItPaths.freshDir("launcher-check-help"), Map.of("KVSTORE_NO_BUILD", "1"), "",
                "check", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("usage: kvstore check"), r::toString);
        assertTrue(r.out().contains("salvage=true"), r::toString);
    }

    @Test
    void serverHelp_listsOptions() throws Exception {
        ItPaths.allJar();
        ChildJvm.Result r = kvstore(ItPaths.freshDir("launcher-server-help"), Map.of("KVSTORE_NO_BUILD", "1"), "",
                "server", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("--requirepass") && r.out().contains("--config"), r::toString);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
