package io.kvstore.calcite;

/**
 * A write tried to store a NULL key or a NULL value; the table {@code kv} has neither. Nothing was changed.
 * For the JDBC driver: SQLState 23502 (not-null violation).
 */
public final class KvNullValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    KvNullValueException(String message) {
        super(message);
    }
}
