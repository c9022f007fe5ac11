package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvScanSpec;
import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KeyRange;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import java.nio.charset.Charset;
import java.sql.SQLException;

/**
 * An ordered read of a key range over the engine's ordered key index, as the adapter's {@code KvTableScan} pushed it:
 * the range's bounds (literals or {@code ?}, resolved by the adapter exactly as its own runtime does), ascending or
 * descending, after skipping the pushed-in offset, at most the pushed-in fetch. Reads go through the session's
 * transaction when there is one (so the range counts as read at commit: phantom protection), else to the store.
 * Immutable and thread-safe.
 */
final class RangeCursorSource implements CursorSource {
    private final KvScanSpec spec;

    RangeCursorSource(KvScanSpec spec) {
        this.spec = spec;
    }

    /** The range for one execution, or null when it is empty. */
    KeyRange range(Object[] params) throws SQLException {
        try {
            return spec.resolveRange(i -> params[i]);
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
    }

    /** Whether an offset or fetch is pushed into the read (then it is not a plain range count). */
    boolean isLimited() {
        return spec.isLimited();
    }

    @Override
    public KvCursor open(KvSession session, Object[] params) throws SQLException {
        try {
            KeyRange r = spec.resolveRange(i -> params[i]);
            long offset = spec.resolveOffset(i -> params[i]);
            long fetch = spec.resolveFetch(i -> params[i]);
            if (r == null || fetch == 0) {
                return Limited.EMPTY;
            }
            KvTransaction tx = session.transaction();
            boolean desc = spec.isDescending();
            KvCursor c = tx != null ? tx.cursor(r, desc) : session.store().cursor(r, desc);
            return offset == 0 && fetch < 0 ? c : new Limited(c, offset, fetch);
        } catch (RuntimeException e) {
            throw KvErrors.translate(e);
        }
    }

    @Override
    public String toString() {
        return spec.toString();
    }

    /** A cursor that skips {@code offset} entries first and then yields at most {@code fetch} (-1: all). */
    private static final class Limited implements KvCursor {
        static final KvCursor EMPTY = new Limited(null, 0, 0);
        private final KvCursor in;
        private long offset;
        private long remaining;

        Limited(KvCursor in, long offset, long fetch) {
            this.in = in;
            this.offset = offset;
            this.remaining = fetch;
        }

        private boolean skip() {
            while (offset > 0) {
                if (!in.next()) {
                    remaining = 0;
                    offset = 0;
                    return false;
                }
                offset--;
            }
            return true;
        }

        @Override
        public boolean next() {
            if (remaining == 0 || !skip()) {
                return false;
            }
            if (!in.next()) {
                remaining = 0;
                return false;
            }
            if (remaining > 0) {
                remaining--;
            }
            return true;
        }

        @Override
        public boolean hasNext() {
            return remaining != 0 && skip() && in.hasNext();
        }

        @Override
        public byte[] key() {
            return in.key();
        }

        @Override
        public String key(Charset charset) {
            return in.key(charset);
        }

        @Override
        public byte[] value() {
            return in.value();
        }

        @Override
        public int valueLength() {
            return in.valueLength();
        }

        @Override
        public long version() {
            return in.version();
        }

        @Override
        public long createdMillis() {
            return in.createdMillis();
        }

        @Override
        public long updatedMillis() {
            return in.updatedMillis();
        }

        @Override
        public long expiresMillis() {
            return in.expiresMillis();
        }
    }
}
