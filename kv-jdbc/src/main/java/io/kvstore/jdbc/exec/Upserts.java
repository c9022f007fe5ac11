package io.kvstore.jdbc.exec;

/**
 * INSERT executors with an ON CONFLICT action, for {@code UPSERT INTO kv ...} and
 * {@code INSERT INTO kv ... ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value | DO NOTHING}: the statement is
 * planned as the plain INSERT and run by the same executor with the action, so an upsert costs what an insert
 * costs (one engine put per row). Stateless and thread-safe.
 */
public final class Upserts {
    /** What an INSERT does with a key that is already present. */
    public enum OnConflict {
        /** Overwrite the value ({@code DO UPDATE SET value = EXCLUDED.value}, UPSERT); a key repeated in one
         * statement takes its last value. */
        UPDATE,
        /** Leave the present row alone and count nothing for it ({@code DO NOTHING}); a key repeated in one
         * statement takes its first value. */
        IGNORE
    }

    private Upserts() {
    }

    /** The executor of {@code insert} with {@code action}, or null when {@code insert} is not an INSERT executor. */
    public static Executor onConflict(Executor insert, OnConflict action) {
        return insert instanceof WriteExecutor w ? w.onConflict(action) : null;
    }
}
