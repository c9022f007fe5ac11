package io.kvstore.bench.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A {@link TimedLoop.Worker} that runs one write per step on a connection in manual-commit mode and commits every
 * {@code batch} steps; closing it commits what is left and closes the connection. One per thread (not thread-safe).
 */
final class BatchedWriter implements TimedLoop.Worker {
    /** One write; {@code n} counts the writes this worker ran before it. */
    interface Write {
        void run(int n) throws Exception;
    }

    private final Connection connection;
    private final int batch;
    private final Write write;
    private int n;

    private BatchedWriter(Connection connection, int batch, Write write) {
        this.connection = connection;
        this.batch = batch;
        this.write = write;
    }

    /** A worker writing on {@code connection}, which it switches to manual commit and closes when closed. */
    static BatchedWriter of(Connection connection, int batch, Write write) throws SQLException {
        connection.setAutoCommit(false);
        return new BatchedWriter(connection, batch, write);
    }

    @Override
    public void step() throws Exception {
        write.run(n);
        if (++n % batch == 0) {
            connection.commit();
        }
    }

    @Override
    public void close() throws Exception {
        connection.commit();
        connection.close();
    }
}
