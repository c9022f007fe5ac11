package io.kvstore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalBatchTest {

    static void assertOpsEqual(List<WalOp> expected, List<WalOp> actual) {
        assertEquals(expected.size(), actual.size(), "op count");
        for (int i = 0; i < expected.size(); i++) {
            WalOp e = expected.get(i);
            WalOp a = actual.get(i);
            assertEquals(e.kind(), a.kind(), "kind of op " + i);
            assertArrayEquals(e.key(), a.key(), "key of op " + i);
            if (e.kind() == WalOp.PUT) {
                assertArrayEquals(e.value(), a.value(), "value of op " + i);
                assertEquals(e.createdMillis(), a.createdMillis(), "createdMillis of op " + i);
                assertEquals(e.updatedMillis(), a.updatedMillis(), "updatedMillis of op " + i);
            } else {
                assertNull(a.value(), "value of op " + i);
            }
        }
    }

    private static List<WalOp> roundTrip(List<WalOp> ops) {
        WalBatch b = WalBatch.decode(42, WalBatch.encodePayload(ops));
        assertEquals(42, b.lsn());
        assertOpsEqual(ops, b.ops());
        return b.ops();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encodeDecode_mixedOps_roundTrips() {
        roundTrip(List.of(
                WalOp.put(utf8("a"), utf8("1"), 1_700_000_000_000L, 1_700_000_000_000L),
                WalOp.put(utf8("b"), utf8("two"), 1_700_000_000_000L, 1_700_000_000_123L),
                WalOp.delete(utf8("c")),
                WalOp.evict(utf8("d")),
                WalOp.put(utf8("e"), new byte[0], 5, 5)));
    }

    @Test
    void encodeDecode_emptyBatch_roundTrips() {
        assertEquals(0, roundTrip(List.of()).size());
    }

    @Test
    void encodeDecode_emptyValueAndEmptyKey_roundTrips() {
        roundTrip(List.of(WalOp.put(new byte[0], new byte[0], 0, 0), WalOp.delete(new byte[0])));
    }

    @Test
    void encodeDecode_64KiBKeyAndLargeValue_roundTrips() {
        Random r = new Random(1);
        byte[] key = new byte[64 << 10];
        byte[] value = new byte[8 << 20];
        r.nextBytes(key);
        r.nextBytes(value);
        roundTrip(List.of(WalOp.put(key, value, 1, 2), WalOp.delete(key)));
    }

    @Test
    void encodeDecode_updatedBeforeCreatedAndNegativeTimes_roundTrips() {
        roundTrip(List.of(
                WalOp.put(utf8("k"), utf8("v"), 1_000_000, 10),
                WalOp.put(utf8("k"), utf8("v"), -5, Long.MIN_VALUE / 4),
                WalOp.put(utf8("k"), utf8("v"), Long.MAX_VALUE / 2, Long.MAX_VALUE / 2)));
    }

    @Test
    void encodePayload_onePut_isTheDocumentedLayout() {
        byte[] payload = WalBatch.encodePayload(List.of(WalOp.put(utf8("a"), utf8("1"), 1_700_000_000_000L,
                1_700_000_000_000L)));
        byte[] expected = {0, 1, 1, 1, 'a', (byte) 0x80, (byte) 0xd0, (byte) 0x95, (byte) 0xff, (byte) 0xbc, 0x31, 0, 1,
                '1'};
        assertArrayEquals(expected, payload);
    }

    @Test
    void encodePayload_putWithoutValue_throws() {
        assertThrows(IllegalArgumentException.class,
                () -> WalBatch.encodePayload(List.of(new WalOp(WalOp.PUT, utf8("k"), null, 0, 0))));
    }

    @Test
    void encodePayload_unknownKind_throws() {
        assertThrows(IllegalArgumentException.class,
                () -> WalBatch.encodePayload(List.of(new WalOp((byte) 9, utf8("k"), null, 0, 0))));
    }

    @Test
    void decode_unknownFlags_throwsNamingTheFlags() {
        byte[] p = WalBatch.encodePayload(List.of(WalOp.delete(utf8("k"))));
        p[0] = 4;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WalBatch.decode(1, p));
        assertTrue(e.getMessage().contains("0x4"), e.getMessage());
    }

    @Test
    void encodePayload_compressedPut_roundTripsWithEncodingByte() {
        byte[] packed = io.kvstore.engine.codec.ValueCompression.of("lz4", 16)
                .compressOrNull("abcabcabcabcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.UTF_8));
        WalOp put = new WalOp(WalOp.PUT, utf8("k"), packed, 10, 20, 0, true);
        byte[] p = WalBatch.encodePayload(List.of(put, WalOp.put(utf8("p"), utf8("plain"), 10, 20)));
        assertEquals(WalBatch.FLAG_ENCODING, p[0]);
        WalBatch b = WalBatch.decode(1, p);
        assertTrue(b.ops().get(0).compressed());
        assertArrayEquals(packed, b.ops().get(0).value());
        assertFalse(b.ops().get(1).compressed());
        assertArrayEquals(utf8("plain"), b.ops().get(1).value());
    }

    @Test
    void decode_unknownEncodingByte_throws() {
        byte[] p = WalBatch.encodePayload(List.of(new WalOp(WalOp.PUT, utf8("k"), new byte[] {1, 3, 0x30}, 10, 20, 0,
                true)));
        int enc = p.length - 1 - 1 - 3; // encoding byte sits before the value length (1 byte) and the value (3)
        assertEquals(1, p[enc]);
        p[enc] = 7;
        assertThrows(IllegalArgumentException.class, () -> WalBatch.decode(1, p));
    }

    @Test
    void decode_everyTruncation_throws() {
        byte[] p = WalBatch.encodePayload(List.of(WalOp.put(utf8("key"), utf8("value"), 10, 20),
                WalOp.delete(utf8("gone"))));
        for (int len = 0; len < p.length; len++) {
            byte[] cut = Arrays.copyOf(p, len);
            assertThrows(IllegalArgumentException.class, () -> WalBatch.decode(1, cut), "cut at " + len);
        }
    }

    @Test
    void decode_trailingBytes_throws() {
        byte[] p = WalBatch.encodePayload(List.of(WalOp.delete(utf8("k"))));
        byte[] longer = Arrays.copyOf(p, p.length + 1);
        assertThrows(IllegalArgumentException.class, () -> WalBatch.decode(1, longer));
    }

    @Test
    void decode_unknownKind_throws() {
        byte[] p = WalBatch.encodePayload(List.of(WalOp.delete(utf8("k"))));
        p[2] = 7;
        assertThrows(IllegalArgumentException.class, () -> WalBatch.decode(1, p));
    }

    @Test
    void decode_hugeOpCount_throwsWithoutAllocating() {
        byte[] p = {0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertThrows(IllegalArgumentException.class, () -> WalBatch.decode(1, p));
    }
}
