package io.kvstore.jdbc.result;

import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * The one set of rules by which a cell value becomes what a {@code ResultSet} getter returns, for every result of
 * the driver (engine executors, Calcite, metadata). Cells are {@code String}, {@code byte[]}, boxed numbers,
 * {@code Boolean}, {@code java.sql} date/time values or null.
 *
 * <ul>
 *   <li>{@code getString}: {@code byte[]} as lower-case hexadecimal (as Calcite does for VARBINARY), anything else by
 *   its {@code toString()}.</li>
 *   <li>numeric getters: numbers narrowed as Java does, {@code Boolean} as 1/0, text parsed as a decimal number
 *   (surrounding blanks ignored); anything else fails with {@link SqlState#DATA_EXCEPTION} (22000). NULL is 0.</li>
 *   <li>{@code getBoolean}: {@code Boolean}; a number is true unless 0; text {@code true}/{@code 1} (any case) is
 *   true, other text false.</li>
 *   <li>{@code getBytes}: {@code byte[]} only (VARCHAR has no bytes, as in Calcite): a copy.</li>
 *   <li>{@code getObject(i, type)}: String, byte[], every boxed number, Boolean, BigDecimal, BigInteger, InputStream,
 *   Reader, Blob, Clob, java.sql and java.time date/time classes, or any class the cell already is.</li>
 * </ul>
 * Stateless.
 */
public final class Conversions {
    private static final HexFormat HEX = HexFormat.of();

    private Conversions() {
    }

    static SQLException cannotConvert(Object v, String to) {
        return KvErrors.create(SqlState.DATA_EXCEPTION, "cannot convert " + v.getClass().getSimpleName()
                + " value to " + to);
    }

    /** getString. */
    public static String string(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof byte[] b ? HEX.formatHex(b) : v.toString();
    }

    /** The number a numeric getter converts; 0 for NULL. */
    public static Number number(Object v, String to) throws SQLException {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw KvErrors.create(SqlState.DATA_EXCEPTION, "cannot convert '" + abbreviate(s) + "' to " + to, e);
            }
        }
        throw cannotConvert(v, to);
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    /** getBoolean. */
    public static boolean bool(Object v) throws SQLException {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n instanceof BigDecimal d ? d.signum() != 0 : n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return s.trim().equalsIgnoreCase("true") || s.trim().equals("1");
        }
        throw cannotConvert(v, "BOOLEAN");
    }

    /** getBigDecimal. */
    public static BigDecimal decimal(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        Number n = number(v, "DECIMAL");
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        return n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                : BigDecimal.valueOf(n.longValue());
    }

    /** getBytes: a copy of a {@code byte[]} cell (or the cell itself when {@code fresh}). */
    public static byte[] bytes(Object v, boolean fresh) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return fresh ? b : b.clone();
        }
        throw cannotConvert(v, "VARBINARY");
    }

    /** getDate, getTime, getTimestamp: a cell of that class, or a conversion between the java.sql classes. */
    public static <T> T temporal(Object v, Class<T> type, String sqlType) throws SQLException {
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        if (v instanceof Timestamp ts && type == Date.class) {
            return type.cast(Date.valueOf(ts.toLocalDateTime().toLocalDate()));
        }
        if (v instanceof Timestamp ts && type == Time.class) {
            return type.cast(Time.valueOf(ts.toLocalDateTime().toLocalTime()));
        }
        if (v instanceof Date d && type == Timestamp.class) {
            return type.cast(Timestamp.valueOf(d.toLocalDate().atStartOfDay()));
        }
        throw cannotConvert(v, sqlType);
    }

    /** getObject(i, type). {@code v} is not null. */
    public static Object object(Object v, Class<?> type, boolean fresh) throws SQLException {
        if (type == String.class) {
            return string(v);
        }
        if (type == byte[].class) {
            return bytes(v, fresh);
        }
        if (type == Integer.class || type == int.class) {
            return number(v, "INTEGER").intValue();
        }
        if (type == Long.class || type == long.class) {
            return number(v, "BIGINT").longValue();
        }
        if (type == Short.class || type == short.class) {
            return number(v, "SMALLINT").shortValue();
        }
        if (type == Byte.class || type == byte.class) {
            return number(v, "TINYINT").byteValue();
        }
        if (type == Double.class || type == double.class) {
            return number(v, "DOUBLE").doubleValue();
        }
        if (type == Float.class || type == float.class) {
            return number(v, "REAL").floatValue();
        }
        if (type == Boolean.class || type == boolean.class) {
            return bool(v);
        }
        if (type == BigDecimal.class) {
            return decimal(v);
        }
        if (type == BigInteger.class) {
            return decimal(v).toBigInteger();
        }
        if (type == InputStream.class) {
            return new ByteArrayInputStream(bytes(v, true));
        }
        if (type == Blob.class) {
            return new SerialBlob(bytes(v, true));
        }
        if (type == Reader.class) {
            return new StringReader(string(v));
        }
        if (type == Clob.class) {
            return new SerialClob(string(v).toCharArray());
        }
        if (type == Date.class || type == Time.class || type == Timestamp.class) {
            return temporal(v, type, type.getSimpleName().toUpperCase(java.util.Locale.ROOT));
        }
        if (type == LocalDate.class) {
            return temporal(v, Date.class, "DATE").toLocalDate();
        }
        if (type == LocalTime.class) {
            return temporal(v, Time.class, "TIME").toLocalTime();
        }
        if (type == LocalDateTime.class) {
            return temporal(v, Timestamp.class, "TIMESTAMP").toLocalDateTime();
        }
        if (type.isInstance(v)) {
            return v instanceof byte[] b && !fresh ? b.clone() : v;
        }
        throw cannotConvert(v, type.getName());
    }
}
