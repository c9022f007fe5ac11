package io.kvstore.engine.table;

import io.kvstore.engine.io.Varints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The store's index: a concurrent hash table from key bytes to {@link EntryRecord} arrays.
 *
 * <p><b>Concurrency.</b> One writer at a time, any number of readers. Mutating methods ({@link #put},
 * {@link #remove}, {@link #clear}) must be called by one thread at a time (the store's commit leader
 * serialises them); the table does not check this. Readers ({@link #get}, {@link #records()}, the statistics)
 * never block and never see a partly written record: they see each key either before or after a write.
 *
 * <p><b>Layout.</b> {@value #SEGMENTS} fixed segments, chosen by the top {@value #SEGMENT_BITS} bits of the key's
 * 64-bit {@linkplain EntryRecord#keyHash hash}. Each segment is an open-addressing table with linear probing over
 * a power-of-two {@code byte[][]} of record references (the slot is chosen by the low hash bits), with a parallel
 * {@code byte[]} of one-byte fingerprints (8 other hash bits, 0 for an empty or removed slot) so that a probe
 * dereferences, in practice, only the record it is looking for. There are no per-entry objects besides the
 * records themselves and no stored hashes: a match is confirmed by comparing the key in place in the record.
 *
 * <p>Removal leaves a shared {@linkplain #TOMBSTONE tombstone} that readers skip (or an empty slot when the next
 * slot is empty, which needs no tombstone). A segment whose slots in use (live plus tombstones) would exceed 3/4
 * of its capacity is rebuilt into a new generation sized for a load of 1/4..1/2, which drops its tombstones (so a
 * segment full of tombstones is rebuilt at the same size, or smaller), and the new generation is published with a
 * release store. A segment whose live records fall below 1/8 of its capacity is likewise rebuilt smaller. Only
 * that segment is copied, so a resize costs at most 1/{@value #SEGMENTS} of the table, and the sizing hysteresis
 * (rebuilt to a load of 1/4..1/2; rebuilt again at 3/4 used or 1/8 live) keeps the copying amortised O(1).
 *
 * <p><b>Memory model.</b> Records are immutable, so publishing a slot with a release store and reading it with an
 * acquire load is enough for a reader to see the whole record. A reader loads its segment's generation once
 * (acquire) and probes only its arrays: a generation that has been replaced is never written again, and every
 * generation always has an empty slot, so a probe ends. Inserting fills an empty slot or a tombstone; an empty
 * slot is only ever created from a removed slot whose successor is empty, which keeps every probe sequence of a
 * present key free of empty slots at all times. Fingerprints are written plainly (before a record is published,
 * after one is removed); a stale fingerprint can only make a reader miss a key that is being written
 * concurrently, which is one of the two outcomes it may see anyway.
 *
 * <p><b>Access tracking.</b> With {@code trackAccess}, each segment also has an {@code int[]} of access ticks
 * parallel to its slots. The clock is a counter that advances on every mutation; {@link #get} stores the current
 * clock into the slot's tick with a plain (racy) write, which is all an approximate LRU needs. Ages are compared
 * modulo 2<sup>32</sup>, so an entry untouched for more than 2<sup>32</sup> mutations may look young.
 */
public final class HashTable {
    static final int SEGMENT_BITS = 8;
    static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final int SEGMENT_SHIFT = Long.SIZE - SEGMENT_BITS;
    /** Smallest (and initial) capacity of a segment. */
    static final int MIN_CAPACITY = 8;
    /** Largest segment capacity. */
    static final int MAX_CAPACITY = 1 << 30;

    /** The removed-slot sentinel; compared by identity only, never returned. */
    static final byte[] TOMBSTONE = new byte[0];

    /** Estimated shallow size of a {@link Segment}: 12-byte header, three references. */
    static final long SEGMENT_OBJECT_BYTES = 24;
    /**
     * Estimated fixed heap of an instance: the table object, its padded counters, the segment array, the segment
     * objects and the writer's two per-segment count arrays.
     */
    static final long FIXED_BYTES = 32 + 184 + referenceArrayBytes(SEGMENTS) + SEGMENTS * SEGMENT_OBJECT_BYTES
            + 2 * referenceArrayBytes(SEGMENTS);

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(byte[][].class);
    /** Eight fingerprints at once (the iterator's skip over empty slots); plain reads. */
    private static final VarHandle FINGERPRINT_WORD =
            MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final VarHandle SEGMENT = MethodHandles.arrayElementVarHandle(Segment[].class);
    private static final VarHandle SIZE;
    private static final VarHandle MEMORY;
    private static final VarHandle SAVED;
    private static final VarHandle BUCKETS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SIZE = l.findVarHandle(CounterFields.class, "size", long.class);
            MEMORY = l.findVarHandle(CounterFields.class, "memory", long.class);
            SAVED = l.findVarHandle(CounterFields.class, "saved", long.class);
            BUCKETS = l.findVarHandle(CounterFields.class, "buckets", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One generation of one segment: the slot array with its parallel fingerprint (and tick) arrays. The arrays
     * are fixed for the generation's life, so a reader that loaded the generation always pairs a slot with its
     * own fingerprint; a rebuild makes a new generation and publishes it with a release store. The object itself
     * is never written after publication (the writer keeps its counts elsewhere), so readers keep it cached.
     */
    static final class Segment {
        /** null (empty), {@link #TOMBSTONE} or a record. Written with release stores. */
        final byte[][] slots;
        /**
         * One byte of the key hash per live slot (never 0), 0 for empty and removed slots. Written plainly,
         * before a record is published and after one is removed; a reader that sees a stale value either
         * compares the record anyway or looks at the slot, so it only affects keys being written concurrently.
         */
        final byte[] fingerprints;
        /** Access ticks parallel to {@link #slots}, or null without tracking. */
        final int[] ticks;

        Segment(int capacity, boolean trackAccess) {
            slots = new byte[capacity][];
            fingerprints = new byte[capacity];
            ticks = trackAccess ? new int[capacity] : null;
        }

        /** Largest allowed number of used slots (live plus tombstones): 3/4, so there is always an empty slot. */
        int threshold() {
            return slots.length - (slots.length >>> 2);
        }
    }

    /** Cache-line padding before the counters. */
    @SuppressWarnings("unused")
    private static class CounterPadding {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    /**
     * The writer-maintained values, away from the fields readers load on every get (statistics are written with
     * opaque stores so readers see whole values).
     */
    private static class CounterFields extends CounterPadding {
        long size;
        long memory;
        /** Sum of {@link EntryRecord#savedBytes} over live records: what compression saves. */
        long saved;
        long buckets;
        /** Segment rebuilds so far (writer only; for tests and diagnostics). */
        long rebuilds;
        /** The access clock; written by the writer, read racily by get() with access tracking. */
        int clock;
    }

    /** {@link CounterFields} with padding after them too, so they share no cache line with other objects. */
    @SuppressWarnings("unused")
    private static final class Counters extends CounterFields {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    // Read by every get: final, and nothing else in this object is ever written.
    private final Segment[] segments;
    private final boolean trackAccess;
    private final Counters counters = new Counters();
    /** Writer only: live records per segment. */
    private final int[] live = new int[SEGMENTS];
    /** Writer only: live records plus tombstones per segment. */
    private final int[] used = new int[SEGMENTS];

    /** A table without access tracking (no eviction support). */
    public HashTable() {
        this(false);
    }

    /**
     * @param trackAccess keep an approximate last-access clock per slot so that {@link #evictionCandidate}
     *     can pick a least-recently-used entry; costs 4 bytes per slot
     */
    public HashTable(boolean trackAccess) {
        this.trackAccess = trackAccess;
        this.segments = new Segment[SEGMENTS];
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(MIN_CAPACITY, trackAccess);
        }
        counters.memory = FIXED_BYTES + SEGMENTS * segmentArrayBytes(MIN_CAPACITY);
        counters.buckets = (long) SEGMENTS * MIN_CAPACITY;
    }

    /** The record for {@code key}, or null. Lock-free. */
    public byte[] get(byte[] key) {
        return get(key, KeyBytes.hash(key, 0, key.length));
    }

    /**
     * {@link #get(byte[])} for a caller that has the key's hash already: {@code h} must be
     * {@link EntryRecord#hashKey EntryRecord.hashKey(key)} (another value gives a wrong answer, null or not).
     */
    public byte[] get(byte[] key, long h) {
        Segment seg = (Segment) SEGMENT.getAcquire(segments, (int) (h >>> SEGMENT_SHIFT));
        byte[][] slots = seg.slots;
        byte[] fps = seg.fingerprints;
        int mask = slots.length - 1;
        int i = (int) h & mask;
        byte fp = fingerprint(h);
        int len = key.length;
        for (int n = 0; n <= mask; n++) {
            byte f = fps[i];
            if (f == fp) {
                byte[] r = (byte[]) SLOT.getAcquire(slots, i);
                if (r == null) {
                    return null;
                }
                if (r != TOMBSTONE && EntryRecord.keyEquals(r, key, 0, len)) {
                    if (trackAccess) {
                        touch(seg, i);
                    }
                    return r;
                }
            } else if (f == 0 && SLOT.getAcquire(slots, i) == null) {
                return null;
            }
            i = (i + 1) & mask;
        }
        return null; // every slot probed (possible only while the writer works); the key was not seen
    }

    private void touch(Segment seg, int i) {
        int[] t = seg.ticks;
        int c = counters.clock;
        if (t[i] != c) { // skip the store when current, to keep shared cache lines clean
            t[i] = c;
        }
    }

    /** Inserts {@code record}, replacing the record with the same key. Writer only. Returns the replaced record or null. */
    public byte[] put(byte[] record) {
        return put(record, Long.MIN_VALUE, false);
    }

    /**
     * {@link #put(byte[])} for a caller that has the key's hash already: {@code keyHash} must be
     * {@link EntryRecord#keyHash EntryRecord.keyHash(record)} (another value corrupts the table). Writer only.
     */
    public byte[] put(byte[] record, long keyHash) {
        return put(record, keyHash, true);
    }

    private byte[] put(byte[] record, long keyHash, boolean hashed) {
        Objects.requireNonNull(record, "record");
        int keyOff = keyOffsetChecked(record);
        long keyMeta = Varints.read(record, 0, record.length); // keyLength << 2 | compressed << 1 | hasExpiry
        long keyLength = keyMeta >>> 2;
        int trailer = (keyMeta & 1) != 0 ? EntryRecord.EXPIRY_BYTES : 0;
        if (keyLength < 0 || keyLength > record.length - keyOff - trailer) {
            throw new IllegalArgumentException("malformed entry record: key runs past the end");
        }
        int keyLen = (int) keyLength;
        long h = hashed ? keyHash : KeyBytes.hash(record, keyOff, keyLen);
        int si = (int) (h >>> SEGMENT_SHIFT);
        Segment seg = segments[si];
        byte[][] slots = seg.slots;
        byte[] fps = seg.fingerprints;
        int mask = slots.length - 1;
        int i = (int) h & mask;
        byte fp = fingerprint(h);
        int tomb = -1;
        Counters k = counters;
        int c = ++k.clock;
        for (;;) {
            byte f = fps[i];
            if (f == fp) {
                byte[] r = slots[i];
                if (EntryRecord.keyEquals(r, record, keyOff, keyLen)) {
                    if (trackAccess) {
                        seg.ticks[i] = c;
                    }
                    SLOT.setRelease(slots, i, record);
                    MEMORY.setOpaque(k, k.memory + EntryRecord.heapSize(record) - EntryRecord.heapSize(r));
                    if (((record[0] | r[0]) & 2) != 0) {
                        SAVED.setOpaque(k, k.saved + EntryRecord.savedBytes(record) - EntryRecord.savedBytes(r));
                    }
                    return r;
                }
            } else if (f == 0) {
                byte[] r = slots[i];
                if (r == null) {
                    break;
                }
                if (tomb < 0) {
                    tomb = i;
                }
            }
            i = (i + 1) & mask;
        }
        if (tomb >= 0) {
            i = tomb;
        } else {
            if (used[si] >= seg.threshold()) {
                seg = rebuild(si, seg, live[si] + 1);
                slots = seg.slots;
                fps = seg.fingerprints;
                mask = slots.length - 1;
                i = (int) h & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
            }
            used[si]++;
        }
        live[si]++;
        if (trackAccess) {
            seg.ticks[i] = c;
        }
        fps[i] = fp;
        SLOT.setRelease(slots, i, record);
        SIZE.setOpaque(k, k.size + 1);
        MEMORY.setOpaque(k, k.memory + EntryRecord.heapSize(record));
        if ((record[0] & 2) != 0) {
            SAVED.setOpaque(k, k.saved + EntryRecord.savedBytes(record));
        }
        return null;
    }

    /**
     * Puts {@code n} records with their {@linkplain EntryRecord#keyHash hashes} (as {@link #put(byte[], long)} each),
     * segment by segment: each segment's arrays stay in cache while its records go in, whatever order the records
     * came in, and a record is read only when its fingerprint matches a slot's (its heap size comes from
     * {@code heapBytes}). For loading a snapshot, whose records arrive in key order (random order for this table).
     * The records must be well-formed (checked by the snapshot reader). Writer only.
     *
     * @param heapBytes the sum of {@link EntryRecord#heapSize} of the {@code n} records
     */
    public void putAll(byte[][] recs, long[] hashes, int n, long heapBytes) {
        long saved = 0;
        for (int i = 0; i < n; i++) {
            saved += EntryRecord.savedBytes(recs[i]);
        }
        putAll(recs, hashes, n, heapBytes, saved);
    }

    /**
     * {@link #putAll(byte[][], long[], int, long)} with the sum of the records' {@link EntryRecord#savedBytes}
     * given too, so that no record is read for it (a loader computes both while each record is fresh in cache;
     * reading them here, in segment order, costs a cache miss per record).
     */
    public void putAll(byte[][] recs, long[] hashes, int n, long heapBytes, long savedBytes) {
        int[] start = new int[SEGMENTS + 1];
        for (int i = 0; i < n; i++) {
            start[(int) (hashes[i] >>> SEGMENT_SHIFT) + 1]++;
        }
        for (int si = 0; si < SEGMENTS; si++) {
            start[si + 1] += start[si];
        }
        // scatter into segment order (256 sequential output streams), then insert in that order
        byte[][] byRec = new byte[n][];
        long[] byHash = new long[n];
        for (int i = 0; i < n; i++) {
            long h = hashes[i];
            int p = start[(int) (h >>> SEGMENT_SHIFT)]++;
            byRec[p] = recs[i];
            byHash[p] = h;
        }
        Counters k = counters;
        long memory = heapBytes;
        long saved = savedBytes;
        long added = 0;
        for (int i = 0; i < n; i++) {
            byte[] replaced = putHashed(byRec[i], byHash[i]);
            if (replaced != null) {
                memory -= EntryRecord.heapSize(replaced);
                saved -= EntryRecord.savedBytes(replaced);
            } else {
                added++;
            }
        }
        SIZE.setOpaque(k, k.size + added);
        MEMORY.setOpaque(k, k.memory + memory);
        SAVED.setOpaque(k, k.saved + saved);
    }

    /**
     * {@link #put(byte[], long)} without reading the record unless a slot's fingerprint matches, and without
     * updating the size and memory counters (the caller does). Returns the replaced record or null.
     */
    private byte[] putHashed(byte[] record, long h) {
        int si = (int) (h >>> SEGMENT_SHIFT);
        Segment seg = segments[si];
        byte[][] slots = seg.slots;
        byte[] fps = seg.fingerprints;
        int mask = slots.length - 1;
        int i = (int) h & mask;
        byte fp = fingerprint(h);
        int tomb = -1;
        int c = ++counters.clock;
        for (;;) {
            byte f = fps[i];
            if (f == fp) {
                byte[] r = slots[i];
                if (EntryRecord.keyEquals(r, record, KeyBytes.keyOffset(record), EntryRecord.keyLength(record))) {
                    if (trackAccess) {
                        seg.ticks[i] = c;
                    }
                    SLOT.setRelease(slots, i, record);
                    return r;
                }
            } else if (f == 0) {
                if (slots[i] == null) {
                    break;
                }
                if (tomb < 0) {
                    tomb = i;
                }
            }
            i = (i + 1) & mask;
        }
        if (tomb >= 0) {
            i = tomb;
        } else {
            if (used[si] >= seg.threshold()) {
                seg = rebuild(si, seg, live[si] + 1);
                slots = seg.slots;
                fps = seg.fingerprints;
                mask = slots.length - 1;
                i = (int) h & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
            }
            used[si]++;
        }
        live[si]++;
        if (trackAccess) {
            seg.ticks[i] = c;
        }
        fps[i] = fp;
        SLOT.setRelease(slots, i, record);
        return null;
    }

    /** Removes the record for {@code key}. Writer only. Returns it, or null if absent. */
    public byte[] remove(byte[] key) {
        long h = KeyBytes.hash(key, 0, key.length);
        int si = (int) (h >>> SEGMENT_SHIFT);
        Segment seg = segments[si];
        byte[][] slots = seg.slots;
        byte[] fps = seg.fingerprints;
        int mask = slots.length - 1;
        int i = (int) h & mask;
        byte fp = fingerprint(h);
        int len = key.length;
        for (;;) {
            byte f = fps[i];
            if (f == fp) {
                byte[] r = slots[i];
                if (EntryRecord.keyEquals(r, key, 0, len)) {
                    Counters k = counters;
                    k.clock++;
                    if (slots[(i + 1) & mask] == null) {
                        // No probe sequence continues past i, so i (and the tombstones just before it) can become
                        // empty: an empty slot is created only in front of an empty slot.
                        SLOT.setRelease(slots, i, null);
                        used[si]--;
                        int j = (i - 1) & mask;
                        while (slots[j] == TOMBSTONE) {
                            SLOT.setRelease(slots, j, null);
                            used[si]--;
                            j = (j - 1) & mask;
                        }
                    } else {
                        SLOT.setRelease(slots, i, TOMBSTONE);
                    }
                    fps[i] = 0;
                    int segLive = --live[si];
                    SIZE.setOpaque(k, k.size - 1);
                    MEMORY.setOpaque(k, k.memory - EntryRecord.heapSize(r));
                    if ((r[0] & 2) != 0) {
                        SAVED.setOpaque(k, k.saved - EntryRecord.savedBytes(r));
                    }
                    if (segLive < (slots.length >>> 3) && slots.length > MIN_CAPACITY) {
                        rebuild(si, seg, segLive); // shrink: at least capacity/8 removals since it was sized
                    }
                    return r;
                }
            } else if (f == 0 && slots[i] == null) {
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Grows every segment so that {@code expected} live records in all (spread evenly by the hash) fit without a
     * rebuild, as when a snapshot of known size is loaded. Never shrinks; a segment already large enough is left
     * as it is. Writer only.
     */
    public void reserve(long expected) {
        long perSegment = (expected + SEGMENTS - 1) / SEGMENTS;
        // a little headroom: the hash spreads records binomially, not exactly evenly
        int needed = (int) Math.min(MAX_CAPACITY / 2, perSegment + perSegment / 8 + 8);
        for (int si = 0; si < SEGMENTS; si++) {
            Segment seg = segments[si];
            if (capacityFor(Math.max(needed, live[si])) > seg.slots.length) {
                rebuild(si, seg, Math.max(needed, live[si]));
            }
        }
    }

    /** Removes everything. Writer only. */
    public void clear() {
        for (int i = 0; i < SEGMENTS; i++) {
            SEGMENT.setRelease(segments, i, new Segment(MIN_CAPACITY, trackAccess));
            live[i] = 0;
            used[i] = 0;
        }
        Counters k = counters;
        k.clock++;
        SIZE.setOpaque(k, 0L);
        SAVED.setOpaque(k, 0L);
        MEMORY.setOpaque(k, FIXED_BYTES + SEGMENTS * segmentArrayBytes(MIN_CAPACITY));
        BUCKETS.setOpaque(k, (long) SEGMENTS * MIN_CAPACITY);
    }

    /** Number of live entries. */
    public long size() {
        return (long) SIZE.getOpaque(counters);
    }

    /**
     * Estimated heap bytes: records ({@link EntryRecord#heapSize}) plus index arrays (slots, fingerprints and,
     * with access tracking, ticks) and the fixed per-segment objects.
     */
    public long memoryUsed() {
        return (long) MEMORY.getOpaque(counters);
    }

    /**
     * Bytes that compressed values save: the sum over live records of plain value length minus stored length
     * ({@link EntryRecord#savedBytes}); {@code memoryUsed() + savedBytes()} estimates the table's size with every
     * value plain. 0 when no record is compressed.
     */
    public long savedBytes() {
        return (long) SAVED.getOpaque(counters);
    }

    /** Total slots across the index. */
    public long bucketCount() {
        return (long) BUCKETS.getOpaque(counters);
    }

    /** {@code size() / bucketCount()}. */
    public double loadFactor() {
        return (double) size() / bucketCount();
    }

    /**
     * A weakly consistent iterator over the live records: safe to use while the writer works, never throws
     * {@link java.util.ConcurrentModificationException}, returns every record present for the whole iteration
     * exactly once and others at most once. Lock-free.
     */
    public Iterator<byte[]> records() {
        return new RecordIterator(0, SEGMENTS);
    }

    /** Number of segments; {@link #segmentRecords} walks one of them. */
    public static int segmentCount() {
        return SEGMENTS;
    }

    /** {@link #records()} restricted to segment {@code segment} (0 .. {@link #segmentCount()} - 1). */
    public Iterator<byte[]> segmentRecords(int segment) {
        return new RecordIterator(Objects.checkIndex(segment, SEGMENTS), segment + 1);
    }

    /**
     * Approximate LRU: samples {@code samples} live records and returns the least recently accessed, or null
     * when empty. Requires access tracking. Writer only.
     *
     * @throws IllegalStateException if the table was created without access tracking
     */
    public byte[] evictionCandidate(int samples, RandomGenerator random) {
        return evictionCandidate(samples, random, -1);
    }

    /**
     * {@link #evictionCandidate(int, RandomGenerator)}, except that a sampled record expired at {@code nowMillis}
     * ({@link EntryRecord#isExpired}) is returned at once: expired entries are evicted first. {@code nowMillis}
     * -1: no preference.
     */
    public byte[] evictionCandidate(int samples, RandomGenerator random, long nowMillis) {
        if (!trackAccess) {
            throw new IllegalStateException("access tracking is off");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1");
        }
        if (counters.size == 0) {
            return null;
        }
        int now = counters.clock;
        byte[] best = null;
        int bestAge = 0;
        for (int n = 0; n < samples; n++) {
            int si = random.nextInt(SEGMENTS);
            while (live[si] == 0) {
                si = (si + 1) & (SEGMENTS - 1);
            }
            Segment seg = segments[si];
            byte[][] slots = seg.slots;
            int mask = slots.length - 1;
            int i = random.nextInt(slots.length);
            byte[] r;
            while ((r = slots[i]) == null || r == TOMBSTONE) {
                i = (i + 1) & mask;
            }
            if (nowMillis >= 0 && EntryRecord.isExpired(r, nowMillis)) {
                return r;
            }
            int age = now - seg.ticks[i];
            if (best == null || Integer.compareUnsigned(age, bestAge) > 0) {
                best = r;
                bestAge = age;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * Replaces segment {@code si} (currently {@code old}) with a new generation with room for {@code needed} live
     * records, without tombstones, and publishes it. Returns the new generation.
     */
    private Segment rebuild(int si, Segment old, int needed) {
        int cap = capacityFor(needed);
        Segment seg = new Segment(cap, trackAccess);
        byte[][] slots = seg.slots;
        byte[] fps = seg.fingerprints;
        int[] ticks = seg.ticks;
        int mask = cap - 1;
        byte[][] oldSlots = old.slots;
        for (int j = 0; j < oldSlots.length; j++) {
            byte[] r = oldSlots[j];
            if (r == null || r == TOMBSTONE) {
                continue;
            }
            long h = EntryRecord.keyHash(r);
            int i = (int) h & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = r;
            fps[i] = fingerprint(h);
            if (ticks != null) {
                ticks[i] = old.ticks[j];
            }
        }
        used[si] = live[si];
        SEGMENT.setRelease(segments, si, seg); // the arrays' contents happen-before any acquire of seg
        Counters k = counters;
        k.rebuilds++;
        MEMORY.setOpaque(k, k.memory + segmentArrayBytes(cap) - segmentArrayBytes(oldSlots.length));
        BUCKETS.setOpaque(k, k.buckets + cap - oldSlots.length);
        return seg;
    }

    /** The high bit of every byte of {@code w} that is not zero, and no other bit. */
    static long nonZeroBytes(long w) {
        return (((w & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | w) & ~LOW_SEVEN_BITS;
    }

    /** The fingerprint of a hash: 8 hash bits that are used neither for the segment nor (usually) the slot; never 0. */
    static byte fingerprint(long h) {
        int f = (int) (h >>> 32) & 0xFF;
        return (byte) (f | ((f - 1) >>> 31));
    }

    /** Smallest power-of-two capacity (at least {@link #MIN_CAPACITY}) holding {@code needed} at load <= 1/2. */
    static int capacityFor(int needed) {
        int cap = MIN_CAPACITY;
        while (cap / 2 < needed) {
            if (cap >= MAX_CAPACITY) {
                throw new IllegalStateException("hash table segment is full");
            }
            cap <<= 1;
        }
        return cap;
    }

    /** Heap bytes of one segment generation's arrays of {@code cap} slots. */
    private long segmentArrayBytes(int cap) {
        long bytes = referenceArrayBytes(cap) + byteArrayBytes(cap);
        return trackAccess ? bytes + referenceArrayBytes(cap) : bytes; // an int[] is laid out like a reference[]
    }

    /** Heap bytes of an array of {@code n} 4-byte elements (compressed references or ints). */
    static long referenceArrayBytes(int n) {
        return (16L + 4L * n + 7) & ~7L;
    }

    static long byteArrayBytes(int n) {
        return (16L + n + 7) & ~7L;
    }

    private static int keyOffsetChecked(byte[] rec) {
        int p = 0;
        for (int k = 0; k < 4; k++) {
            if (p >= rec.length) {
                throw new IllegalArgumentException("malformed entry record");
            }
            int q = p;
            while (q < rec.length && rec[q] < 0) {
                q++;
            }
            if (q >= rec.length || q - p >= 10) {
                throw new IllegalArgumentException("malformed entry record");
            }
            p = q + 1;
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------ test hooks

    /** The segment a key hashes to. */
    static int segmentOf(byte[] key) {
        return (int) (KeyBytes.hash(key, 0, key.length) >>> SEGMENT_SHIFT);
    }

    /** The home slot of a key in a segment of {@code capacity} slots. */
    static int homeSlot(byte[] key, int capacity) {
        return (int) KeyBytes.hash(key, 0, key.length) & (capacity - 1);
    }

    int segmentCapacity(int segment) {
        return segments[segment].slots.length;
    }

    int segmentTombstones(int segment) {
        return used[segment] - live[segment];
    }

    int segmentLive(int segment) {
        return live[segment];
    }

    /** Segment rebuilds so far. */
    long rebuilds() {
        return counters.rebuilds;
    }

    /** The slot array of a segment (for tests: do not modify). */
    byte[][] segmentSlots(int segment) {
        return segments[segment].slots;
    }

    /**
     * Recomputes {@link #memoryUsed()} from scratch and checks the segments' invariants (writer only; for tests).
     *
     * @throws AssertionError if a counter or fingerprint is inconsistent
     */
    long recomputeMemoryAndCheck() {
        long mem = FIXED_BYTES;
        long liveTotal = 0;
        long slotsTotal = 0;
        for (int si = 0; si < SEGMENTS; si++) {
            Segment s = segments[si];
            mem += segmentArrayBytes(s.slots.length);
            slotsTotal += s.slots.length;
            int segLive = 0;
            int segUsed = 0;
            for (int i = 0; i < s.slots.length; i++) {
                byte[] r = s.slots[i];
                if (r == null || r == TOMBSTONE) {
                    if (s.fingerprints[i] != 0) {
                        throw new AssertionError("fingerprint on an empty slot");
                    }
                    segUsed += r == null ? 0 : 1;
                    continue;
                }
                segLive++;
                segUsed++;
                if (s.fingerprints[i] != fingerprint(EntryRecord.keyHash(r))) {
                    throw new AssertionError("wrong fingerprint");
                }
                mem += EntryRecord.heapSize(r);
            }
            if (segLive != live[si] || segUsed != used[si] || segUsed > s.threshold()) {
                throw new AssertionError("segment counters: live " + segLive + "/" + live[si] + " used " + segUsed
                        + "/" + used[si] + " threshold " + s.threshold());
            }
            liveTotal += segLive;
        }
        if (liveTotal != counters.size || slotsTotal != counters.buckets) {
            throw new AssertionError("table counters");
        }
        return mem;
    }

    // ------------------------------------------------------------------------------------------ iterator

    /**
     * Walks the segments in order and, inside each, the slots whose fingerprint is set: the fingerprints are read
     * eight at a time as one word, so the empty and removed slots between records (more than half of all slots)
     * cost no load and no unpredictable branch each. A fingerprint seen as 0 for a slot being filled right now
     * skips that record, which the iterator's weak consistency allows (it is written during the iteration); a
     * record that was there before the iteration began has its fingerprint set before it was published.
     */
    private final class RecordIterator implements Iterator<byte[]> {
        private int nextSegment;
        private byte[][] tab;
        private byte[] fps;
        /** Slot index of the first slot covered by {@link #pending}. */
        private int word;
        /** The high bit of each byte whose slot, {@code word + byte index}, has a fingerprint and is not yet visited. */
        private long pending;
        private byte[] next;

        private final int endSegment;

        RecordIterator(int firstSegment, int endSegment) {
            this.nextSegment = firstSegment;
            this.endSegment = endSegment;
            advance();
        }

        private void advance() {
            for (;;) {
                if (tab != null) {
                    for (;;) {
                        while (pending != 0) {
                            int i = word + (Long.numberOfTrailingZeros(pending) >>> 3);
                            pending &= pending - 1;
                            byte[] r = (byte[]) SLOT.getAcquire(tab, i);
                            if (r != null && r != TOMBSTONE) {
                                next = r;
                                return;
                            }
                        }
                        word += 8;
                        if (word >= tab.length) {
                            break;
                        }
                        pending = nonZeroBytes((long) FINGERPRINT_WORD.get(fps, word));
                    }
                }
                if (nextSegment == endSegment) {
                    tab = null;
                    next = null;
                    return;
                }
                Segment seg = (Segment) SEGMENT.getAcquire(segments, nextSegment++);
                tab = seg.slots;
                fps = seg.fingerprints;
                word = -8;
                pending = 0;
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public byte[] next() {
            byte[] r = next;
            if (r == null) {
                throw new NoSuchElementException();
            }
            advance();
            return r;
        }
    }
}
