package io.kvstore.calcite;

import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import java.util.Objects;

/**
 * What the SQL layer reads and writes through: a store and, optionally, the transaction that statements join.
 *
 * <p>Contract with the JDBC driver: {@link #transaction()} returns the open transaction of the connection, or
 * {@code null} in auto-commit mode. In auto-commit mode each DML statement runs in its own engine transaction
 * that the adapter begins and commits when the statement finishes (a failing multi-row statement changes
 * nothing), and reads go straight to the store. When a transaction is returned, reads see its own writes and DML
 * statements buffer their writes in it; committing or rolling back is the caller's business.
 *
 * <p>Thread-safety: implementations are called from the thread running a statement; the adapter never keeps
 * the returned transaction beyond one statement execution.
 */
public interface KvSession {

    /** The store; never null. */
    KvStore store();

    /** The transaction statements must join, or null in auto-commit mode. */
    KvTransaction transaction();

    /** A session that is always in auto-commit mode. */
    static KvSession autoCommit(KvStore store) {
        Objects.requireNonNull(store, "store");
        return new KvSession() {
            @Override
            public KvStore store() {
                return store;
            }

            @Override
            public KvTransaction transaction() {
                return null;
            }

            @Override
            public String toString() {
                return "KvSession.autoCommit(" + store + ")";
            }
        };
    }
}
