package io.kvstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServerJvmTest {
    @Test
    void launcher_serverOptions_matchServerJvm() throws Exception {
        Path launcher = Path.of("..", "kvstore");
        assertTrue(Files.isRegularFile(launcher), "the launcher script beside the modules: " + launcher.toAbsolutePath());
        Matcher m = Pattern.compile("(?m)^SERVER_JVM_OPTS=\"([^\"]*)\"$").matcher(Files.readString(launcher));
        assertTrue(m.find(), "SERVER_JVM_OPTS line in the launcher");
        assertEquals(ServerJvm.DEFAULT_OPTIONS, List.of(m.group(1).split(" ")));
    }

    @Test
    void defaultOptions_thisJvm_startsWithThem() throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ServerJvm.DEFAULT_OPTIONS);
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "java -version finished");
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void launcher_serverEnvironment_matchesServerJvm() throws Exception {
        String script = Files.readString(Path.of("..", "kvstore"));
        for (var e : ServerJvm.ENVIRONMENT.entrySet()) {
            String line = "export " + e.getKey() + "=\"${" + e.getKey() + ":-" + e.getValue() + "}\"";
            assertTrue(script.contains(line), "the launcher's server command sets " + line);
        }
    }
}
