package io.kvstore.jdbc.remote.protocol;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * {@link Op#ERROR} bodies: SQLState, vendor code, message, and for a failed batch the update counts of the rows
 * before the failing one (-1 when not a batch). The driver turns them back into the SQLException subclass its
 * embedded mode throws for that state ({@code io.kvstore.jdbc.error.KvErrors}). Stateless.
 */
public final class ErrorCodec {
    private ErrorCodec() {
    }

    /** What an ERROR frame says. {@code batchCounts} is null when the error is not a batch's. */
    public record Decoded(String sqlState, int vendorCode, String message, long[] batchCounts) {
    }

    public static void write(WireOut out, SQLException e) {
        out.reset(Op.ERROR).string(e.getSQLState()).i32(e.getErrorCode())
                .string(e.getMessage() == null ? e.toString() : e.getMessage());
        if (e instanceof BatchUpdateException b) {
            long[] counts = b.getLargeUpdateCounts();
            counts = counts == null ? new long[0] : counts;
            out.i32(counts.length);
            for (long c : counts) {
                out.i64(c);
            }
        } else {
            out.i32(-1);
        }
    }

    /** Reads the body after the op byte. */
    public static Decoded read(WireIn in) throws ProtocolException {
        String state = in.string();
        int vendor = in.i32();
        String message = in.string();
        int n = in.i32();
        long[] counts = null;
        if (n >= 0) {
            if ((long) n * 8 > in.remaining()) {
                throw new ProtocolException("bad count " + n);
            }
            counts = new long[n];
            for (int i = 0; i < n; i++) {
                counts[i] = in.i64();
            }
        } else if (n != -1) {
            throw new ProtocolException("bad count " + n);
        }
        in.end();
        return new Decoded(state, vendor, message, counts);
    }
}
