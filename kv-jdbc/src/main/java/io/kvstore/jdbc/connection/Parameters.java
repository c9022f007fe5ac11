package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
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
public final class Parameters {
    private Parameters() {
    }

    /**
     * Reads streams and LOBs at set time, so that the value can be bound more than once, and copies byte arrays:
     * every {@code byte[]} this returns is the driver's own and is never modified (the fast path hands it to the
     * engine without another copy).
     */
    public static Object materialize(Object x) throws SQLException {
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

    /**
     * Reads at most {@code length} bytes or characters of a stream or LOB at set time (the JDBC length argument):
     * exactly {@code length} when the source has that many, else fails with {@link SqlState#DATA_EXCEPTION}.
     */
    public static Object materialize(Object x, long length) throws SQLException {
        if (length < 0) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "stream length must be >= 0: " + length);
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "stream length too large: " + length);
        }
        int n = (int) length;
        try {
            if (x instanceof InputStream in) {
                byte[] b = in.readNBytes(n);
                if (b.length < n) {
                    throw KvErrors.create(SqlState.DATA_EXCEPTION, "the stream ended after " + b.length + " of "
                            + n + " bytes");
                }
                return b;
            }
            if (x instanceof Reader r) {
                char[] buf = new char[n];
                int got = 0;
                while (got < n) {
                    int k = r.read(buf, got, n - got);
                    if (k < 0) {
                        throw KvErrors.create(SqlState.DATA_EXCEPTION, "the reader ended after " + got + " of "
                                + n + " characters");
                    }
                    got += k;
                }
                return new String(buf);
            }
        } catch (IOException e) {
            throw KvErrors.create(SqlState.IO_ERROR, "reading a parameter stream failed: " + e.getMessage(), e);
        }
        return materialize(x);
    }

    /**
     * The value for a parameter of SQL type {@code type}: VARBINARY takes bytes (text as UTF-8), VARCHAR takes text
     * (numbers and booleans by their text), the integer types, DECIMAL and BOOLEAN take any number, boolean or
     * numeric text that fits (so that {@code LIMIT ?} takes {@code setLong}, {@code setShort},
     * {@code setBigDecimal} or {@code setString}). Other types pass through unchanged.
     */
    public static Object convert(Object x, int type, int index) throws SQLException {
        if (x == null) {
            return null;
        }
        switch (type) {
            case Types.VARBINARY, Types.BINARY, Types.LONGVARBINARY -> {
                if (x instanceof byte[] b) {
                    return b;
                }
                if (x instanceof String s) {
                    return s.getBytes(StandardCharsets.UTF_8);
                }
                throw wrongType(x, "VARBINARY", index);
            }
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR -> {
                if (x instanceof String s) {
                    return s;
                }
                if (x instanceof Number || x instanceof Boolean || x instanceof Character) {
                    return x instanceof BigDecimal d ? d.toPlainString() : x.toString();
                }
                throw wrongType(x, "VARCHAR", index);
            }
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT -> {
                BigDecimal d = decimal(x, type, index);
                long min = type == Types.BIGINT ? Long.MIN_VALUE : type == Types.INTEGER ? Integer.MIN_VALUE
                        : type == Types.SMALLINT ? Short.MIN_VALUE : Byte.MIN_VALUE;
                long max = type == Types.BIGINT ? Long.MAX_VALUE : type == Types.INTEGER ? Integer.MAX_VALUE
                        : type == Types.SMALLINT ? Short.MAX_VALUE : Byte.MAX_VALUE;
                long v;
                try {
                    v = d.longValueExact();
                } catch (ArithmeticException e) {
                    throw outOfRange(x, index);
                }
                if (v < min || v > max) {
                    throw outOfRange(x, index);
                }
                return switch (type) {
                    case Types.BIGINT -> v;
                    case Types.INTEGER -> (int) v;
                    case Types.SMALLINT -> (short) v;
                    default -> (byte) v;
                };
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                return decimal(x, type, index);
            }
            case Types.BOOLEAN -> {
                if (x instanceof Boolean) {
                    return x;
                }
                if (x instanceof Number n) {
                    return decimal(n, type, index).signum() != 0;
                }
                if (x instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
                    return Boolean.parseBoolean(s.trim());
                }
                throw wrongType(x, "BOOLEAN", index);
            }
            default -> {
                return x;
            }
        }
    }

    private static BigDecimal decimal(Object x, int type, int index) throws SQLException {
        try {
            if (x instanceof BigDecimal d) {
                return d;
            }
            if (x instanceof java.math.BigInteger b) {
                return new BigDecimal(b);
            }
            if (x instanceof Double || x instanceof Float) {
                return new BigDecimal(x.toString());
            }
            if (x instanceof Number n) {
                return BigDecimal.valueOf(n.longValue());
            }
            if (x instanceof Boolean b) {
                return b ? BigDecimal.ONE : BigDecimal.ZERO;
            }
            if (x instanceof String s) {
                return new BigDecimal(s.trim());
            }
        } catch (NumberFormatException e) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_TYPE, "parameter " + index + " is "
                    + io.kvstore.jdbc.result.KvResultSetMetaData.typeName(type) + " and cannot take '" + x + "'", e);
        }
        throw wrongType(x, io.kvstore.jdbc.result.KvResultSetMetaData.typeName(type), index);
    }

    private static SQLException outOfRange(Object x, int index) {
        return KvErrors.create(SqlState.DATA_EXCEPTION, "parameter " + index + " value " + x
                + " is out of range for its type");
    }

    private static SQLException wrongType(Object x, String type, int index) {
        return KvErrors.create(SqlState.INVALID_PARAMETER_TYPE, "parameter " + index + " is " + type
                + " and cannot take a " + x.getClass().getName());
    }

    /**
     * A bound row count checked and normalized so that every path (executors, Calcite's runtime) treats it alike:
     * a negative LIMIT/FETCH fails with {@link SqlState#INVALID_ROW_COUNT_IN_LIMIT}, a negative OFFSET with
     * {@link SqlState#INVALID_ROW_COUNT_IN_OFFSET} (the standard's states, as PostgreSQL); a NULL LIMIT means no
     * limit and a NULL OFFSET none, as in PostgreSQL (given as the largest count of the parameter's type, or 0).
     *
     * @param value the converted parameter value
     * @param kind what the parameter is
     * @param sqlType the parameter's SQL type
     */
    static Object rowCount(Object value, SqlText.RowCount kind, int sqlType, int index) throws SQLException {
        if (kind == SqlText.RowCount.NONE) {
            return value;
        }
        boolean offset = kind == SqlText.RowCount.OFFSET;
        if (value == null) {
            boolean wide = sqlType == Types.BIGINT;
            if (offset) {
                return wide ? (Object) 0L : (Object) 0;
            }
            return wide ? (Object) Long.MAX_VALUE : (Object) Integer.MAX_VALUE;
        }
        if (value instanceof Number n && (n instanceof BigDecimal d ? d.signum() < 0 : n.longValue() < 0)) {
            throw KvErrors.create(offset ? SqlState.INVALID_ROW_COUNT_IN_OFFSET : SqlState.INVALID_ROW_COUNT_IN_LIMIT,
                    (offset ? "OFFSET" : "LIMIT/FETCH") + " must not be negative: " + n + " (parameter " + index
                            + ")");
        }
        return value;
    }
}
