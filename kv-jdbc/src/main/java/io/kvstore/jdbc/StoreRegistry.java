package io.kvstore.jdbc;

import io.kvstore.engine.KvException;
import io.kvstore.engine.KvStore;
import io.kvstore.jdbc.connection.CalciteWarmup;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open {@link KvStore} per canonical path (or in-memory name) per JVM, shared by every connection to it and
 * reference-counted: {@link #acquire} opens the store or takes another reference, {@link Handle#release()} gives
 * one back, and the last release closes the store (an in-memory store is then gone).
 *
 * <p>Connections that share a store must agree on its options ({@link KvOption#storeOption()}); a connection
 * asking for different ones gets {@link SqlState#OBJECT_IN_USE}. A second process gets the engine's
 * {@code KvStoreInUseException}, also {@link SqlState#OBJECT_IN_USE}.
 *
 * <p>Thread-safety: all methods are safe from any thread; opening and closing happen under the registry's
 * lock, so one slow open (a long log replay) delays other opens and closes in the JVM.
 */
public final class StoreRegistry {
    public static final StoreRegistry INSTANCE = new StoreRegistry();

    /** Guarded by {@code this}. */
    private final Map<String, Entry> open = new HashMap<>();

    private static final class Entry {
        final KvStore store;
        final Map<KvOption, String> options;
        int references;
        /** Run once when the store closes (the auto-server listener stops). */
        final java.util.List<Runnable> onClose = new java.util.ArrayList<>();

        Entry(KvStore store, Map<KvOption, String> options) {
            this.store = store;
            this.options = options;
        }
    }

    /** One connection's reference to an open store. */
    public final class Handle {
        private final String key;
        private final KvStore store;
        private final AtomicBoolean released = new AtomicBoolean();

        private Handle(String key, KvStore store) {
            this.key = key;
            this.store = store;
        }

        public KvStore store() {
            return store;
        }

        /**
         * Gives the reference back; the last one closes the store. Idempotent.
         *
         * @throws SQLException closing the store failed (its final force, {@link SqlState#IO_ERROR})
         */
        public void release() throws SQLException {
            if (released.compareAndSet(false, true)) {
                StoreRegistry.this.release(key, store);
            }
        }
    }

    /**
     * Opens the store of {@code url} or takes another reference to it.
     *
     * @throws SQLException the store cannot be opened (state from {@link KvErrors#translate}), or is open in this
     *     JVM with other options ({@link SqlState#OBJECT_IN_USE})
     */
    public synchronized Handle acquire(KvUrl url) throws SQLException {
        String key = url.storeKey();
        Map<KvOption, String> wanted = url.storeOptions();
        Entry e = open.get(key);
        if (e == null || e.store.isClosed()) {
            KvStore store;
            try {
                store = url.inMemory() ? KvStore.inMemory(url.toKvOptions()) : KvStore.open(url.path(),
                        url.toKvOptions());
            } catch (KvException | IllegalArgumentException ex) {
                throw KvErrors.translate(ex);
            }
            e = new Entry(store, wanted);
            open.put(key, e);
        } else if (!e.options.equals(wanted)) {
            throw KvErrors.create(SqlState.OBJECT_IN_USE, "store " + key + " is already open in this JVM with "
                    + difference(e.options, wanted) + "; connections sharing a store must use the same store options");
        }
        e.references++;
        // the first statement Calcite plans would otherwise load Calcite alone: start that now, once the store is
        // open (not beside the open, which it would slow down on a busy machine)
        CalciteWarmup.start();
        return new Handle(key, e.store);
    }

    /**
     * Registers {@code store}, opened by its owner in this JVM (the server's), under {@code url}'s key, so that
     * {@link #acquire} of a URL with the same store options shares it instead of failing with 55006.
     *
     * @return the owner's reference; the store closes when it and every connection's reference are released
     * @throws SQLException {@link SqlState#OBJECT_IN_USE} when the registry already has an open store there
     */
    public synchronized Handle adopt(KvUrl url, KvStore store) throws SQLException {
        String key = url.storeKey();
        Entry e = open.get(key);
        if (e != null && !e.store.isClosed()) {
            throw KvErrors.create(SqlState.OBJECT_IN_USE, "store " + key + " is already open in this JVM");
        }
        e = new Entry(store, url.storeOptions());
        e.references = 1;
        open.put(key, e);
        return new Handle(key, store);
    }

    /**
     * Runs {@code action} once, right after the store under {@code key} closes; false (and nothing registered)
     * when no store is open there.
     */
    synchronized boolean whenClosed(String key, Runnable action) {
        Entry e = open.get(key);
        if (e == null || e.store.isClosed()) {
            return false;
        }
        e.onClose.add(action);
        return true;
    }

    private static String difference(Map<KvOption, String> have, Map<KvOption, String> want) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<KvOption, String> h : have.entrySet()) {
            String w = want.get(h.getKey());
            if (!h.getValue().equals(w)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(h.getKey().key()).append('=').append(h.getValue())
                        .append(" (this connection asks for ").append(w).append(')');
            }
        }
        return sb.toString();
    }

    private synchronized void release(String key, KvStore store) throws SQLException {
        Entry e = open.get(key);
        if (e == null || e.store != store) {
            return;
        }
        if (--e.references > 0) {
            return;
        }
        open.remove(key);
        try {
            store.close();
        } catch (KvException ex) {
            throw KvErrors.translate(ex);
        } finally {
            for (Runnable r : e.onClose) {
                try {
                    r.run();
                } catch (RuntimeException ignored) {
                    // a listener that fails to stop must not hide the close
                }
            }
        }
    }

    /** Number of references to the store under {@code key}, 0 if not open. For tests. */
    synchronized int references(String key) {
        Entry e = open.get(key);
        return e == null ? 0 : e.references;
    }
}
