package io.kvstore.server.keyspace;

/**
 * A {@link WriteBackend} failed a group whose writes may nevertheless take effect (a replicated group whose leader
 * lost its leadership before the group was known to be committed). The keyspace answers the replies that depended
 * on the group with this exception's message verbatim (a Redis error line without the leading '-'), instead of
 * saying "not applied".
 */
public final class WriteOutcomeUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WriteOutcomeUnknownException(String redisError, Throwable cause) {
        super(redisError, cause);
    }
}
