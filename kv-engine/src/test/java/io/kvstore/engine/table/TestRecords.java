package io.kvstore.engine.table;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers for the table tests. */
final class TestRecords {
    static final long NOW = 1_732_000_000_000L;

    private TestRecords() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] rec(String key, String value) {
        return rec(bytes(key), bytes(value), 1);
    }

    static byte[] rec(byte[] key, byte[] value, long version) {
        return EntryRecord.encode(key, value, version, NOW - 1_000, NOW);
    }

    /** A record whose value is the key followed by the version, so a reader can check it belongs to the key. */
    static byte[] selfDescribing(byte[] key, long version) {
        byte[] value = new byte[key.length + 8];
        System.arraycopy(key, 0, value, 0, key.length);
        for (int i = 0; i < 8; i++) {
            value[key.length + i] = (byte) (version >>> (8 * i));
        }
        return EntryRecord.encode(key, value, version, NOW - version, NOW);
    }

    /** The key "k" + n, zero-padded so that keys have the usual 16 bytes. */
    static byte[] key(int n) {
        byte[] k = new byte[16];
        k[0] = 'k';
        for (int i = 15; i > 0; i--, n /= 10) {
            k[i] = (byte) ('0' + n % 10);
        }
        return k;
    }

    /** {@code count} distinct keys that hash to {@code segment} (and, when {@code capacity > 0}, to home slot {@code slot}). */
    static List<byte[]> keysIn(int segment, int capacity, int slot, int count) {
        List<byte[]> keys = new ArrayList<>();
        for (int n = 0; keys.size() < count; n++) {
            byte[] k = key(n);
            k[0] = 'c';
            if (HashTable.segmentOf(k) == segment && (capacity == 0 || HashTable.homeSlot(k, capacity) == slot)) {
                keys.add(k);
            }
        }
        return keys;
    }
}
