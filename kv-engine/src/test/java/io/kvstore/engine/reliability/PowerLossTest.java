package io.kvstore.engine.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kvstore.engine.KvConflictException;
import io.kvstore.engine.KvCorruptionException;
import io.kvstore.engine.KvDuplicateKeyException;
import io.kvstore.engine.KvEntry;
import io.kvstore.engine.KvException;
import io.kvstore.engine.KvIOException;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvStoreFailedException;
import io.kvstore.engine.KvTransaction;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.engine.io.FaultyFileLayer;
import io.kvstore.engine.io.FaultyFileLayer.CrashMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power-loss simulation: the engine runs over a {@link FaultyFileLayer} (behind a {@link PowerSwitchFileLayer})
 * that drops, tears or reorders whatever was not forced when the power goes, fails a force, fills the disk or
 * fails a directory sync. After each fault the store is reopened and must hold every acknowledged commit
 * (under {@link SyncPolicy#ALWAYS}: every write that returned) and nothing else but the one commit whose outcome
 * the writer never learned; under NONE and INTERVAL it must hold an exact prefix of the history. Recovery must
 * open, or, only where the format says it cannot tell a hole from damage (reordered pages), report corruption
 * naming a file, after which salvage must still hold every acknowledged commit. A failed force or write must put
 * the store in its failed state: writes throw {@link KvStoreFailedException}, {@code stats().failed()} is true,
 * reads keep working, and the failed commit is not acknowledged. Faults are also injected into snapshots.
 * Rounds carry the same store over, so each recovery starts from what earlier faults left.
 */
class PowerLossTest {
    private static final long SEED = Long.getLong("kvstore.reliability.seed", 0x5EED_2026L);
    private static final int MAX_EXTRA = 300;
    private static final int KEYS = 40;

    @TempDir
    Path dir;

    private enum Fault { NONE, FAIL_FORCE, DISK_FULL, FAIL_DIR_SYNC, SNAPSHOT_FAIL_FORCE, SNAPSHOT_DISK_FULL,
        SNAPSHOT_FAIL_DIR_SYNC }

    /** Figures printed at the end of a test. */
    private final Map<String, Long> figures = new LinkedHashMap<>();

    private void count(String name) {
        figures.merge(name, 1L, Long::sum);
    }

    private void count(String name, long n) {
        figures.merge(name, n, Long::sum);
    }

    // ------------------------------------------------------------------ single writer, exact history

    /**
     * The store's compression option in the current test (none, or lz4 or zstd-dict in the parameterized runs;
     * zstd-dict trains its dictionary from the first 4 KiB of values, written durably while faults strike).
     */
    private String compression = "none";

    @ParameterizedTest(name = "compression={0}")
    @ValueSource(strings = {"none", "lz4", "zstd-dict"})
    void powerLoss_randomFaultsSingleWriter_acknowledgedCommitsSurviveAndRecoveryIsExact(String codec)
            throws Exception {
        compression = codec;
        Random rnd = new Random(SEED);
        FaultyFileLayer faulty = new FaultyFileLayer(SEED);
        PowerSwitchFileLayer power = new PowerSwitchFileLayer(faulty);
        History hist = new History(MAX_EXTRA);
        long seq = 0;
        Pending pending = null;
        SyncPolicy policy = SyncPolicy.ALWAYS;
        boolean crashed = false;
        boolean ioFailed = false;
        CrashMode mode = CrashMode.DROP;
        String previous = "nothing";
        List<String> traces = new ArrayList<>();
        for (int round = 1; round <= 160; round++) {
            // Reopen and check what the previous round left.
            KvStore store = reopenAndVerify(power, policy, hist, pending, crashed, ioFailed, mode,
                    "round " + round + " after " + previous);
            pending = null;
            store.close();
            int p = rnd.nextInt(10);
            policy = p < 6 ? SyncPolicy.ALWAYS : p < 8 ? SyncPolicy.NONE : SyncPolicy.INTERVAL;
            store = KvStore.open(dir, options(power, policy, false));
            Map<String, Long> model = hist.stateAt(hist.lastLsn());
            int ops = 5 + rnd.nextInt(60);
            int faultAt = rnd.nextInt(ops);
            Fault fault = Fault.values()[rnd.nextInt(Fault.values().length)];
            StringBuilder trace = new StringBuilder(policy + ", " + fault + " at op " + faultAt + " of " + ops + ":");
            for (int i = 0; i < ops; i++) {
                boolean snapshotOp = false;
                if (i == faultAt && fault != Fault.NONE) {
                    count("faults injected " + fault);
                    switch (fault) {
                        case FAIL_FORCE, SNAPSHOT_FAIL_FORCE -> faulty.failForces(1);
                        case DISK_FULL, SNAPSHOT_DISK_FULL -> faulty.failWritesAfter(rnd.nextInt(400));
                        case FAIL_DIR_SYNC, SNAPSHOT_FAIL_DIR_SYNC -> faulty.failDirectorySyncs(1);
                        default -> { }
                    }
                    snapshotOp = fault.name().startsWith("SNAPSHOT");
                }
                if (snapshotOp || rnd.nextInt(25) == 0) {
                    try {
                        store.snapshot();
                        count("snapshots completed");
                        trace.append(" snapshot");
                    } catch (KvStoreFailedException e) {
                        trace.append(" snapshot-failed-store(").append(e.getMessage()).append(')');
                        assertFailedState(store, model, e);
                        count("snapshots failed, store failed");
                        break;
                    } catch (KvIOException e) {
                        trace.append(" snapshot-failed(").append(e.getMessage()).append(')');
                        count("snapshots failed, store kept working");
                    }
                    continue;
                }
                seq++;
                Intent intent = randomOp(store, rnd, model, seq);
                long before = hist.lastLsn();
                try {
                    intent.run.run();
                } catch (KvStoreFailedException e) {
                    trace.append(" op-failed@").append(before + 1).append('(').append(e.getMessage()).append(')');
                    assertFailedState(store, model, e);
                    pending = new Pending(before + 1, intent.effects);
                    count("commits refused by the failed state");
                    break;
                }
                long lsn = store.stats().lastLsn();
                if (intent.effects.isEmpty()) {
                    assertEquals(before, lsn, "an op without effects must not log");
                } else {
                    assertEquals(before + 1, lsn, "one record per acknowledged commit");
                    for (Map.Entry<String, Long> e : intent.effects.entrySet()) {
                        if (e.getValue() == null) {
                            hist.delete(lsn, e.getKey());
                            model.remove(e.getKey());
                        } else {
                            hist.put(lsn, e.getKey(), e.getValue());
                            model.put(e.getKey(), e.getValue());
                        }
                    }
                    count("acknowledged commits");
                    trace.append(' ').append(lsn);
                }
            }
            if (store.options().compression().dictionaryId().isPresent()) {
                count("rounds with a zstd dictionary in use");
            }
            crashed = rnd.nextInt(8) != 0;
            if (crashed) {
                mode = CrashMode.values()[rnd.nextInt(CrashMode.values().length)];
                power.powerLoss(mode);
                count("power losses " + mode);
                closeDead(store);
                power.powerOn();
            } else {
                try {
                    store.close();
                } catch (KvIOException e) {
                    assertTrue(store.isFailed(), "close may only fail for a store that already failed: " + e);
                }
                count("clean closes");
            }
            ioFailed = store.isFailed(); // also when the force at close was the one that failed
            previous = trace + (crashed ? " then power loss " + mode : " then clean close");
            traces.add("round " + round + ": " + previous);
            previous = String.join(" | ", traces.subList(Math.max(0, traces.size() - 3), traces.size()));
            faulty.clearFaults();
        }
        KvStore last = reopenAndVerify(power, policy, hist, pending, crashed, ioFailed, mode, "final");
        last.close();
        count("rounds", 160);
        report("single writer, compression=" + codec, faulty);
    }

    /** One operation's intended effects (key to new seq, null for a delete) and how to run it. */
    private record Intent(Map<String, Long> effects, Runnable run) {
    }

    /** The commit that threw: it may or may not be durable, and had this LSN if it is. */
    private record Pending(long lsn, Map<String, Long> effects) {
    }

    private Intent randomOp(KvStore store, Random rnd, Map<String, Long> model, long seq) {
        String key = "k" + rnd.nextInt(KEYS);
        byte[] kb = Payloads.bytes(key);
        byte[] value = Payloads.value(key, seq, MAX_EXTRA);
        Map<String, Long> effects = new HashMap<>();
        int kind = rnd.nextInt(10);
        if (kind < 4) {
            effects.put(key, seq);
            return new Intent(effects, () -> store.put(kb, value));
        } else if (kind < 5) {
            if (model.containsKey(key)) {
                effects.put(key, null);
            }
            boolean present = model.containsKey(key);
            return new Intent(effects, () -> assertEquals(present, store.delete(kb), "delete " + key));
        } else if (kind < 6) {
            boolean present = model.containsKey(key);
            if (!present) {
                effects.put(key, seq);
            }
            return new Intent(effects, () -> {
                if (present) {
                    try {
                        store.insert(kb, value);
                        fail("insert of present key " + key + " must fail");
                    } catch (KvDuplicateKeyException expected) {
                        // a KvStoreFailedException (the store failed in the background) propagates instead
                    }
                } else {
                    store.insert(kb, value);
                }
            });
        } else if (kind < 8) {
            KvEntry cur = store.getEntry(kb);
            long version = cur == null ? 0 : cur.version();
            boolean stale = rnd.nextInt(4) == 0;
            if (!stale) {
                effects.put(key, seq);
            }
            return new Intent(effects, () -> assertEquals(!stale,
                    store.compareAndSet(kb, stale ? version + 1000 : version, value), "compareAndSet " + key));
        } else {
            int n = 2 + rnd.nextInt(3);
            List<String> keys = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                String k = "k" + rnd.nextInt(KEYS);
                if (!keys.contains(k)) {
                    keys.add(k);
                }
            }
            Map<String, Long> view = new HashMap<>();
            for (String k : keys) {
                boolean del = rnd.nextInt(4) == 0;
                if (del) {
                    if (model.containsKey(k) || effects.containsKey(k)) {
                        effects.put(k, null);
                    }
                    view.put(k, null);
                } else {
                    effects.put(k, seq);
                    view.put(k, seq);
                }
            }
            return new Intent(effects, () -> {
                try (KvTransaction tx = store.begin()) {
                    for (Map.Entry<String, Long> e : view.entrySet()) {
                        byte[] k = Payloads.bytes(e.getKey());
                        if (e.getValue() == null) {
                            tx.delete(k);
                        } else {
                            tx.put(k, Payloads.value(e.getKey(), e.getValue(), MAX_EXTRA));
                        }
                    }
                    tx.commit();
                } catch (KvConflictException e) {
                    fail("no concurrent writer, no conflict expected: " + e);
                }
            });
        }
    }

    /** Checks the failed state: writes refused, reads working, stats reporting it. */
    private void assertFailedState(KvStore store, Map<String, Long> model, KvException cause) {
        assertTrue(store.isFailed(), "store must be failed after " + cause);
        assertTrue(store.stats().failed(), "stats().failed() after " + cause);
        assertThrows(KvStoreFailedException.class, () -> store.put(Payloads.bytes("probe"), new byte[1]));
        assertThrows(KvStoreFailedException.class, () -> {
            try (KvTransaction tx = store.begin()) {
                tx.put(Payloads.bytes("probe"), new byte[1]);
                tx.commit();
            }
        }, "a transaction in the failed state");
        for (Map.Entry<String, Long> e : model.entrySet()) {
            assertArrayEquals(Payloads.value(e.getKey(), e.getValue(), MAX_EXTRA), store.get(Payloads.bytes(e.getKey())),
                    "reads keep working in the failed state");
            break;
        }
        count("failed states checked");
    }

    /**
     * Reopens after a clean close or a power loss and checks the content against {@code hist} (acknowledged) plus
     * {@code pending}; truncates {@code hist} to what survived. Returns the open store. Under {@code always} every
     * acknowledged commit must be there; under {@code interval}/{@code none} too after a clean close, unless an
     * I/O error failed the store ({@code ioFailed}): a failed force cuts the log back to what was forced, which
     * loses what those modes acknowledged before forcing, exactly as a crash would (docs/reliability.md).
     */
    private KvStore reopenAndVerify(PowerSwitchFileLayer power, SyncPolicy policy, History hist, Pending pending,
                                    boolean crashed, boolean ioFailed, CrashMode mode, String context) {
        KvStore store;
        try {
            store = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false));
        } catch (KvCorruptionException e) {
            assertTrue(crashed && mode == CrashMode.REORDER,
                    context + ": corruption is only acceptable after reordered writes: " + e.getMessage());
            assertNotNull(e.file(), "corruption names a file");
            assertTrue(e.getMessage().contains(e.file().getFileName().toString()), e.getMessage());
            count("recoveries reporting corruption (reordered pages)");
            store = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, true));
            count("salvage opens");
        }
        History tentative = hist.copy();
        if (pending != null && !pending.effects().isEmpty()) {
            for (Map.Entry<String, Long> e : pending.effects().entrySet()) {
                if (e.getValue() == null) {
                    tentative.delete(pending.lsn(), e.getKey());
                } else {
                    tentative.put(pending.lsn(), e.getKey(), e.getValue());
                }
            }
        }
        long lsn = store.stats().lastLsn();
        assertTrue(lsn <= tentative.lastLsn(), context + ": recovered LSN " + lsn + " was never written");
        if (policy == SyncPolicy.ALWAYS || (!crashed && !ioFailed)) {
            assertTrue(lsn >= hist.lastLsn(), context + ": recovered LSN " + lsn + " but " + hist.lastLsn()
                    + " was acknowledged (" + policy + ", " + (crashed ? "power loss " + mode : "clean close") + ")");
        }
        count("keys verified", tentative.assertStateAt(store, lsn, context + " (" + policy + ", "
                + (crashed ? "power loss " + mode : "clean close") + ")"));
        hist.truncateAfter(lsn);
        if (pending != null && lsn == pending.lsn()) {
            for (Map.Entry<String, Long> e : pending.effects().entrySet()) {
                if (e.getValue() == null) {
                    hist.delete(lsn, e.getKey());
                } else {
                    hist.put(lsn, e.getKey(), e.getValue());
                }
            }
            count("unacknowledged commits found durable");
        }
        return store;
    }

    // ------------------------------------------------------------------ deterministic fault scenarios

    @Test
    void failedForce_putThrowsAndStoreFails_nothingUnacknowledgedIsClaimed() throws Exception {
        FaultyFileLayer faulty = new FaultyFileLayer(SEED);
        PowerSwitchFileLayer power = new PowerSwitchFileLayer(faulty);
        KvStore store = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false));
        store.put(Payloads.bytes("a"), Payloads.value("a", 1, MAX_EXTRA));
        faulty.failForces(1);
        KvStoreFailedException e = assertThrows(KvStoreFailedException.class,
                () -> store.put(Payloads.bytes("b"), Payloads.value("b", 2, MAX_EXTRA)));
        assertNotNull(e.getCause(), "the failed state names the I/O error");
        assertTrue(store.stats().failed());
        assertThrows(KvStoreFailedException.class, () -> store.put(Payloads.bytes("c"), new byte[1]));
        assertThrows(KvStoreFailedException.class, () -> store.delete(Payloads.bytes("a")));
        assertThrows(KvStoreFailedException.class, () -> store.compareAndSet(Payloads.bytes("a"), 1, new byte[1]));
        assertArrayEquals(Payloads.value("a", 1, MAX_EXTRA), store.get(Payloads.bytes("a")), "reads keep working");
        assertEquals(null, store.get(Payloads.bytes("b")), "the failed write is not visible");
        power.powerLoss(CrashMode.DROP);
        closeDead(store);
        power.powerOn();
        try (KvStore s = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false))) {
            assertArrayEquals(Payloads.value("a", 1, MAX_EXTRA), s.get(Payloads.bytes("a")));
            assertEquals(null, s.get(Payloads.bytes("b")), "data whose force failed is gone after a power loss");
            assertFalse(s.stats().failed(), "reopening clears the failed state");
            s.put(Payloads.bytes("c"), Payloads.value("c", 3, MAX_EXTRA));
        }
    }

    /**
     * After a failed fsync the store fails; closing and reopening it without a power loss reads the failed
     * record back from the page cache (it is not durable: Linux marked the pages clean, and a later force does
     * not write them). Commits acknowledged after that reopen are then stranded behind a record a power loss
     * removes: the log has an LSN gap, the open reports corruption, and salvage cuts the acknowledged commits.
     */
    @Test
    void failedForce_reopenWithoutPowerLoss_laterAcknowledgedCommitsSurvivePowerLoss() throws Exception {
        FaultyFileLayer faulty = new FaultyFileLayer(SEED);
        PowerSwitchFileLayer power = new PowerSwitchFileLayer(faulty);
        KvStore store = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false));
        store.put(Payloads.bytes("a"), Payloads.value("a", 1, MAX_EXTRA));
        faulty.failForces(1);
        assertThrows(KvStoreFailedException.class,
                () -> store.put(Payloads.bytes("b"), Payloads.value("b", 2, MAX_EXTRA)));
        closeDead(store);
        try (KvStore s = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false))) {
            s.put(Payloads.bytes("c"), Payloads.value("c", 3, MAX_EXTRA)); // acknowledged
        }
        power.powerLoss(CrashMode.DROP);
        power.powerOn();
        try (KvStore s = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false))) {
            assertArrayEquals(Payloads.value("a", 1, MAX_EXTRA), s.get(Payloads.bytes("a")));
            assertArrayEquals(Payloads.value("c", 3, MAX_EXTRA), s.get(Payloads.bytes("c")),
                    "a commit acknowledged after the reopen must survive the power loss");
        }
    }

    @Test
    void diskFull_duringWriteAndSnapshot_failsCleanlyAndRecoversAfterSpaceIsFreed() throws Exception {
        FaultyFileLayer faulty = new FaultyFileLayer(SEED);
        PowerSwitchFileLayer power = new PowerSwitchFileLayer(faulty);
        History hist = new History(MAX_EXTRA);
        KvStore store = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false));
        for (int i = 1; i <= 50; i++) {
            String key = "k" + (i % 20);
            store.put(Payloads.bytes(key), Payloads.value(key, i, MAX_EXTRA));
            hist.put(store.stats().lastLsn(), key, i);
        }
        faulty.failWritesAfter(1000); // less than a snapshot of 20 entries of up to 300 bytes
        assertThrows(KvException.class, store::snapshot, "a snapshot on a full disk fails");
        int i = 51;
        KvStoreFailedException full = null;
        for (; i < 200 && full == null; i++) {
            String key = "k" + (i % 20);
            try {
                store.put(Payloads.bytes(key), Payloads.value(key, i, MAX_EXTRA));
                hist.put(store.stats().lastLsn(), key, i);
            } catch (KvStoreFailedException e) {
                full = e;
            }
        }
        assertNotNull(full, "writes on a full disk must fail");
        assertTrue(store.stats().failed());
        hist.assertStateAt(store, hist.lastLsn(), "reads in the failed state show exactly the acknowledged writes");
        closeDead(store);
        faulty.clearFaults();
        try (KvStore s = KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false))) {
            hist.assertStateAt(s, hist.lastLsn(), "after space is freed and the store reopened");
            s.put(Payloads.bytes("after"), Payloads.value("after", 1, MAX_EXTRA));
            s.snapshot();
        }
    }

    // ------------------------------------------------------------------ concurrent writers and snapshots

    @ParameterizedTest(name = "compression={0}")
    @ValueSource(strings = {"none", "lz4", "zstd-dict"})
    void powerLoss_concurrentWritersAndSnapshots_acknowledgedCommitsSurviveWhole(String codec) throws Exception {
        compression = codec;
        Random rnd = new Random(SEED + 1);
        FaultyFileLayer faulty = new FaultyFileLayer(SEED + 1);
        PowerSwitchFileLayer power = new PowerSwitchFileLayer(faulty);
        Map<String, Long> baseline = Map.of();
        for (int round = 1; round <= 40; round++) {
            long base = round * 10_000_000L;
            KvStore store = openOrSalvage(power);
            baseline = KillNineModel.read(store);
            KillNineModel model = new KillNineModel(baseline, base);
            List<String> acks = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean powerLost = new AtomicBoolean();
            AtomicInteger late = new AtomicInteger();
            AtomicInteger unchecked = new AtomicInteger();
            // An op that returns after the power went is not counted as acknowledged: on a real machine its
            // caller died with it. (Such late returns also hide the false acknowledgement that
            // SnapshotFaultTest reproduces.) It may still be durable: the model allows each thread's next op.
            java.util.function.Consumer<String> ack = line -> {
                if (powerLost.get()) {
                    late.incrementAndGet();
                } else {
                    acks.add(line);
                }
            };
            AtomicInteger snapshots = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < KillNineOps.WRITERS; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    try {
                        for (long s = base; !stop.get(); s++) {
                            String key = KillNineOps.key(thread, s);
                            if (KillNineOps.isDelete(s)) {
                                store.delete(Payloads.bytes(key));
                            } else {
                                store.put(Payloads.bytes(key), Payloads.value(key, s, KillNineOps.MAX_EXTRA));
                            }
                            ack.accept("A " + thread + " " + s);
                        }
                    } catch (KvException expected) {
                        // the power went: this op's outcome is unknown
                    } catch (RuntimeException e) {
                        unchecked.incrementAndGet(); // see SnapshotFaultTest: not a KvException
                    }
                }));
            }
            threads.add(new Thread(() -> {
                try {
                    for (long s = base; !stop.get(); s++) {
                        try (KvTransaction tx = store.begin()) {
                            for (String key : KillNineOps.pairKeys(s)) {
                                tx.put(Payloads.bytes(key), Payloads.value(key, s, KillNineOps.MAX_EXTRA));
                            }
                            tx.commit();
                        }
                        ack.accept("P " + s);
                    }
                } catch (KvException expected) {
                    // the power went
                } catch (RuntimeException e) {
                    unchecked.incrementAndGet();
                }
            }));
            threads.add(new Thread(() -> {
                try {
                    while (!stop.get()) {
                        store.snapshot();
                        snapshots.incrementAndGet();
                        Thread.sleep(1);
                    }
                } catch (KvException | InterruptedException expected) {
                    // the power went
                } catch (RuntimeException e) {
                    unchecked.incrementAndGet();
                }
            }));
            threads.forEach(Thread::start);
            int target = 10 + rnd.nextInt(400);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (acks.size() < target && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            CrashMode mode = CrashMode.values()[rnd.nextInt(CrashMode.values().length)];
            synchronized (power.faulty()) {
                power.powerLoss(mode);
                powerLost.set(true);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
                assertFalse(t.isAlive(), "a store thread hung after the power loss");
            }
            closeDead(store);
            power.powerOn();
            count("power losses " + mode);
            count("snapshots completed", snapshots.get());
            count("late returns after the power loss (not counted as acknowledged)", late.get());
            count("non-KvException failures after the power loss", unchecked.get());
            List<String> lines;
            synchronized (acks) {
                lines = new ArrayList<>(acks);
            }
            // Acknowledgements of one thread are in order in the list; threads own disjoint keys.
            for (String line : lines) {
                model.accept(line);
            }
            count("acknowledged commits", model.acked());
            KvStore reopened = openOrSalvage(power, mode);
            count("keys verified", model.verify(reopened).size());
            if (reopened.options().compression().dictionaryId().isPresent()) {
                count("rounds with a zstd dictionary in use");
            }
            reopened.close();
        }
        count("rounds", 40);
        report("concurrent writers, compression=" + codec, faulty);
    }

    private KvStore openOrSalvage(PowerSwitchFileLayer power) {
        return KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false));
    }

    private KvStore openOrSalvage(PowerSwitchFileLayer power, CrashMode mode) {
        try {
            return KvStore.open(dir, options(power, SyncPolicy.ALWAYS, false));
        } catch (KvCorruptionException e) {
            assertEquals(CrashMode.REORDER, mode, "corruption is only acceptable after reordered writes: "
                    + e.getMessage());
            count("recoveries reporting corruption (reordered pages)");
            return KvStore.open(dir, options(power, SyncPolicy.ALWAYS, true));
        }
    }

    // ------------------------------------------------------------------ helpers

    private KvOptions options(PowerSwitchFileLayer power, SyncPolicy policy, boolean salvage) {
        return KvOptions.builder().fileLayer(power).syncPolicy(policy).syncIntervalMillis(2)
                .walSegmentBytes(4096).snapshotWalBytes(0).salvage(salvage).compression(compression)
                .compressionDictionarySampleBytes(4096).build();
    }

    /** Closes a store whose machine lost power: every I/O fails, so this only releases the directory lock. */
    private static void closeDead(KvStore store) {
        try {
            store.close();
        } catch (KvException expected) {
            // the final force cannot succeed without power
        }
    }

    private void report(String what, FaultyFileLayer faulty) {
        StringBuilder sb = new StringBuilder("[reliability] PowerLossTest " + what + ": seed=" + SEED);
        figures.forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        sb.append(", forces=").append(faulty.forceCount()).append(", bytesWritten=").append(faulty.bytesWritten());
        System.out.println(sb);
    }
}
