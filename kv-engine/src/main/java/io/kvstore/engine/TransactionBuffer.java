package io.kvstore.engine;

import io.kvstore.engine.commit.WriteRequest;
import io.kvstore.engine.table.EntryRecord;
import java.util.Arrays;

/**
 * The keys one {@link OptimisticTransaction} has touched: for each key, the version it first saw (0 = absent) and
 * its buffered write, if any (a value, or {@link WriteRequest#DELETE}). One entry per key holds both, so a read
 * followed by a write of the same key (an insert) costs one lookup and one entry.
 *
 * <p><b>Contract.</b> {@link #find} gives an entry number or, for an absent key, a negative token that
 * {@link #add} takes to create the entry without probing again. Entry numbers are stable for the buffer's life.
 * Writes are kept in the order of each key's latest write (as a {@code LinkedHashMap} with remove-then-put
 * would); {@link #toRequest} hands them to the commit pipeline in that order. Keys and values passed in are kept
 * as they are: callers pass arrays they own and never change them afterwards.
 *
 * <p><b>Thread-safety.</b> None: confined to its transaction's thread.
 *
 * <p><b>Design.</b> Parallel arrays indexed by entry number (key, key hash, first-seen version, buffered value) and
 * an open-addressing index of entry numbers (linear probing, load at most 1/2, grown by doubling, rebuilt from the
 * stored hashes). The hash is {@link EntryRecord#hashKey}, the store table's own, and goes with the request so that
 * the pipeline's table lookups do not compute it again. While every write is the first write of an entry numbered
 * above all earlier writes (a batch of inserts), entry order is write order: nothing more is kept, and the entry
 * arrays are handed to the pipeline as the request, without a copy. The first write out of that order starts an explicit write order: an append-only list of entry numbers
 * with, per entry, the position of its latest write, so a key written again leaves a stale position behind.
 */
final class TransactionBuffer {
    private static final int INITIAL_ENTRIES = 16;

    private byte[][] keys = new byte[INITIAL_ENTRIES][];
    private long[] hashes = new long[INITIAL_ENTRIES];
    private long[] versions = new long[INITIAL_ENTRIES];
    /** Buffered write per entry: null (only read), {@link WriteRequest#DELETE} or the new value. */
    private byte[][] values = new byte[INITIAL_ENTRIES][];
    /** Expiry of each buffered write (0: none); null until the first write with an expiry. */
    private long[] expiries;
    private int size;
    private int writeCount;
    /** Highest entry number written so far, while writes are in entry order. */
    private int lastWritten = -1;

    /**
     * Null while writes are in entry order (see the class comment); then entry numbers in the order they were
     * written, a position being stale unless {@link #orderPos} points at it.
     */
    private int[] order;
    private int orderSize;
    /** With {@link #order}: position in it of each entry's latest write, or -1 if it has none. */
    private int[] orderPos;

    /**
     * Undo log while a savepoint is held (null otherwise): per write since the first savepoint, the entry and the
     * buffered value and expiry it replaced.
     */
    private int[] undoEntries;
    private byte[][] undoValues;
    private long[] undoExpiries;
    private int undoSize;
    /** The live savepoints, oldest first: their ids and the undo log's size when each was taken. */
    private int[] savepointIds = new int[0];
    private int[] savepointMarks = new int[0];
    private int savepoints;
    private int lastSavepointId;

    /** Open addressing: entry number + 1, or 0 for an empty slot. Length a power of two, at least twice size. */
    private int[] index = new int[2 * INITIAL_ENTRIES];

    /** The hash {@link #find} and {@link #add} expect for {@code key}: the store table's ({@link EntryRecord#hashKey}). */
    static long hash(byte[] key) {
        return EntryRecord.hashKey(key);
    }

    /**
     * The entry for {@code key} (whose hash is {@code h}), or a negative token for {@link #add} if there is none.
     * A token is valid until the next {@link #add}.
     */
    int find(byte[] key, long h) {
        int[] idx = index;
        int mask = idx.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            int e = idx[i] - 1;
            if (e < 0) {
                return ~i;
            }
            if (hashes[e] == h && Arrays.equals(keys[e], key)) {
                return e;
            }
        }
    }

    /**
     * Adds an entry for a key that {@link #find} just reported absent with {@code token}, recording
     * {@code version} as first seen. Takes ownership of {@code key}. Returns the new entry's number.
     */
    int add(int token, byte[] key, long h, long version) {
        int e = size;
        if (e == keys.length) {
            growEntries();
        }
        keys[e] = key;
        hashes[e] = h;
        versions[e] = version;
        if (orderPos != null) {
            orderPos[e] = -1;
        }
        size = e + 1;
        index[~token] = e + 1;
        if (2 * size > index.length) {
            growIndex();
        }
        return e;
    }

    /** The buffered write of entry {@code e}: null if it was only read, {@link WriteRequest#DELETE}, or a value. */
    byte[] value(int e) {
        return values[e];
    }

    byte[] key(int e) {
        return keys[e];
    }

    /** Expiry of entry {@code e}'s buffered write (0: none). */
    long expiry(int e) {
        return expiries == null ? 0 : expiries[e];
    }

    /** {@link #write(int, byte[])} with an expiry time for the new entry (0: none). */
    void write(int e, byte[] value, long expiresMillis) {
        remember(e);
        if (expiries == null && expiresMillis != 0) {
            expiries = new long[keys.length];
        }
        store(e, value);
        if (expiries != null) {
            expiries[e] = expiresMillis;
        }
    }

    /** Buffers {@code value} (owned from now on, or {@link WriteRequest#DELETE}) as entry {@code e}'s write. */
    void write(int e, byte[] value) {
        remember(e);
        store(e, value);
    }

    /**
     * Starts or continues recording what each write replaces, and returns a savepoint id that {@link #rollbackTo}
     * takes to undo every write made after this call. Ids grow; savepoints nest.
     */
    int savepoint() {
        if (undoEntries == null) {
            undoEntries = new int[INITIAL_ENTRIES];
            undoValues = new byte[INITIAL_ENTRIES][];
            undoExpiries = new long[INITIAL_ENTRIES];
        }
        if (savepoints == savepointIds.length) {
            savepointIds = Arrays.copyOf(savepointIds, Math.max(4, savepoints * 2));
            savepointMarks = Arrays.copyOf(savepointMarks, Math.max(4, savepoints * 2));
        }
        savepointIds[savepoints] = ++lastSavepointId;
        savepointMarks[savepoints++] = undoSize;
        return lastSavepointId;
    }

    /**
     * Restores every entry's buffered write (value and expiry) to what it was at savepoint {@code id}; a key first
     * written after it goes back to being only read (its first-seen version stays a commit condition:
     * conservative, never wrong). The savepoints taken after it are gone; it stays usable.
     *
     * @throws IllegalArgumentException an id this buffer did not give, or one already released or rolled past
     */
    void rollbackTo(int id) {
        int k = savepointIndex(id);
        int mark = savepointMarks[k];
        for (int i = undoSize - 1; i >= mark; i--) {
            int e = undoEntries[i];
            byte[] old = undoValues[i];
            if (values[e] != null && old == null) {
                writeCount--;
                if (orderPos != null) {
                    orderPos[e] = -1;
                }
            }
            values[e] = old;
            if (expiries != null) {
                expiries[e] = undoExpiries[i];
            }
            undoValues[i] = null;
        }
        undoSize = mark;
        savepoints = k + 1;
    }

    /**
     * Forgets savepoint {@code id} and those after it (their writes stay); with none left, the recording stops.
     *
     * @throws IllegalArgumentException as {@link #rollbackTo}
     */
    void release(int id) {
        savepoints = savepointIndex(id);
        if (savepoints == 0) {
            undoEntries = null;
            undoValues = null;
            undoExpiries = null;
            undoSize = 0;
        }
    }

    private int savepointIndex(int id) {
        for (int k = savepoints - 1; k >= 0; k--) {
            if (savepointIds[k] == id) {
                return k;
            }
        }
        throw new IllegalArgumentException("no such savepoint (" + id + "): released, rolled back past, or not "
                + "taken in this transaction");
    }

    /** While a savepoint is held: records entry {@code e}'s write before it changes. */
    private void remember(int e) {
        if (undoEntries == null) {
            return;
        }
        if (undoSize == undoEntries.length) {
            int n = undoSize * 2;
            undoEntries = Arrays.copyOf(undoEntries, n);
            undoValues = Arrays.copyOf(undoValues, n);
            undoExpiries = Arrays.copyOf(undoExpiries, n);
        }
        undoEntries[undoSize] = e;
        undoValues[undoSize] = values[e];
        undoExpiries[undoSize] = expiries == null ? 0 : expiries[e];
        undoSize++;
    }

    private void store(int e, byte[] value) {
        if (expiries != null) {
            expiries[e] = 0;
        }
        boolean first = values[e] == null;
        values[e] = value;
        if (first) {
            writeCount++;
        }
        if (order == null) {
            if (first && e > lastWritten) {
                lastWritten = e;
                return;
            }
            startOrder(e);
        }
        if (orderSize == order.length) {
            order = Arrays.copyOf(order, order.length * 2);
        }
        order[orderSize] = e;
        orderPos[e] = orderSize++;
    }

    /** Writes leave entry order with a write to {@code e}: records the order so far (without {@code e}). */
    private void startOrder(int e) {
        order = new int[Math.max(INITIAL_ENTRIES, 2 * writeCount)];
        orderPos = new int[keys.length];
        for (int x = 0; x < size; x++) {
            if (values[x] != null && x != e) {
                order[orderSize] = x;
                orderPos[x] = orderSize++;
            } else {
                orderPos[x] = -1;
            }
        }
    }

    /** Number of keys with a buffered write. */
    int writeCount() {
        return writeCount;
    }

    /** Whether no key was read or written. */
    boolean isEmpty() {
        return size == 0;
    }

    /** Forgets everything (rollback). The buffer stays usable. */
    void clear() {
        keys = new byte[INITIAL_ENTRIES][];
        hashes = new long[INITIAL_ENTRIES];
        versions = new long[INITIAL_ENTRIES];
        values = new byte[INITIAL_ENTRIES][];
        expiries = null;
        index = new int[2 * INITIAL_ENTRIES];
        size = 0;
        writeCount = 0;
        lastWritten = -1;
        order = null;
        orderPos = null;
        orderSize = 0;
        undoEntries = null;
        undoValues = null;
        undoExpiries = null;
        undoSize = 0;
        savepoints = 0;
    }

    /** Entry numbers of the buffered writes in write order (latest write of each key counts). */
    int[] writeOrder() {
        int[] out = new int[writeCount];
        int n = 0;
        if (order == null) {
            for (int e = 0; e < size; e++) {
                if (values[e] != null) {
                    out[n++] = e;
                }
            }
            return out;
        }
        for (int p = 0; p < orderSize; p++) {
            int e = order[p];
            if (orderPos[e] == p) {
                out[n++] = e;
            }
        }
        return out;
    }

    /**
     * The commit request: every buffered write in write order, each conditioned on the version first seen for its
     * key when {@code checkVersions}, then a condition for every key only read (also only when
     * {@code checkVersions}). The buffer must not be used afterwards: its arrays may become the request's.
     *
     * @param readSinceLsn the LSN the transaction began at (every version was read after it)
     * @param unchangedSinceLsn see {@link WriteRequest}; -1 for none
     */
    WriteRequest toRequest(boolean checkVersions, long readSinceLsn, long unchangedSinceLsn) {
        if (order == null) {
            // entries are already in write order, with only-read entries (null values) in between: as they are
            return new WriteRequest(size, keys, hashes, values, checkVersions ? versions : null, readSinceLsn,
                    unchangedSinceLsn).withExpires(expiries);
        }
        int n = checkVersions ? size : writeCount;
        byte[][] k = new byte[n][];
        long[] hs = new long[n];
        byte[][] v = new byte[n][];
        long[] ver = checkVersions ? new long[n] : null;
        long[] exp = expiries == null ? null : new long[n];
        int i = 0;
        for (int e : writeOrder()) {
            if (exp != null) {
                exp[i] = expiries[e];
            }
            k[i] = keys[e];
            hs[i] = hashes[e];
            v[i] = values[e];
            if (ver != null) {
                ver[i] = versions[e];
            }
            i++;
        }
        if (checkVersions) {
            for (int e = 0; e < size; e++) {
                if (values[e] == null) {
                    k[i] = keys[e];
                    hs[i] = hashes[e];
                    ver[i] = versions[e];
                    i++;
                }
            }
        }
        return new WriteRequest(i, k, hs, v, ver, readSinceLsn, unchangedSinceLsn).withExpires(exp);
    }

    private void growEntries() {
        int n = keys.length * 2;
        keys = Arrays.copyOf(keys, n);
        hashes = Arrays.copyOf(hashes, n);
        versions = Arrays.copyOf(versions, n);
        values = Arrays.copyOf(values, n);
        if (expiries != null) {
            expiries = Arrays.copyOf(expiries, n);
        }
        if (orderPos != null) {
            orderPos = Arrays.copyOf(orderPos, n);
        }
    }

    private void growIndex() {
        int[] idx = new int[index.length * 2];
        int mask = idx.length - 1;
        for (int e = 0; e < size; e++) {
            int i = (int) hashes[e] & mask;
            while (idx[i] != 0) {
                i = (i + 1) & mask;
            }
            idx[i] = e + 1;
        }
        index = idx;
    }
}
