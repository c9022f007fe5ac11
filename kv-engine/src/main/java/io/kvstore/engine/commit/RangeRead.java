package io.kvstore.engine.commit;

import io.kvstore.engine.table.EntryRecord;
import java.util.Arrays;

/**
 * What a transaction read of a key range: the committed entries it saw between two bounds, summarised as their
 * number and their highest version. At commit the {@link CommitPipeline} checks that the range still holds the
 * same number of entries and none newer than that version (and that no earlier request of the same commit group
 * wrote a key in it): a key inserted into, deleted from or rewritten in the range since the read is a conflict
 * (phantom protection). Any write after the read has an LSN above every version that was visible to it, so the
 * check is exact for that and conservative otherwise.
 *
 * <p>Built by one thread (the transaction's, as its cursor advances: the bounds cover what it fetched so far) and
 * read by the commit leader after the request is submitted (the pipeline's queue gives the happens-before edge).
 */
public final class RangeRead {
    private byte[] low;
    private boolean lowInclusive;
    private byte[] high;
    private boolean highInclusive;
    private long count;
    private long maxVersion;

    /**
     * A read between two bounds (null: unbounded). An ascending read that stops early narrows its upper bound to
     * what it fetched ({@link #coverUpTo}), a descending one its lower bound ({@link #coverDownTo}).
     */
    public RangeRead(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
        this.low = low;
        this.lowInclusive = lowInclusive;
        this.high = high;
        this.highInclusive = highInclusive;
    }

    /** Counts a committed record that the read returned. */
    public void see(byte[] record) {
        count++;
        long v = EntryRecord.version(record);
        if (v > maxVersion) {
            maxVersion = v;
        }
    }

    /**
     * Records a read of the whole range that found {@code count} entries, none newer than {@code maxVersion} (a
     * count taken from the index without visiting the entries).
     */
    public void assume(long count, long maxVersion) {
        this.count = count;
        this.maxVersion = maxVersion;
    }

    /** Sets the upper bound of what was covered (ascending reads, as they advance). */
    public void coverUpTo(byte[] high, boolean inclusive) {
        this.high = high;
        this.highInclusive = inclusive;
    }

    /** Sets the lower bound of what was covered (descending reads, as they advance). */
    public void coverDownTo(byte[] low, boolean inclusive) {
        this.low = low;
        this.lowInclusive = inclusive;
    }

    public byte[] low() {
        return low;
    }

    public boolean lowInclusive() {
        return lowInclusive;
    }

    public byte[] high() {
        return high;
    }

    public boolean highInclusive() {
        return highInclusive;
    }

    public long count() {
        return count;
    }

    public long maxVersion() {
        return maxVersion;
    }

    /** Whether {@code key} lies in the covered range. */
    boolean contains(byte[] key) {
        if (low != null) {
            int c = Arrays.compareUnsigned(key, low);
            if (c < 0 || (c == 0 && !lowInclusive)) {
                return false;
            }
        }
        if (high != null) {
            int c = Arrays.compareUnsigned(key, high);
            return c < 0 || (c == 0 && highInclusive);
        }
        return true;
    }
}
