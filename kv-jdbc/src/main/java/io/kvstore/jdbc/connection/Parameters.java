package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Converts parameter values set through {@code PreparedStatement} to what a parameter of a given SQL type takes,
 * identically for the fast path and the Calcite path: for VARBINARY ({@code value}) a {@code byte[]} (a
 * {@code String} becomes its UTF-8 bytes, streams and blobs are read), for VARCHAR ({@code key}) a
 * {@code String} (numbers and booleans by their text). Anything else fails with
 * {@link SqlState#INVALID_PARAMETER_TYPE}. Stateless.
 */
final class Parameters {
    private Parameters() {
    }

    /**
     * Reads streams and LOBs at set time, so that the value can be bound more than once, and copies byte arrays:
     * every {@code byte[]} this returns is the driver's own and is never modified (the fast path hands it to the
     * engine without another copy).
     */
    static Object materialize(Object x) throws SQLException {
        if (x instanceof byte[] b) {
            return b.clone();
        }
        if (x == null || x instanceof String) {
            return x;
        }
        try {
            if (x instanceof InputStream in) {
                return in.readAllBytes();
            }
            if (x instanceof Reader r) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[8192];
                for (int n; (n = r.read(buf)) >= 0; ) {
                    sb.append(buf, 0, n);
                }
                return sb.toString();
            }
            if (x instanceof Blob b) {
                return b.getBytes(1, (int) b.length());
            }
            if (x instanceof Clob c) {
                return c.getSubString(1, (int) c.length());
            }
            if (x instanceof ByteBuffer bb) {
                ByteBuffer d = bb.duplicate();
                byte[] a = new byte[d.remaining()];
                d.get(a);
                return a;
            }
        } catch (IOException e) {
            throw KvErrors.create(SqlState.IO_ERROR, "reading a parameter stream failed: " + e.getMessage(), e);
        }
        return x;
    }

    /** The value for a parameter of SQL type {@code type}; other types pass through unchanged. */
    static Object convert(Object x, int type, int index) throws SQLException {
        if (x == null) {
            return null;
        }
        if (type == Types.VARBINARY || type == Types.BINARY || type == Types.LONGVARBINARY) {
            if (x instanceof byte[] b) {
                return b;
            }
            if (x instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            throw wrongType(x, "VARBINARY", index);
        }
        if (type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR) {
            if (x instanceof String s) {
                return s;
            }
            if (x instanceof Number || x instanceof Boolean || x instanceof Character) {
                return x.toString();
            }
            throw wrongType(x, "VARCHAR", index);
        }
        return x;
    }

    private static SQLException wrongType(Object x, String type, int index) {
        return KvErrors.create(SqlState.INVALID_PARAMETER_TYPE, "parameter " + index + " is " + type
                + " and cannot take a " + x.getClass().getName());
    }
}
