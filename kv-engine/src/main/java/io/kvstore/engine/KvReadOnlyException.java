package io.kvstore.engine;

/**
 * A write was attempted on a store opened read-only.
 */
public class KvReadOnlyException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvReadOnlyException(String message) {
        super(message);
    }

    public KvReadOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
