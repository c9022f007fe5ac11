package io.kvstore.calcite;

/**
 * SQL text that no key reads as (see {@link KvKeys}), given where a key is needed: a lone surrogate outside the
 * escape range U+DC80..U+DCFF, or escapes that spell valid UTF-8. The driver reports it with SQLState 22021
 * (character not in repertoire).
 */
public final class KvKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KvKeyException(String message) {
        super(message);
    }
}
