package io.kvstore.engine.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.SyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments: a child JVM ({@link KillNineChild}) writes with default settings and prints each
 * acknowledged commit; the test kills it with SIGKILL, reopens the store in this JVM and requires every
 * acknowledged key/value whole, nothing torn, pair transactions atomic, and nothing that was never written.
 * The same store carries over from round to round, so each round also recovers what earlier rounds left.
 *
 * <p>Seeded by {@code -Dkvstore.reliability.seed} (default fixed); the seed is printed with the figures.
 */
class KillNineIT {
    static final int BIG_EXTRA = 120;
    private static final long SEED = Long.getLong("kvstore.reliability.seed", 0x5EED_2026L);

    @TempDir
    Path tmp;

    @Test
    void kill_duringWrites_everyAcknowledgedCommitSurvivesWhole() throws Exception {
        Stats s = runRounds("write", 8, new Random(SEED), Map.of());
        report("writes", s);
    }

    @Test
    void kill_duringWritesWithSyncNone_everyAcknowledgedCommitSurvivesWhole() throws Exception {
        Stats s = runRounds("write-none", 4, new Random(SEED + 3), Map.of());
        report("writes with sync=none", s);
    }

    @Test
    void kill_duringSnapshots_everyAcknowledgedCommitSurvivesWhole() throws Exception {
        Stats s = runRounds("snapshot", 6, new Random(SEED + 1), Map.of());
        assertTrue(s.snapshots > 0, "the child should have completed snapshots before being killed");
        report("snapshots", s);
    }

    @Test
    void kill_duringRecoveryOfLargeStore_storeStaysWhole() throws Exception {
        Path dir = tmp.resolve("store");
        Map<String, Long> initial = new HashMap<>();
        KvOptions fast = KvOptions.builder().syncPolicy(SyncPolicy.NONE).snapshotWalBytes(0).build();
        try (KvStore store = KvStore.open(dir, fast)) {
            for (int i = 0; i < 80_000; i++) {
                String key = "big-" + i;
                store.put(Payloads.bytes(key), Payloads.value(key, i, BIG_EXTRA));
                initial.put(key, (long) i);
            }
        }
        Stats s = runRounds("reopen", 6, new Random(SEED + 2), initial);
        report("recovery", s);
    }

    private Stats runRounds(String mode, int rounds, Random random, Map<String, Long> initial) throws Exception {
        Path dir = tmp.resolve("store");
        Path stderr = tmp.resolve("child-stderr.txt");
        Stats stats = new Stats();
        Map<String, Long> baseline = initial;
        long openMillis = -1; // reopen mode: time from start to OPENED seen in round 1, to aim later kills
        for (int round = 1; round <= rounds; round++) {
            long base = round * 10_000_000L;
            KillNineModel model = new KillNineModel(baseline, base);
            AtomicInteger acks = new AtomicInteger();
            AtomicInteger snaps = new AtomicInteger();
            AtomicLong openedAt = new AtomicLong();
            boolean opened;
            boolean snapped;
            long started = System.nanoTime();
            try (ChildJvm child = ChildJvm.start(KillNineChild.class, stderr, line -> {
                if (line.startsWith("A ") || line.startsWith("P ")) {
                    acks.incrementAndGet();
                } else if (line.equals("S")) {
                    snaps.incrementAndGet();
                } else if (line.equals("OPENED")) {
                    openedAt.set(System.nanoTime());
                }
            }, dir.toString(), mode, Long.toString(base))) {
                long deadline = started + 60_000_000_000L;
                if (!mode.equals("reopen")) {
                    // Kill after a random number of acknowledged commits, then a random few milliseconds.
                    int target = 20 + random.nextInt(1500);
                    while (acks.get() < target && child.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(random.nextInt(15));
                } else if (openMillis < 0) {
                    // First round: let recovery finish once, to learn how long it takes here, then kill.
                    while (openedAt.get() == 0 && child.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    openMillis = Math.max(1, (openedAt.get() - started) / 1_000_000);
                    Thread.sleep(random.nextInt(50));
                } else {
                    // Later rounds: a random moment within 1.3 times that, mostly before recovery ends.
                    Thread.sleep(random.nextInt((int) (openMillis * 13 / 10) + 1));
                }
                assertTrue(child.isAlive(), () -> "child exited before the kill: " + readQuietly(stderr));
                child.kill();
                opened = child.lines().contains("OPENED");
                snapped = child.lines().contains("SNAPPED");
                for (String line : child.lines()) {
                    model.accept(line);
                }
            }
            stats.rounds++;
            stats.kills++;
            stats.acked += model.acked();
            stats.snapshots += snaps.get();
            if (mode.equals("reopen")) {
                if (!opened) {
                    stats.killsInRecovery++;
                } else if (!snapped) {
                    stats.killsInSnapshot++;
                }
            }
            try (KvStore store = KvStore.open(dir)) {
                baseline = model.verify(store);
                stats.keysVerified += baseline.size();
            }
        }
        return stats;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void report(String what, Stats s) {
        System.out.printf("[reliability] KillNineIT %s: seed=%d rounds=%d kills=%d acknowledgedCommits=%d"
                        + " keysVerified=%d snapshotsCompleted=%d killsBeforeOpenCompleted=%d killsDuringFirstSnapshot=%d%n",
                what, SEED, s.rounds, s.kills, s.acked, s.keysVerified, s.snapshots, s.killsInRecovery,
                s.killsInSnapshot);
    }

    private static final class Stats {
        int rounds;
        int kills;
        long acked;
        long keysVerified;
        long snapshots;
        int killsInRecovery;
        int killsInSnapshot;
    }
}
