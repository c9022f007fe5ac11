package io.kvstore.engine;

import java.nio.charset.Charset;
import java.util.Iterator;

/**
 * {@link KvCursor} over an iterator of entries (a transaction's view, {@link KvTransaction#cursor()}). The
 * entries are already copies, so the accessors only copy again what they hand out. Not thread-safe.
 */
final class EntryCursor implements KvCursor {
    private final Iterator<KvEntry> entries;
    private KvEntry current;

    EntryCursor(Iterator<KvEntry> entries) {
        this.entries = entries;
    }

    @Override
    public boolean next() {
        current = entries.hasNext() ? entries.next() : null;
        return current != null;
    }

    @Override
    public boolean hasNext() {
        return entries.hasNext();
    }

    private KvEntry current() {
        KvEntry e = current;
        if (e == null) {
            throw new IllegalStateException("no current entry: call next() first, and only while it returns true");
        }
        return e;
    }

    @Override
    public byte[] key() {
        return current().key().clone();
    }

    @Override
    public String key(Charset charset) {
        return new String(current().key(), charset);
    }

    @Override
    public byte[] value() {
        return current().value().clone();
    }

    @Override
    public int valueLength() {
        return current().value().length;
    }

    @Override
    public long version() {
        return current().version();
    }

    @Override
    public long createdMillis() {
        return current().createdMillis();
    }

    @Override
    public long updatedMillis() {
        return current().updatedMillis();
    }

    @Override
    public long expiresMillis() {
        return current().expiresMillis();
    }
}
