package io.kvstore.bench.engine;

import io.kvstore.bench.Data;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.engine.KvValueReader;
import io.kvstore.engine.SyncPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Opens the engine-level systems by name. The names are the {@code system} parameter of {@link EngineBenchmark}
 * and the argument of {@link FootprintMain}:
 * <ul>
 *   <li>{@code kvstore-mem}: {@link KvStore#inMemory()};</li>
 *   <li>{@code kvstore-file}: {@link KvStore#open} on a fresh directory with {@link SyncPolicy#NONE} (every write
 *       is logged and handed to the OS, never forced);</li>
 *   <li>{@code chm}: {@code ConcurrentHashMap<BytesKey, byte[]>}, the in-memory ceiling;</li>
 *   <li>{@code mvmap}: an H2 {@link MVMap} in an in-memory {@link MVStore} (H2's own storage engine).</li>
 * </ul>
 */
final class EngineMaps {
    /** Every name {@link #open} accepts, in report order. */
    static final List<String> NAMES = List.of("kvstore-mem", "kvstore-file", "chm", "mvmap");

    private EngineMaps() {
    }

    /**
     * Opens a new, empty system.
     *
     * @param dir an empty directory the system may use for its files (only {@code kvstore-file} does)
     * @throws IllegalArgumentException unknown name
     */
    static EngineMap open(String name, Path dir) {
        switch (name) {
            case "kvstore-mem":
                return new KvStoreMap(KvStore.inMemory());
            case "kvstore-file":
                return new KvStoreMap(KvStore.open(dir,
                        KvOptions.builder().syncPolicy(SyncPolicy.NONE).build()));
            case "chm":
                return new ChmMap();
            case "mvmap":
                return new MvMap();
            default:
                throw new IllegalArgumentException("unknown engine system '" + name + "'; known: " + NAMES);
        }
    }

    private static final class KvStoreMap implements EngineMap {
        private static final int LOAD_BATCH = 1000;
        private final KvStore store;

        KvStoreMap(KvStore store) {
            this.store = store;
        }

        @Override
        public byte[] get(byte[] key) {
            return store.get(key);
        }

        /** The stored record: the reader lends it out without touching the value bytes. */
        private static final KvValueReader<byte[]> STORED = (bytes, offset, length) -> bytes;

        @Override
        public Object getView(byte[] key) {
            return store.get(key, STORED);
        }

        @Override
        public void put(byte[] key, byte[] value) {
            store.put(key, value);
        }

        @Override
        public boolean delete(byte[] key) {
            return store.delete(key);
        }

        /** Loads in transactions of {@value #LOAD_BATCH} puts: one log record each, instead of one per row. */
        @Override
        public void load(int count) {
            for (int start = 0; start < count; start += LOAD_BATCH) {
                try (KvTransaction tx = store.begin()) {
                    for (int i = start; i < Math.min(count, start + LOAD_BATCH); i++) {
                        tx.put(Data.key(i), Data.value(i));
                    }
                    tx.commit();
                }
            }
        }

        @Override
        public long reportedMemory() {
            return store.stats().memoryUsed();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private static final class ChmMap implements EngineMap {
        private final ConcurrentHashMap<BytesKey, byte[]> map = new ConcurrentHashMap<>();

        @Override
        public byte[] get(byte[] key) {
            return map.get(new BytesKey(key));
        }

        @Override
        public Object getView(byte[] key) {
            return map.get(new BytesKey(key)); // never copies
        }

        @Override
        public void put(byte[] key, byte[] value) {
            map.put(new BytesKey(key), value);
        }

        @Override
        public boolean delete(byte[] key) {
            return map.remove(new BytesKey(key)) != null;
        }

        @Override
        public long reportedMemory() {
            return -1;
        }

        @Override
        public void close() {
            map.clear();
        }
    }

    private static final class MvMap implements EngineMap {
        private final MVStore store = new MVStore.Builder().open();
        private final MVMap<byte[], byte[]> map = store.openMap("kv");

        @Override
        public byte[] get(byte[] key) {
            return map.get(key);
        }

        @Override
        public Object getView(byte[] key) {
            return map.get(key); // an in-memory MVMap returns the stored array
        }

        @Override
        public void put(byte[] key, byte[] value) {
            map.put(key, value);
        }

        @Override
        public boolean delete(byte[] key) {
            return map.remove(key) != null;
        }

        @Override
        public long reportedMemory() {
            return -1;
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
