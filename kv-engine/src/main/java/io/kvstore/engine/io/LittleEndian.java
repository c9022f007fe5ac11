package io.kvstore.engine.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian fixed-width integers in byte arrays, as every kvstore file format uses. Stateless, thread-safe. */
public final class LittleEndian {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    public static int getU16(byte[] b, int pos) {
        return Short.toUnsignedInt((short) SHORT.get(b, pos));
    }

    public static void putU16(byte[] b, int pos, int v) {
        SHORT.set(b, pos, (short) v);
    }

    /** The u32 at {@code pos}, as a non-negative long. */
    public static long getU32(byte[] b, int pos) {
        return Integer.toUnsignedLong((int) INT.get(b, pos));
    }

    public static void putU32(byte[] b, int pos, long v) {
        INT.set(b, pos, (int) v);
    }

    public static long getU64(byte[] b, int pos) {
        return (long) LONG.get(b, pos);
    }

    public static void putU64(byte[] b, int pos, long v) {
        LONG.set(b, pos, v);
    }
}
