package io.kvstore.engine;

import java.nio.charset.Charset;

/**
 * A forward-only cursor over entries that decodes only what it is asked for: {@link #next()} moves to the next
 * entry without copying it, and each accessor copies or decodes one part of the current entry. A full scan that
 * reads the key as text and the value as bytes thus costs one string decode and one array copy per entry, where
 * {@link KvStore#iterator()} copies key and value into a {@link KvEntry} first.
 *
 * <p>Consistency is that of the source: {@link KvStore#cursor()} is weakly consistent as
 * {@link KvStore#iterator()} is (an entry neither written nor deleted during the scan is returned exactly once;
 * the current entry is the version read when the cursor reached it or the entry before it, whatever happens to
 * the key afterwards);
 * {@link KvTransaction#cursor()} is the transaction's view, as {@link KvTransaction#iterator()}.
 *
 * <p>Not thread-safe: one thread at a time. Holds no lock and no file: abandoning a cursor needs no clean-up.
 * Accessors called before the first {@link #next()} or after it returned false throw
 * {@link IllegalStateException}.
 */
public interface KvCursor {

    /** Moves to the next entry; false when there is none (and the cursor stays past the end). */
    boolean next();

    /**
     * Whether {@link #next()} would move to another entry. The entry it would move to has already been read
     * from the source (so it is not affected by writes after this call).
     */
    boolean hasNext();

    /** A copy of the current entry's key. */
    byte[] key();

    /** The current entry's key decoded with {@code charset} (malformed input replaced, never thrown). */
    String key(Charset charset);

    /** A copy of the current entry's value. */
    byte[] value();

    /** The current entry's value length in bytes. */
    int valueLength();

    /** The current entry's version (0 for the transaction's own uncommitted writes). */
    long version();

    /** The current entry's creation time (ms since the epoch); 0 where the source does not keep it. */
    default long createdMillis() {
        return 0;
    }

    /** The current entry's latest write time (ms since the epoch); 0 where the source does not keep it. */
    default long updatedMillis() {
        return 0;
    }

    /** The current entry's absolute expiry time (ms since the epoch), or 0 if it never expires. */
    default long expiresMillis() {
        return 0;
    }
}
