package io.kvstore.engine.reliability;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.engine.SyncPolicy;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process that {@link KillNineIT} kills with SIGKILL. Not a test: a main in test sources, run in a child JVM.
 *
 * <p>Arguments: {@code <dir> <mode> <seqBase>}. Modes: {@code write} (writers only), {@code write-none} (the
 * same with SyncPolicy.NONE: a killed process loses nothing the OS was handed), {@code snapshot} (writers
 * plus a thread calling {@link KvStore#snapshot()} in a loop, small WAL segments), {@code reopen} (prints
 * {@code OPENED} when recovery finished, snapshots once, prints {@code SNAPPED}, then writes as {@code write}).
 * The store is opened with default options (durable: SyncPolicy.ALWAYS) except for the segment size in
 * {@code snapshot} mode and the sync policy in {@code write-none} mode.
 *
 * <p>Protocol on stdout, one line per acknowledged commit, printed only after the call returned:
 * {@code A <thread> <seq>} for a writer op (see {@link KillNineOps}), {@code P <seq>} for a pair transaction.
 * The process exits by itself after 60 s so that a lost child cannot run forever.
 */
public final class KillNineChild {
    private KillNineChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        long base = Long.parseLong(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
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

        KvOptions options = switch (mode) {
            case "snapshot" -> KvOptions.builder().walSegmentBytes(16 * 1024).build();
            case "write-none" -> KvOptions.builder().syncPolicy(SyncPolicy.NONE).build();
            default -> KvOptions.defaults();
        };
        KvStore store = KvStore.open(dir, options);
        if (mode.equals("reopen")) {
            emit(out, "OPENED");
            store.snapshot();
            emit(out, "SNAPPED");
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < KillNineOps.WRITERS; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                for (long seq = base; ; seq++) {
                    String key = KillNineOps.key(thread, seq);
                    if (KillNineOps.isDelete(seq)) {
                        store.delete(Payloads.bytes(key));
                    } else {
                        store.put(Payloads.bytes(key), Payloads.value(key, seq, KillNineOps.MAX_EXTRA));
                    }
                    emit(out, "A " + thread + " " + seq);
                }
            }, "writer-" + t));
        }
        threads.add(new Thread(() -> {
            for (long seq = base; ; seq++) {
                try (KvTransaction tx = store.begin()) {
                    for (String key : KillNineOps.pairKeys(seq)) {
                        tx.put(Payloads.bytes(key), Payloads.value(key, seq, KillNineOps.MAX_EXTRA));
                    }
                    tx.commit();
                }
                emit(out, "P " + seq);
            }
        }, "pairs"));
        if (mode.equals("snapshot")) {
            threads.add(new Thread(() -> {
                for (;;) {
                    store.snapshot();
                    emit(out, "S");
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "snapshotter"));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void emit(PrintStream out, String line) {
        synchronized (out) {
            out.print(line);
            out.print('\n');
            out.flush();
        }
    }
}
