package io.kvstore.engine;

/**
 * The store directory is locked by another process (or another open store in this JVM).
 */
public class KvStoreInUseException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvStoreInUseException(String message) {
        super(message);
    }

    public KvStoreInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
