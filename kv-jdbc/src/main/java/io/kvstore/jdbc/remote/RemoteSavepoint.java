package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A savepoint of a {@link RemoteConnection}: the name the server's connection knows it by (a generated one for
 * an unnamed savepoint). Whether it still exists is the server's to say (3B001).
 *
 * <p>Immutable.
 */
record RemoteSavepoint(RemoteConnection connection, String sqlName, int id, boolean named) implements Savepoint {
    @Override
    public int getSavepointId() throws SQLException {
        if (named) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + sqlName + " is named: use "
                    + "getSavepointName()");
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (!named) {
            throw KvErrors.create(SqlState.INVALID_SAVEPOINT, "savepoint " + id + " is unnamed: use "
                    + "getSavepointId()");
        }
        return sqlName;
    }

    @Override
    public String toString() {
        return named ? sqlName : "#" + id;
    }
}
