package io.kvstore.jdbc.connection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Planned Calcite statements of one connection by SQL text, least recently used first out, so that executing the
 * same text again (ad hoc through {@code Statement.execute}, or {@code prepareStatement} once more) skips
 * Calcite's parse, validate, plan and code generation.
 *
 * <p>A statement is checked out with {@link #take} (removing it: one user at a time) and given back with
 * {@link #give} when its user is done; a statement given back for a text already cached, or pushed out by the
 * capacity, is closed. Thread-safety: all methods synchronized.
 */
final class StatementCache {
    private final int capacity;
    /** Guarded by {@code this}. Access order: the eldest is the least recently given back. */
    private final LinkedHashMap<String, PreparedStatement> cached;
    private long hits;
    private long misses;

    StatementCache(int capacity) {
        this.capacity = capacity;
        this.cached = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > StatementCache.this.capacity) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }

    /** The cached statement for {@code sql}, removed from the cache, or null. */
    synchronized PreparedStatement take(String sql) {
        PreparedStatement ps = cached.remove(sql);
        if (ps != null) {
            hits++;
        } else {
            misses++;
        }
        return ps;
    }

    /** Gives a statement back for reuse, or closes it if the cache has no room for it. */
    synchronized void give(String sql, PreparedStatement ps) {
        if (capacity == 0 || cached.containsKey(sql)) {
            closeQuietly(ps);
            return;
        }
        try {
            ps.clearParameters();
        } catch (SQLException | RuntimeException e) {
            closeQuietly(ps);
            return;
        }
        cached.put(sql, ps);
    }

    /** Closes every cached statement. */
    void close() {
        List<PreparedStatement> all;
        synchronized (this) {
            all = new ArrayList<>(cached.values());
            cached.clear();
        }
        all.forEach(StatementCache::closeQuietly);
    }

    synchronized int size() {
        return cached.size();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException | RuntimeException e) {
            // a Calcite statement holds no resource that outlives the connection
        }
    }
}
