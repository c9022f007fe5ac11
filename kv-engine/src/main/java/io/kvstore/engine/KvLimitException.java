package io.kvstore.engine;

/**
 * A key or value is larger than the configured limit, or an argument is otherwise out of range.
 */
public class KvLimitException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvLimitException(String message) {
        super(message);
    }

    public KvLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
