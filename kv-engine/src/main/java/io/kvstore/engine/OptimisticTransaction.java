package io.kvstore.engine;

import io.kvstore.engine.commit.ByteKey;
import io.kvstore.engine.commit.WriteRequest;
import io.kvstore.engine.table.EntryRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * {@link KvTransaction} by optimistic concurrency control: reads record the version they saw, writes are
 * buffered, and commit hands everything to the commit pipeline, which checks the versions and applies the
 * writes as one log record. Not thread-safe (see {@link KvTransaction}).
 */
final class OptimisticTransaction implements KvTransaction {
    /** Marks a buffered delete. */
    private static final byte[] DELETED = new byte[0];

    private final KvStore store;
    private final long startLsn;
    /** Buffered writes in order: key to new value, or {@link #DELETED}. */
    private final Map<ByteKey, byte[]> writes = new LinkedHashMap<>();
    /** Version first seen for each key read or written (0 = absent). */
    private final Map<ByteKey, Long> reads = new HashMap<>();
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
    public KvEntry getEntry(byte[] key) {
        byte[] rec = read(key);
        return rec == null ? null : KvStore.toEntry(rec);
    }

    @Override
    public boolean exists(byte[] key) {
        return read(key) != null;
    }

    /** The record visible to this transaction (own writes first); own writes carry version 0. */
    private byte[] read(byte[] key) {
        checkOpen();
        KvStore.checkKey(key);
        ByteKey k = new ByteKey(key);
        byte[] own = writes.get(k);
        if (own != null) {
            if (own == DELETED) {
                return null;
            }
            long now = store.options().clock().getAsLong();
            return EntryRecord.encode(key, own, 0, now, now);
        }
        byte[] rec = store.table().get(key);
        reads.putIfAbsent(k, rec == null ? 0L : EntryRecord.version(rec));
        return rec;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        checkOpen();
        store.checkWritable();
        store.checkSizes(key, value);
        buffer(key, value.clone());
    }

    private void buffer(byte[] key, byte[] value) {
        ByteKey k = new ByteKey(key.clone());
        if (!writes.containsKey(k) && !reads.containsKey(k)) {
            byte[] rec = store.table().get(key);
            reads.put(k, rec == null ? 0L : EntryRecord.version(rec));
        }
        writes.remove(k);
        writes.put(k, value);
    }

    @Override
    public void insert(byte[] key, byte[] value) {
        if (exists(key)) {
            throw new KvDuplicateKeyException("duplicate key: the key already exists");
        }
        put(key, value);
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
            buffer(key, DELETED);
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
        return writes.size();
    }

    @Override
    public void commit() {
        checkOpen();
        open = false;
        if (writes.isEmpty() && reads.isEmpty() && !readAll) {
            return;
        }
        List<WriteRequest.Intent> intents = new ArrayList<>(writes.size());
        for (Map.Entry<ByteKey, byte[]> w : writes.entrySet()) {
            byte[] v = w.getValue();
            intents.add(new WriteRequest.Intent(w.getKey().bytes(), v == DELETED ? null : v));
        }
        List<WriteRequest.Condition> conditions = new ArrayList<>(readAll ? 0 : reads.size());
        if (!readAll) {
            for (Map.Entry<ByteKey, Long> r : reads.entrySet()) {
                conditions.add(new WriteRequest.Condition(r.getKey().bytes(), r.getValue(),
                        WriteRequest.Failure.CONFLICT));
            }
        }
        if (!intents.isEmpty()) {
            store.checkWritable();
        }
        store.commit(new WriteRequest(intents, conditions, readAll ? startLsn : -1));
    }

    @Override
    public void rollback() {
        open = false;
        writes.clear();
        reads.clear();
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
        private final Set<ByteKey> seen = new HashSet<>();
        private Iterator<Map.Entry<ByteKey, byte[]>> tail;
        private KvEntry next;

        OverlayIterator(Iterator<byte[]> base) {
            this.base = base;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (base.hasNext()) {
                    byte[] rec = base.next();
                    if (writes.isEmpty()) {
                        next = KvStore.toEntry(rec);
                        break;
                    }
                    ByteKey k = new ByteKey(EntryRecord.key(rec));
                    byte[] own = writes.get(k);
                    if (own == null) {
                        next = KvStore.toEntry(rec);
                    } else if (seen.add(k) && own != DELETED) {
                        next = ownEntry(k, own);
                    }
                    continue;
                }
                if (tail == null) {
                    tail = new ArrayList<>(writes.entrySet()).iterator();
                }
                if (!tail.hasNext()) {
                    return false;
                }
                Map.Entry<ByteKey, byte[]> w = tail.next();
                if (w.getValue() != DELETED && !seen.contains(w.getKey())) {
                    next = ownEntry(w.getKey(), w.getValue());
                }
            }
            return true;
        }

        private KvEntry ownEntry(ByteKey k, byte[] value) {
            long now = store.options().clock().getAsLong();
            return new KvEntry(k.bytes().clone(), value.clone(), 0, now, now);
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
