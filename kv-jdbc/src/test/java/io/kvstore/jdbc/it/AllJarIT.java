package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The all-in-one driver jar: what it contains, and that it loads and connects on its own. */
class AllJarIT {
    /**
     * Class packages allowed unrelocated: ours, and the ones relocation would break (see kv-jdbc/pom.xml); zstd-jni
     * because its native library binds its methods to the class names (JNI), so a relocated copy cannot load it.
     */
    private static final List<String> UNRELOCATED = List.of(
            "io/kvstore/", "org/apache/calcite/", "org/codehaus/janino/", "org/codehaus/commons/", "org/joou/",
            "com/github/luben/zstd/");

    @Test
    void allJar_services_listOurDriver() throws IOException {
        try (JarFile jar = new JarFile(ItPaths.allJar().toFile())) {
            ZipEntry services = jar.getEntry("META-INF/services/java.sql.Driver");
            assertTrue(services != null, "no META-INF/services/java.sql.Driver");
            String text = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.lines().map(String::strip).anyMatch("io.kvstore.jdbc.KvDriver"::equals), text);
        }
    }

    @Test
    void allJar_classes_thirdPartyRelocatedAndNoSignatures() throws IOException {
        try (JarFile jar = new JarFile(ItPaths.allJar().toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            List<String> stray = names.stream()
                    .filter(n -> n.endsWith(".class"))
                    .filter(n -> UNRELOCATED.stream().noneMatch(n::startsWith))
                    .limit(20)
                    .toList();
            assertEquals(List.of(), stray, "third-party classes outside io/kvstore/shaded");
            assertTrue(names.contains("io/kvstore/shaded/com/google/common/collect/ImmutableList.class"), "Guava");
            List<String> signatures = names.stream()
                    .filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).toList();
            assertEquals(List.of(), signatures);
        }
    }

    @Test
    void allJar_plainJarKeptBeside() throws IOException {
        Path target = ItPaths.allJar().getParent();
        try (var files = Files.list(target)) {
            assertTrue(files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith("kv-jdbc-") && n.endsWith(".jar") && !n.contains("all")));
        }
    }

    @Test
    void allJar_aloneOnClassPathWithoutFrameworks_loadsAndConnectsThroughDriverManager() throws Exception {
        Path dir = ItPaths.freshDir("alljar");
        Path testClasses = Path.of(DriverProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ChildJvm.Result r = ChildJvm.run(dir, List.of(ItPaths.allJar(), testClasses),
                DriverProbe.class.getName(), List.of("jdbc:kvstore:mem:probe"), "");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("driver: io.kvstore.jdbc.KvDriver"), r::toString);
        assertTrue(lines.contains("unrelocated-guava: false"), r::toString);
        assertTrue(lines.contains("unrelocated-jackson: false"), r::toString);
        assertTrue(lines.contains("hibernate: false") && lines.contains("spring-data: false"), r::toString);
        assertTrue(lines.contains("count: 0"), r::toString);
        assertEquals("", r.err().strip(), r::toString);
    }
}
