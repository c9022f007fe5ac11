package io.kvstore.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the integration tests find the artifacts that maven-failsafe points them to (system properties set in
 * kv-server/pom.xml) and where they keep their stores.
 */
final class ItPaths {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private ItPaths() {
    }

    /** target/kvstore-server-VERSION-all.jar, built by the package phase. */
    static Path allJar() {
        return existing("kvstore.it.allJar");
    }

    /** The repository root, where the ./kvstore launcher is. */
    static Path repoRoot() {
        String value = System.getProperty("kvstore.it.repoRoot");
        assertTrue(value != null, "system property kvstore.it.repoRoot is not set: run with mvn verify");
        Path root = Path.of(value).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("kvstore")), () -> "no kvstore launcher in " + root);
        return root;
    }

    /** A fresh, empty directory under target/it-work named after the test. */
    static Path freshDir(String name) throws IOException {
        String base = System.getProperty("kvstore.it.workDir", "target/it-work");
        Path dir = Path.of(base, name + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet())
                .toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null, () -> "system property " + property + " is not set: run with mvn verify");
        Path path = Path.of(value);
        assertTrue(Files.isRegularFile(path), () -> property + " points to a missing file: " + path);
        return path;
    }
}
