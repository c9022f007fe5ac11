package io.kvstore.engine;

/** An insert found the key already present. Nothing was changed. */
public class KvDuplicateKeyException extends KvException {
    private static final long serialVersionUID = 1L;

    public KvDuplicateKeyException(String message) {
        super(message);
    }
}
