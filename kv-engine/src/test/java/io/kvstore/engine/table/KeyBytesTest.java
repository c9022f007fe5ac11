package io.kvstore.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyBytesTest {

    @Test
    void keyEquals_recordsOfManyShapes_agreesWithDecodedKey() {
        SplittableRandom rnd = new SplittableRandom(17);
        long[] versions = {1, 127, 128, 300, 1L << 20, 1L << 35, Long.MAX_VALUE};
        long[] created = {0, 1, 1_000, 1_732_000_000_000L, 1L << 50};
        long[] deltas = {0, 1, -1, 3_600_000, -86_400_000L};
        for (int keyLen = 0; keyLen <= 40; keyLen++) {
            for (long v : versions) {
                for (long c : created) {
                    for (long d : deltas) {
                        byte[] key = new byte[keyLen];
                        rnd.nextBytes(key);
                        byte[] value = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(40)];
                        rnd.nextBytes(value);
                        byte[] rec = EntryRecord.encode(key, value, v, c, c + d);
                        checkRecord(rec, key);
                    }
                }
            }
        }
    }

    private static void checkRecord(byte[] rec, byte[] key) {
        assertEquals(EntryRecord.decodeKeyOffset(rec), KeyBytes.keyOffset(rec));
        assertTrue(EntryRecord.keyEquals(rec, key));
        assertEquals(EntryRecord.hashKey(key), EntryRecord.keyHash(rec));
        // the same key at an offset inside a larger array
        byte[] padded = new byte[key.length + 7];
        System.arraycopy(key, 0, padded, 3, key.length);
        assertTrue(EntryRecord.keyEquals(rec, padded, 3, key.length));
        for (int i = 0; i < key.length; i++) {
            byte[] other = key.clone();
            other[i] ^= (byte) (1 << (i & 7));
            assertFalse(EntryRecord.keyEquals(rec, other), "differs at " + i);
        }
        if (key.length > 0) {
            assertFalse(EntryRecord.keyEquals(rec, Arrays.copyOf(key, key.length - 1)));
        }
        assertFalse(EntryRecord.keyEquals(rec, Arrays.copyOf(key, key.length + 1)));
    }

    @Test
    void keyEquals_nonCanonicalHeader_stillMatches() {
        byte[] key = "0123456789abcdef".getBytes();
        byte[] value = new byte[30];
        // key length 16 (field 16 << 2 = 64) as 0xC0 0x80 0x00, version 1 as 0x81 0x00, created 0, delta 0
        byte[] header = {(byte) 0xC0, (byte) 0x80, 0x00, (byte) 0x81, 0x00, 0x00, 0x00};
        byte[] rec = new byte[header.length + key.length + value.length];
        System.arraycopy(header, 0, rec, 0, header.length);
        System.arraycopy(key, 0, rec, header.length, key.length);
        assertTrue(EntryRecord.isWellFormed(rec));
        checkRecord(rec, key);
    }

    @Test
    void hash_similarKeys_spreadOverSegmentsSlotsAndFingerprints() {
        int n = 1 << 16;
        int[] segments = new int[HashTable.SEGMENTS];
        int[] slots = new int[256];
        int[] fingerprints = new int[256];
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < n; i++) {
            byte[] k = TestRecords.key(i); // sequential decimal keys: the hard case for weak hashes
            long h = EntryRecord.hashKey(k);
            hashes.add(h);
            segments[HashTable.segmentOf(k)]++;
            slots[(int) h & 255]++;
            fingerprints[HashTable.fingerprint(h) & 0xFF]++;
        }
        assertEquals(n, hashes.size());
        double expected = n / 256.0;
        for (int i = 0; i < 256; i++) {
            assertTrue(Math.abs(segments[i] - expected) < expected * 0.25, "segment " + i + ": " + segments[i]);
            assertTrue(Math.abs(slots[i] - expected) < expected * 0.25, "slot " + i + ": " + slots[i]);
            if (i > 1) {
                assertTrue(Math.abs(fingerprints[i] - expected) < expected * 0.25, "fp " + i);
            }
        }
        assertEquals(0, fingerprints[0]); // 0 marks an empty slot
    }

    @Test
    void hash_shortKeys_allLengthsDistinct() {
        Set<Long> hashes = new HashSet<>();
        hashes.add(EntryRecord.hashKey(new byte[0]));
        for (int len = 1; len <= 12; len++) {
            for (int b = 0; b < 256; b++) {
                byte[] k = new byte[len];
                k[len - 1] = (byte) b;
                assertTrue(hashes.add(EntryRecord.hashKey(k)), "len " + len + " b " + b);
            }
        }
    }

    @Test
    void isAscii_everyLengthAndPositionOfAHighByte_detected() {
        for (int len = 0; len <= 40; len++) {
            byte[] a = new byte[len + 6];
            java.util.Arrays.fill(a, (byte) 'a');
            assertTrue(KeyBytes.isAscii(a, 3, len), "all ASCII, length " + len);
            for (int bad = 0; bad < len; bad++) {
                a[3 + bad] = (byte) 0x80;
                org.junit.jupiter.api.Assertions.assertFalse(KeyBytes.isAscii(a, 3, len), len + "/" + bad);
                a[3 + bad] = (byte) 0xFF;
                org.junit.jupiter.api.Assertions.assertFalse(KeyBytes.isAscii(a, 3, len), len + "/" + bad);
                a[3 + bad] = 'a';
            }
            a[0] = (byte) 0xC3; // outside the range: ignored
            a[a.length - 1] = (byte) 0xA9;
            assertTrue(KeyBytes.isAscii(a, 3, len));
            a[0] = 'a';
            a[a.length - 1] = 'a';
        }
    }
}
