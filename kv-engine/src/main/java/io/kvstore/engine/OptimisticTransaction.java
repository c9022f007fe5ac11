package io.kvstore.engine;

import io.kvstore.engine.commit.WriteRequest;
import io.kvstore.engine.table.EntryRecord;
import java.util.BitSet;
import java.util.Iterator;
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
    private boolean open = true;

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
            return own == DELETED ? null : reader.read(own, 0, own.length);
        }
        byte[] rec = store.table().get(key, h);
        if (e < 0) {
            buffer.add(e, key.clone(), h, rec == null ? 0L : EntryRecord.version(rec));
        }
        if (rec == null) {
            return null;
        }
        int offset = EntryRecord.keyOffset(rec) + key.length;
        return reader.read(rec, offset, rec.length - offset);
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
            return EntryRecord.encode(key, own, 0, now, now);
        }
        byte[] rec = store.table().get(key, h);
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
            return own != DELETED ? e | PRESENT : e;
        }
        byte[] rec = store.table().get(key, h);
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
        int e = buffer.find(key, h);
        if (e < 0) {
            byte[] rec = store.table().get(key, h);
            e = buffer.add(e, key.clone(), h, rec == null ? 0L : EntryRecord.version(rec));
        }
        buffer.write(e, value);
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
        return new OverlayIterator(store.table().records());
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
        if (buffer.isEmpty() && !readAll) {
            return null;
        }
        if (buffer.writeCount() > 0) {
            store.checkWritable();
        }
        return buffer.toRequest(!readAll, startLsn, readAll ? startLsn : -1);
    }

    @Override
    public void rollback() {
        open = false;
        buffer.clear();
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
                            next = ownEntry(key, own);
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
                    next = ownEntry(buffer.key(e), tailValues[i]);
                }
            }
            return true;
        }

        private KvEntry ownEntry(byte[] key, byte[] value) {
            long now = store.options().clock().getAsLong();
            return new KvEntry(key.clone(), value.clone(), 0, now, now);
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
