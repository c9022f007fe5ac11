package io.kvstore.jdbc.connection;

import io.kvstore.engine.KvTransaction;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A JDBC {@link Savepoint}: a savepoint id of one engine transaction ({@link KvTransaction#savepoint}), named or
 * numbered. Valid while its connection's transaction is open and it was neither released nor rolled back past;
 * {@link KvConnection} checks that.
 *
 * <p>Immutable.
 */
record KvSavepoint(KvTransaction transaction, int engineId, String name, int number) implements Savepoint {
    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + name + " is named: use "
                    + "getSavepointName()");
        }
        return number;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + number + " is unnamed: use "
                    + "getSavepointId()");
        }
        return name;
    }

    @Override
    public String toString() {
        return name != null ? name : "#" + number;
    }
}
