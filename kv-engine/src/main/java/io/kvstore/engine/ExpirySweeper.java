package io.kvstore.engine;

import io.kvstore.engine.commit.CommitPipeline;
import io.kvstore.engine.commit.WriteRequest;
import io.kvstore.engine.table.EntryRecord;
import io.kvstore.engine.table.HashTable;
import java.util.Iterator;

/**
 * The active expiry sweep: removes entries whose expiry time has passed before anyone touches them, so that
 * expired entries do not hold memory (reads hide them whether or not they were removed).
 *
 * <p><b>Algorithm.</b> Redis' active expire cycle samples 20 keys with a TTL at a time, repeats while more than
 * 10% of a sample had expired, and stops after 25% of a core's time per 100 ms (its bound on CPU and latency);
 * its steady state lets up to about 10% of the keys with a TTL be expired-but-present. This sweep walks the hash
 * table's segments in a ring instead of sampling, from where the previous cycle stopped: each cycle (every
 * {@link KvOptions#expirySweepMillis()}) walks at least {@link #MIN_SEGMENTS} segments (1/16 of the table, so
 * every entry is looked at at least once per 16 cycles: 1.6 s at the default interval), goes on while more than
 * 10% of the entries with an expiry it found in the last segment had expired, and stops after
 * {@link #BUDGET_FRACTION} of the interval (25%, as Redis) whatever it found. An entry thus stays present at most
 * about 16 cycles after its expiry unless expiries pile up faster than a quarter of a core can remove them.
 * When the store holds no entry with an expiry a cycle does nothing.
 *
 * <p>Removals are committed through the {@link CommitPipeline} like any write, {@link #BATCH} keys per log record
 * (each key an EXPIRE op, applied only if it is still expired at commit): readers and writers are never stopped;
 * writers share log forces with the sweep.
 *
 * <p><b>Thread-safety.</b> {@link #runCycle} is called by one thread at a time (the store's maintenance
 * thread, or a test through {@link KvStore#sweepExpired()}).
 */
final class ExpirySweeper {
    static final int MIN_SEGMENTS = HashTable.segmentCount() / 16;
    static final double BUDGET_FRACTION = 0.25;
    static final int BATCH = 512;

    private final HashTable table;
    private final CommitPipeline pipeline;
    private int nextSegment;
    private long removed;

    ExpirySweeper(HashTable table, CommitPipeline pipeline) {
        this.table = table;
        this.pipeline = pipeline;
    }

    /** Expired entries this sweep has found and removed so far. */
    long removed() {
        return removed;
    }

    /**
     * One cycle: walks segments as described in the class comment within {@code budgetNanos} of wall time
     * ({@code Long.MAX_VALUE} with {@code segments = segmentCount()} sweeps the whole table once). Returns the
     * number of entries removed.
     *
     * @throws KvException when a removal cannot be committed (store closed or failed)
     */
    long runCycle(int minSegments, long budgetNanos) {
        if (pipeline.expiringEntries() == 0) {
            return 0;
        }
        long start = System.nanoTime();
        int segments = HashTable.segmentCount();
        byte[][] batch = new byte[BATCH][];
        int n = 0;
        long done = 0;
        for (int walked = 0; walked < segments; walked++) {
            int si = nextSegment;
            nextSegment = (si + 1) % segments;
            long now = pipeline.clock().getAsLong();
            int withExpiry = 0;
            int expired = 0;
            for (Iterator<byte[]> it = table.segmentRecords(si); it.hasNext(); ) {
                byte[] rec = it.next();
                if (!EntryRecord.hasExpiry(rec)) {
                    continue;
                }
                withExpiry++;
                if (EntryRecord.isExpired(rec, now)) {
                    expired++;
                    batch[n++] = EntryRecord.key(rec);
                    if (n == BATCH) {
                        done += commit(batch, n);
                        batch = new byte[BATCH][];
                        n = 0;
                    }
                }
            }
            boolean busy = withExpiry > 0 && expired * 10 > withExpiry;
            if (walked + 1 >= minSegments && (!busy || System.nanoTime() - start > budgetNanos)) {
                break;
            }
        }
        if (n > 0) {
            done += commit(batch, n);
        }
        removed += done;
        return done;
    }

    /** Commits the removal of {@code keys[0, n)}; returns {@code n} (a key written meanwhile is kept, still counted). */
    private long commit(byte[][] keys, int n) {
        pipeline.submit(WriteRequest.expireIfDue(keys, n));
        return n;
    }
}
