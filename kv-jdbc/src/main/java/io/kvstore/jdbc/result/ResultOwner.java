package io.kvstore.jdbc.result;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a result set needs from the statement that made it: to be told when the result set closes, whether a
 * cancel was requested (checked between rows), and to learn of a failure while rows stream. Implemented by the
 * driver's statements; not meant for applications.
 */
public interface ResultOwner extends Statement {

    /** Called by a result set of this statement when it closes. */
    void resultSetClosed(BaseResultSet rs) throws SQLException;

    /** Whether cancel() was called during the current execution (read between rows by streaming results). */
    boolean cancelRequested();

    /** Notes a failure of the running statement while its rows streamed. */
    void failed(SQLException e);
}
