package io.kvstore.engine;

import io.kvstore.engine.commit.RangeRead;
import io.kvstore.engine.commit.WriteRequest;
import io.kvstore.engine.table.EntryRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * {@link KvTransaction} by optimistic concurrency control: reads record the version they saw, writes are
 * buffered, and commit hands everything to the commit pipeline, which checks the versions and applies the
 * writes as one log record. Not thread-safe (see {@link KvTransaction}).
 *
 * <p>Every key touched is one entry of a {@link TransactionBuffer} holding both the version first seen and the
 * buffered write, so an insert is one lookup in the buffer and one in the table, and commit passes the buffer's
 * arrays to the pipeline as they are when the writes came in key-first-seen order (a batch of inserts).
 */
final class OptimisticTransaction implements KvTransaction {
    private static final byte[] DELETED = WriteRequest.DELETE;
    /** Flag in {@link #touch}'s result: the key is present. */
    private static final long PRESENT = 1L << 32;

    private final KvStore store;
    private final long startLsn;
    /** Every key read or written: version first seen (0 = absent) and buffered write, in write order. */
    private final TransactionBuffer buffer = new TransactionBuffer();
    private boolean readAll;
    /** Key ranges read through {@link #cursor(KeyRange, boolean)}, validated at commit. */
    private final List<RangeRead> ranges = new ArrayList<>();
    private boolean open = true;
    /** Earliest expiry time of the committed entries this transaction saw present (see WriteRequest.readExpiresAt). */
    private long minExpirySeen = Long.MAX_VALUE;

    OptimisticTransaction(KvStore store) {
        this.store = store;
        this.startLsn = store.pipeline().lastLsn();
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] rec = read(key);
        return rec == null ? null : EntryRecord.value(rec);
    }

    @Override
    public <R> R get(byte[] key, KvValueReader<? extends R> reader) {
        checkOpen();
        KvStore.checkKey(key);
        java.util.Objects.requireNonNull(reader, "reader");
        long h = TransactionBuffer.hash(key);
        int e = buffer.find(key, h);
        byte[] own = e >= 0 ? buffer.value(e) : null;
        if (own != null) {
            // the buffered value is never changed (a later write of the key replaces it), so it can be lent out
            if (own == DELETED) {
                return null;
            }
            long exp = buffer.expiry(e);
            return exp != 0 && exp <= store.options().clock().getAsLong() ? null : reader.read(own, 0, own.length);
        }
        byte[] rec = visible(store.table().get(key, h));
        if (e < 0) {
            buffer.add(e, key.clone(), h, rec == null ? 0L : EntryRecord.version(rec));
        }
        if (rec == null) {
            return null;
        }
        int offset = EntryRecord.keyOffset(rec) + key.length;
        if (EntryRecord.isCompressed(rec)) {
            byte[] plain = EntryRecord.value(rec, offset);
            return reader.read(plain, 0, plain.length);
        }
        return reader.read(rec, offset, EntryRecord.valueEnd(rec) - offset);
    }

    @Override
    public KvEntry getEntry(byte[] key) {
        byte[] rec = read(key);
        return rec == null ? null : KvStore.toEntry(rec);
    }

    @Override
    public boolean exists(byte[] key) {
        checkOpen();
        KvStore.checkKey(key);
        return (touch(key, TransactionBuffer.hash(key), true) & PRESENT) != 0;
    }

    /** The record visible to this transaction (own writes first); own writes carry version 0. */
    private byte[] read(byte[] key) {
        checkOpen();
        KvStore.checkKey(key);
        long h = TransactionBuffer.hash(key);
        int e = buffer.find(key, h);
        byte[] own = e >= 0 ? buffer.value(e) : null;
        if (own != null) {
            if (own == DELETED) {
                return null;
            }
            long now = store.options().clock().getAsLong();
            long exp = buffer.expiry(e);
            return exp != 0 && exp <= now ? null : EntryRecord.encode(key, own, 0, now, now, exp);
        }
        byte[] rec = visible(store.table().get(key, h));
        if (e < 0) {
            buffer.add(e, key.clone(), h, rec == null ? 0L : EntryRecord.version(rec));
        }
        return rec;
    }

    /**
     * The entry of {@code key} (hash {@code h}), added (with a copy of the key unless {@code copyKey} is false) with
     * the version it has now if this is its first touch, and
     * whether the key is present in this transaction's view: {@code entry | PRESENT} if present, else the entry.
     */
    private long touch(byte[] key, long h, boolean copyKey) {
        int e = buffer.find(key, h);
        byte[] own = e >= 0 ? buffer.value(e) : null;
        if (own != null) {
            long exp = buffer.expiry(e);
            boolean expired = exp != 0 && exp <= store.options().clock().getAsLong();
            return own != DELETED && !expired ? e | PRESENT : e;
        }
        byte[] rec = visible(store.table().get(key, h));
        if (e < 0) {
            e = buffer.add(e, copyKey ? key.clone() : key, h, rec == null ? 0L : EntryRecord.version(rec));
        }
        return rec != null ? e | PRESENT : e;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkOpen();
        store.checkWritable();
        store.checkSizes(key, value);
        buffer(key, TransactionBuffer.hash(key), value.clone());
    }

    /** Buffers a write; the first touch of a key records the version it has now. */
    private void buffer(byte[] key, long h, byte[] value) {
        buffer(key, h, value, 0);
    }

    private void buffer(byte[] key, long h, byte[] value, long expiresMillis) {
        int e = buffer.find(key, h);
        if (e < 0) {
            byte[] rec = visible(store.table().get(key, h));
            e = buffer.add(e, key.clone(), h, rec == null ? 0L : EntryRecord.version(rec));
        }
        buffer.write(e, value, expiresMillis);
    }

    /**
     * {@code rec} as this transaction sees it: null if null or expired now; an unexpired record with an expiry
     * lowers {@link #minExpirySeen} (once that passes, what was read has changed).
     */
    private byte[] visible(byte[] rec) {
        if (rec == null || !EntryRecord.hasExpiry(rec)) {
            return rec;
        }
        long exp = EntryRecord.expiresMillis(rec);
        if (exp <= store.options().clock().getAsLong()) {
            return null;
        }
        minExpirySeen = Math.min(minExpirySeen, exp);
        return rec;
    }

    /** {@code records} without the expired ones, each unexpired one passed through {@link #visible}. */
    private Iterator<byte[]> visibleRecords(Iterator<byte[]> records) {
        return new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                while (next == null && records.hasNext()) {
                    next = visible(records.next());
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] r = next;
                next = null;
                return r;
            }
        };
    }

    @Override
    public void put(byte[] key, byte[] value, long expiresAtMillis) {
        checkOpen();
        store.checkWritable();
        store.checkSizes(key, value);
        KvStore.checkExpiry(expiresAtMillis, true);
        long exp = expiresAtMillis;
        if (exp == KvStore.KEEP_EXPIRY) {
            long cur = expiresAt(key);
            exp = cur < 0 ? 0 : cur;
        }
        long now = store.options().clock().getAsLong();
        if (exp != 0 && exp <= now) {
            delete(key);
            return;
        }
        buffer(key, TransactionBuffer.hash(key), value.clone(), exp);
    }

    @Override
    public boolean expireAt(byte[] key, long atMillis) {
        if (atMillis <= 0) {
            throw new KvLimitException("expiry time must be > 0 ms since the epoch: " + atMillis);
        }
        byte[] value = get(key);
        if (value == null) {
            return false;
        }
        put(key, value, atMillis);
        return true;
    }

    @Override
    public boolean persist(byte[] key) {
        if (expiresAt(key) < 0) {
            return false;
        }
        put(key, get(key), 0);
        return true;
    }

    @Override
    public long expiresAt(byte[] key) {
        byte[] rec = read(key);
        return rec == null ? -2 : EntryRecord.hasExpiry(rec) ? EntryRecord.expiresMillis(rec) : -1;
    }

    @Override
    public void insert(byte[] key, byte[] value) {
        insert(key, value, true);
    }

    @Override
    public void insertOwned(byte[] key, byte[] value) {
        insert(key, value, false);
    }

    private void insert(byte[] key, byte[] value, boolean copy) {
        checkOpen();
        KvStore.checkKey(key);
        long t = touch(key, TransactionBuffer.hash(key), copy);
        if ((t & PRESENT) != 0) {
            throw new KvDuplicateKeyException("duplicate key: the key already exists");
        }
        store.checkWritable();
        store.checkSizes(key, value);
        buffer.write((int) t, copy ? value.clone() : value);
    }

    @Override
    public boolean replace(byte[] key, byte[] value) {
        if (!exists(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public boolean delete(byte[] key) {
        boolean existed = exists(key);
        store.checkWritable();
        if (existed) {
            buffer(key, TransactionBuffer.hash(key), DELETED);
        }
        return existed;
    }

    @Override
    public Iterator<KvEntry> iterator() {
        checkOpen();
        readAll = true;
        return new OverlayIterator(visibleRecords(store.table().records()));
    }

    @Override
    public KvCursor cursor(KeyRange range, boolean descending) {
        checkOpen();
        Iterator<byte[]> base = visibleRecords(store.records(range, descending));
        List<byte[]> ownKeys = new ArrayList<>();
        List<byte[]> ownValues = new ArrayList<>();
        List<Long> ownExpiries = new ArrayList<>();
        if (buffer.writeCount() > 0 && !range.isEmpty()) {
            int[] order = buffer.writeOrder();
            Integer[] hits = new Integer[order.length];
            int n = 0;
            for (int e : order) {
                if (range.contains(buffer.key(e))) {
                    hits[n++] = e;
                }
            }
            Comparator<Integer> byKey = (a, b) -> Arrays.compareUnsigned(buffer.key(a), buffer.key(b));
            Arrays.sort(hits, 0, n, descending ? byKey.reversed() : byKey);
            for (int i = 0; i < n; i++) {
                ownKeys.add(buffer.key(hits[i]));
                ownValues.add(buffer.value(hits[i]));
                ownExpiries.add(buffer.expiry(hits[i]));
            }
        }
        return new EntryCursor(new RangeIterator(base, range, descending, ownKeys, ownValues, ownExpiries));
    }

    /**
     * The committed count from the index (no walk), adjusted for this transaction's own writes in the range. The
     * whole range counts as read, with the store's LSN just before the count as the version bound: any later write
     * has a higher LSN; an entry the count included that is newer than that bound makes the check fail safe (a
     * conflict).
     */
    @Override
    public long count(KeyRange range) {
        checkOpen();
        if (range.isEmpty()) {
            return 0;
        }
        if (store.pipeline().expiringEntries() > 0) {
            // the index cannot tell expired entries; walk the range (records what it saw, expiry times included)
            return KvTransaction.super.count(range);
        }
        // the LSN before the count: the index then holds at least its writes, so any write after the count has a
        // higher LSN (an entry newer than it that the count included only makes the check fail safe)
        long before = store.pipeline().lastLsn();
        long n = store.count(range);
        RangeRead read = new RangeRead(range.lowBound(), range.lowInclusive(), range.highBound(),
                range.highInclusive());
        read.assume(n, before);
        ranges.add(read);
        if (buffer.writeCount() > 0) {
            for (int e : buffer.writeOrder()) {
                byte[] key = buffer.key(e);
                if (range.contains(key)) {
                    boolean committed = visible(store.table().get(key)) != null;
                    long exp = buffer.expiry(e);
                    boolean own = buffer.value(e) != DELETED
                            && (exp == 0 || exp > store.options().clock().getAsLong());
                    n += (own ? 1 : 0) - (committed ? 1 : 0);
                }
            }
        }
        return n;
    }

    @Override
    public int writeCount() {
        return buffer.writeCount();
    }

    @Override
    public void commit() {
        WriteRequest r = commitRequest();
        if (r != null) {
            store.commit(r);
        }
    }

    @Override
    public CompletableFuture<Void> commitAsync() {
        try {
            WriteRequest r = commitRequest();
            return r == null ? CompletableFuture.completedFuture(null) : store.commitAsync(r);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Ends the transaction and gives the request to commit, or null when there is nothing to validate. */
    private WriteRequest commitRequest() {
        checkOpen();
        open = false;
        if (buffer.isEmpty() && !readAll && ranges.isEmpty()) {
            return null;
        }
        if (buffer.writeCount() > 0) {
            store.checkWritable();
        }
        return buffer.toRequest(!readAll, startLsn, readAll ? startLsn : -1).withRanges(ranges)
                .withReadExpiresAt(minExpirySeen);
    }

    @Override
    public void rollback() {
        open = false;
        buffer.clear();
    }

    @Override
    public int savepoint() {
        checkOpen();
        return buffer.savepoint();
    }

    @Override
    public void rollbackTo(int savepoint) {
        checkOpen();
        buffer.rollbackTo(savepoint);
    }

    @Override
    public void releaseSavepoint(int savepoint) {
        checkOpen();
        buffer.release(savepoint);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (open) {
            rollback();
        }
    }

    private void checkOpen() {
        if (!open) {
            throw new KvClosedException("transaction is no longer open (committed or rolled back)");
        }
        store.checkOpen();
    }

    /**
     * A range of committed records (in key order) merged with this transaction's own writes in the range (sorted
     * the same way; own writes win, own deletes hide). Records what it fetched from the committed side as a
     * {@link RangeRead}, registered with the transaction at the first fetch.
     */
    private final class RangeIterator implements Iterator<KvEntry> {
        private final Iterator<byte[]> base;
        private final KeyRange range;
        private final boolean descending;
        private final List<byte[]> ownKeys;
        private final List<byte[]> ownValues;
        private final List<Long> ownExpiries;
        private final RangeRead read;
        private boolean registered;
        private int ownPos;
        private byte[] baseRec;
        private byte[] baseKey;
        private boolean baseDone;
        private KvEntry next;

        RangeIterator(Iterator<byte[]> base, KeyRange range, boolean descending, List<byte[]> ownKeys,
                      List<byte[]> ownValues, List<Long> ownExpiries) {
            this.base = base;
            this.range = range;
            this.descending = descending;
            this.ownKeys = ownKeys;
            this.ownValues = ownValues;
            this.ownExpiries = ownExpiries;
            this.read = new RangeRead(range.lowBound(), range.lowInclusive(), range.highBound(),
                    range.highInclusive());
        }

        private void fillBase() {
            if (baseRec != null || baseDone) {
                return;
            }
            if (base.hasNext()) {
                baseRec = base.next();
                baseKey = EntryRecord.key(baseRec);
                read.see(baseRec);
                if (descending) {
                    read.coverDownTo(baseKey, true);
                } else {
                    read.coverUpTo(baseKey, true);
                }
            } else {
                baseDone = true;
                if (descending) {
                    read.coverDownTo(range.lowBound(), range.lowInclusive());
                } else {
                    read.coverUpTo(range.highBound(), range.highInclusive());
                }
            }
            if (!registered) {
                registered = true;
                ranges.add(read);
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                fillBase();
                byte[] ownKey = ownPos < ownKeys.size() ? ownKeys.get(ownPos) : null;
                if (baseRec == null && ownKey == null) {
                    return false;
                }
                int c;
                if (baseRec == null) {
                    c = 1;
                } else if (ownKey == null) {
                    c = -1;
                } else {
                    c = Arrays.compareUnsigned(baseKey, ownKey);
                    if (descending) {
                        c = -c;
                    }
                }
                if (c < 0) {
                    next = KvStore.toEntry(baseRec);
                    baseRec = null;
                    continue;
                }
                byte[] own = ownValues.get(ownPos++);
                if (c == 0) {
                    baseRec = null;
                }
                if (own != DELETED) {
                    long now = store.options().clock().getAsLong();
                    long exp = ownExpiries.get(ownPos - 1);
                    if (exp == 0 || exp > now) {
                        next = new KvEntry(ownKey.clone(), own.clone(), 0, now, now, exp);
                    }
                }
            }
            return true;
        }

        @Override
        public KvEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KvEntry e = next;
            next = null;
            return e;
        }
    }

    /** Committed records overlaid with this transaction's own writes. */
    private final class OverlayIterator implements Iterator<KvEntry> {
        private final Iterator<byte[]> base;
        /** Entries already returned from the base pass. */
        private final BitSet seen = new BitSet();
        /** Buffered writes in write order, taken when the base is exhausted, and their values then. */
        private int[] tail;
        private byte[][] tailValues;
        private int tailPos;
        private KvEntry next;

        OverlayIterator(Iterator<byte[]> base) {
            this.base = base;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (base.hasNext()) {
                    byte[] rec = base.next();
                    if (buffer.writeCount() == 0) {
                        next = KvStore.toEntry(rec);
                        break;
                    }
                    byte[] key = EntryRecord.key(rec);
                    int e = buffer.find(key, TransactionBuffer.hash(key));
                    byte[] own = e >= 0 ? buffer.value(e) : null;
                    if (own == null) {
                        next = KvStore.toEntry(rec);
                    } else if (!seen.get(e)) {
                        seen.set(e);
                        if (own != DELETED) {
                            next = ownEntry(key, own, buffer.expiry(e));
                        }
                    }
                    continue;
                }
                if (tail == null) {
                    tail = buffer.writeOrder();
                    tailValues = new byte[tail.length][];
                    for (int i = 0; i < tail.length; i++) {
                        tailValues[i] = buffer.value(tail[i]);
                    }
                }
                if (tailPos == tail.length) {
                    return false;
                }
                int i = tailPos++;
                int e = tail[i];
                if (tailValues[i] != DELETED && !seen.get(e)) {
                    next = ownEntry(buffer.key(e), tailValues[i], buffer.expiry(e));
                }
            }
            return true;
        }

        /** The entry of an own write, or null if its expiry has passed. */
        private KvEntry ownEntry(byte[] key, byte[] value, long exp) {
            long now = store.options().clock().getAsLong();
            return exp != 0 && exp <= now ? null : new KvEntry(key.clone(), value.clone(), 0, now, now, exp);
        }

        @Override
        public KvEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KvEntry e = next;
            next = null;
            return e;
        }
    }
}
