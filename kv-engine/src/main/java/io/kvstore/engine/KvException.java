package io.kvstore.engine;

/**
 * Base class of every exception the engine throws on purpose. Unchecked, so that callers of the simple
 * key-value API are not forced to catch; the JDBC layer maps each subclass to its own SQLState in one place.
 */
public class KvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KvException(String message) {
        super(message);
    }

    public KvException(String message, Throwable cause) {
        super(message, cause);
    }
}
