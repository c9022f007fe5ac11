package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.Values;
import io.kvstore.jdbc.remote.protocol.WireIn;
import io.kvstore.jdbc.result.RowSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a remote result: the batch that came with the answer, then further batches fetched from the server
 * ({@link Op#FETCH}) as {@link #next()} reaches the end of one. The server closes its result when it has sent the
 * last row; {@link #close()} before that tells it to close early. Not thread-safe (one result set).
 */
final class RemoteRows implements RowSource {
    private final RemoteStatement statement;
    private final int columns;
    private List<Object[]> batch;
    private int index = -1;
    private boolean more;
    private boolean closed;

    private RemoteRows(RemoteStatement statement, int columns) {
        this.statement = statement;
        this.columns = columns;
    }

    /** Reads a batch: rows (each a 1 marker then the cells), a 0 marker, then whether more follow. */
    static RemoteRows first(RemoteStatement statement, int columns, WireIn in) throws ProtocolException {
        RemoteRows r = new RemoteRows(statement, columns);
        r.read(in);
        return r;
    }

    private void read(WireIn in) throws ProtocolException {
        List<Object[]> rows = new ArrayList<>();
        while (in.u8() == 1) {
            Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = Values.read(in);
            }
            rows.add(row);
        }
        more = in.bool();
        in.end();
        batch = rows;
        index = -1;
    }

    @Override
    public boolean next() throws SQLException {
        if (index + 1 < batch.size()) {
            index++;
            return true;
        }
        if (!more || closed) {
            index = batch.size();
            return false;
        }
        fetch();
        return next();
    }

    private void fetch() throws SQLException {
        try {
            WireIn in = statement.fetch();
            if (in.bool()) {
                throw new ProtocolException("columns in a FETCH answer");
            }
            read(in);
        } catch (ProtocolException e) {
            throw statement.protocolFailure(e);
        }
    }

    @Override
    public boolean hasNext() throws SQLException {
        if (index + 1 < batch.size()) {
            return true;
        }
        if (!more || closed) {
            return false;
        }
        fetch();
        return !batch.isEmpty();
    }

    @Override
    public Object get(int column) {
        return batch.get(index)[column];
    }

    /** Each byte[] cell came from the wire and belongs to nobody else. */
    @Override
    public boolean freshArrays() {
        return true;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (more) {
            statement.closeRemoteResult();
        }
        batch = List.of();
    }
}
