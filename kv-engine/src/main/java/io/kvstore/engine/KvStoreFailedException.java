package io.kvstore.engine;

/**
 * An earlier write or fsync failed, so the store refuses further writes until it is closed and reopened (recovery then decides what is durable). Reads keep working.
 */
public class KvStoreFailedException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvStoreFailedException(String message) {
        super(message);
    }

    public KvStoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
