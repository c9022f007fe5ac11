package io.kvstore.engine;

/**
 * A write would take the store past its configured memory limit and the eviction policy is REJECT. Reads and deletes keep working.
 */
public class KvMemoryLimitException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvMemoryLimitException(String message) {
        super(message);
    }

    public KvMemoryLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
