package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvSession;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import java.sql.SQLException;

/**
 * Where a scan's entries come from, opened once per execution. {@link #FULL} walks every entry (weakly consistent
 * outside a transaction; through the transaction, so that it counts as reading the whole table, inside one). A
 * range or prefix scan over an ordered key index is another implementation of this interface. Implementations are
 * immutable and thread-safe.
 */
public interface CursorSource {

    /** A cursor positioned before the first entry this source yields. */
    KvCursor open(KvSession session, Object[] params) throws SQLException;

    /** Every entry of the store. */
    CursorSource FULL = new CursorSource() {
        @Override
        public KvCursor open(KvSession session, Object[] params) throws SQLException {
            try {
                KvTransaction tx = session.transaction();
                return tx != null ? tx.cursor() : session.store().cursor();
            } catch (RuntimeException e) {
                throw KvErrors.translate(e);
            }
        }

        @Override
        public String toString() {
            return "full scan";
        }
    };
}
