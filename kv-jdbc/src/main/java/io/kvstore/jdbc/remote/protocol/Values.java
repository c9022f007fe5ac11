package io.kvstore.jdbc.remote.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * Cells and parameters on the wire: a one-byte tag, then the value. The tags cover every cell a result of the
 * driver holds (see {@code io.kvstore.jdbc.result.RowSource}) and every parameter value after the driver reads
 * streams and LOBs; a parameter that was never set travels as {@link #UNSET} so that the server reports it as
 * the embedded driver does. Stateless.
 */
public final class Values {
    private Values() {
    }

    public static final int NULL = 0;
    public static final int STRING = 1;
    public static final int BYTES = 2;
    public static final int INT = 3;
    public static final int LONG = 4;
    public static final int DOUBLE = 5;
    public static final int BOOLEAN = 6;
    public static final int DECIMAL = 7;
    public static final int SHORT = 8;
    public static final int BYTE = 9;
    public static final int FLOAT = 10;
    public static final int DATE = 11;
    public static final int TIME = 12;
    public static final int TIMESTAMP = 13;
    public static final int BIGINTEGER = 14;
    public static final int CHAR = 15;
    public static final int STRING_ARRAY = 16;
    public static final int INT_ARRAY = 17;
    public static final int UNSET = 18;

    /** The marker for a parameter not set. */
    public static final Object UNSET_VALUE = new Object() {
        @Override
        public String toString() {
            return "<unset>";
        }
    };

    /** Whether {@link #write} can send {@code x}. */
    public static boolean isSupported(Object x) {
        return x == null || x == UNSET_VALUE || x instanceof String || x instanceof byte[] || x instanceof Integer
                || x instanceof Long || x instanceof Double || x instanceof Boolean || x instanceof BigDecimal
                || x instanceof Short || x instanceof Byte || x instanceof Float || x instanceof Date
                || x instanceof Time || x instanceof Timestamp || x instanceof BigInteger || x instanceof Character
                || x instanceof String[] || x instanceof int[];
    }

    /** @throws IllegalArgumentException a value of a class not listed in {@link #isSupported} */
    public static void write(WireOut out, Object x) {
        if (x == null) {
            out.u8(NULL);
        } else if (x instanceof String s) {
            out.u8(STRING).string(s);
        } else if (x instanceof byte[] b) {
            out.u8(BYTES).bytes(b);
        } else if (x instanceof Integer i) {
            out.u8(INT).i32(i);
        } else if (x instanceof Long l) {
            out.u8(LONG).i64(l);
        } else if (x instanceof Boolean b) {
            out.u8(BOOLEAN).bool(b);
        } else if (x instanceof Double d) {
            out.u8(DOUBLE).i64(Double.doubleToRawLongBits(d));
        } else if (x instanceof BigDecimal d) {
            out.u8(DECIMAL).string(d.toString());
        } else if (x instanceof Short s) {
            out.u8(SHORT).u16(s);
        } else if (x instanceof Byte b) {
            out.u8(BYTE).u8(b);
        } else if (x instanceof Float f) {
            out.u8(FLOAT).i32(Float.floatToRawIntBits(f));
        } else if (x instanceof Timestamp t) {
            out.u8(TIMESTAMP).i64(t.getTime()).i32(t.getNanos());
        } else if (x instanceof Date d) {
            out.u8(DATE).i64(d.getTime());
        } else if (x instanceof Time t) {
            out.u8(TIME).i64(t.getTime());
        } else if (x instanceof BigInteger b) {
            out.u8(BIGINTEGER).string(b.toString());
        } else if (x instanceof Character c) {
            out.u8(CHAR).u16(c);
        } else if (x instanceof String[] a) {
            out.u8(STRING_ARRAY).i32(a.length);
            for (String s : a) {
                out.string(s);
            }
        } else if (x instanceof int[] a) {
            out.u8(INT_ARRAY).i32(a.length);
            for (int v : a) {
                out.i32(v);
            }
        } else if (x == UNSET_VALUE) {
            out.u8(UNSET);
        } else {
            throw new IllegalArgumentException("cannot send a " + x.getClass().getName());
        }
    }

    public static Object read(WireIn in) throws ProtocolException {
        int tag = in.u8();
        try {
            return switch (tag) {
                case NULL -> null;
                case STRING -> notNull(in.string());
                case BYTES -> notNull(in.bytes());
                case INT -> in.i32();
                case LONG -> in.i64();
                case BOOLEAN -> in.bool();
                case DOUBLE -> Double.longBitsToDouble(in.i64());
                case DECIMAL -> new BigDecimal(notNull(in.string()));
                case SHORT -> (short) in.u16();
                case BYTE -> (byte) in.u8();
                case FLOAT -> Float.intBitsToFloat(in.i32());
                case TIMESTAMP -> {
                    Timestamp t = new Timestamp(in.i64());
                    int nanos = in.i32();
                    if (nanos < 0 || nanos > 999_999_999) {
                        throw new ProtocolException("bad nanoseconds " + nanos);
                    }
                    t.setNanos(nanos);
                    yield t;
                }
                case DATE -> new Date(in.i64());
                case TIME -> new Time(in.i64());
                case BIGINTEGER -> new BigInteger(notNull(in.string()));
                case CHAR -> (char) in.u16();
                case STRING_ARRAY -> {
                    String[] a = new String[in.count(1 << 20, 4)];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = in.string();
                    }
                    yield a;
                }
                case INT_ARRAY -> {
                    int[] a = new int[in.count(1 << 20, 4)];
                    for (int i = 0; i < a.length; i++) {
                        a[i] = in.i32();
                    }
                    yield a;
                }
                case UNSET -> UNSET_VALUE;
                default -> throw new ProtocolException("unknown value tag " + tag);
            };
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad number in a value: " + e.getMessage());
        }
    }

    private static <T> T notNull(T v) throws ProtocolException {
        if (v == null) {
            throw new ProtocolException("null inside a non-null value");
        }
        return v;
    }
}
