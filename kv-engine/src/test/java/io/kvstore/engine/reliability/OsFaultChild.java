package io.kvstore.engine.reliability;

import io.kvstore.engine.KvException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.SyncPolicy;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The store-owning process of {@link OsFaultIT}. Not a test: a main in test sources, run in a child JVM.
 *
 * <p>Arguments: {@code <mode> <dir>}. {@code owner}: opens the store (defaults), commits {@code k0..k199}, prints
 * {@code READY}, then commits {@code t<n>} every 20 ms printing {@code ACK t<n>} after each, until a commit fails:
 * then prints {@code FAILED <message>} and stays alive (the store open) until killed. {@code close-none}: opens
 * with {@code sync=none}, commits {@code k0..k199}, closes, and prints {@code CLOSE_OK} or
 * {@code CLOSE_THREW <message>}. Exits by itself after 60 s.
 */
public final class OsFaultChild {
    private OsFaultChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                return;
            }
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        KvOptions options = mode.equals("close-none") ? KvOptions.builder().syncPolicy(SyncPolicy.NONE).build()
                : KvOptions.defaults();
        KvStore store = KvStore.open(dir, options);
        for (int i = 0; i < 200; i++) {
            store.put(Payloads.bytes("k" + i), Payloads.value("k", i, 40));
        }
        if (mode.equals("close-none")) {
            try {
                store.close();
                out.println("CLOSE_OK");
            } catch (KvException e) {
                out.println("CLOSE_THREW " + e.getMessage().replace('\n', ' '));
            }
            return;
        }
        out.println("READY");
        for (int n = 0; ; n++) {
            try {
                store.put(Payloads.bytes("t" + n), Payloads.value("t", n, 40));
                out.println("ACK t" + n);
            } catch (KvException e) {
                out.println("FAILED " + e.getMessage().replace('\n', ' '));
                Thread.sleep(120_000);
            }
            Thread.sleep(20);
        }
    }
}
