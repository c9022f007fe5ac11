package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link KvStore#cursor()} ({@code RecordCursor}) and {@link KvTransaction#cursor()} ({@code EntryCursor}). */
class KvCursorTest {

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** Keys and values of many lengths (1- and 2-byte length varints, empty ones, multi-byte UTF-8). */
    private static Map<ByteBuffer, byte[]> fill(KvStore s) {
        Random rnd = new Random(7);
        Map<ByteBuffer, byte[]> expected = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String text = "k" + i + (i % 3 == 0 ? "\u00e9\u4e2d" : "") + "x".repeat(i % 5 == 0 ? 130 + i % 50 : i % 20);
            byte[] key = i == 0 ? new byte[0] : b(text);
            byte[] value = new byte[i % 7 == 0 ? 0 : rnd.nextInt(i % 11 == 0 ? 400 : 120)];
            rnd.nextBytes(value);
            s.put(key, value);
            expected.put(ByteBuffer.wrap(key), value);
        }
        return expected;
    }

    @Test
    void cursor_everyEntry_sameAsIterator() {
        try (KvStore s = KvStore.inMemory()) {
            Map<ByteBuffer, byte[]> expected = fill(s);
            KvCursor c = s.cursor();
            Iterator<KvEntry> it = s.iterator();
            int n = 0;
            assertTrue(c.hasNext());
            while (c.next()) {
                assertTrue(it.hasNext());
                KvEntry e = it.next();
                assertArrayEquals(e.key(), c.key());
                assertEquals(new String(e.key(), UTF_8), c.key(UTF_8));
                assertArrayEquals(e.value(), c.value());
                assertEquals(e.value().length, c.valueLength());
                assertEquals(e.version(), c.version());
                assertArrayEquals(expected.get(ByteBuffer.wrap(c.key())), c.value());
                n++;
                assertEquals(n < expected.size(), c.hasNext());
            }
            assertFalse(it.hasNext());
            assertEquals(expected.size(), n);
            assertFalse(c.next(), "stays past the end");
        }
    }

    @Test
    void cursor_accessors_returnCopies() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            KvCursor c = s.cursor();
            assertTrue(c.next());
            byte[] v = c.value();
            v[0] = 'X';
            byte[] k = c.key();
            k[0] = 'Y';
            assertArrayEquals(b("1"), c.value());
            assertArrayEquals(b("a"), c.key());
            assertNotSame(c.value(), c.value());
            assertArrayEquals(b("1"), s.get(b("a")));
        }
    }

    @Test
    void cursor_noCurrentEntry_throwsIllegalState() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            KvCursor c = s.cursor();
            assertThrows(IllegalStateException.class, c::value);
            assertTrue(c.next());
            assertFalse(c.next());
            assertThrows(IllegalStateException.class, c::key);
            assertThrows(IllegalStateException.class, c::version);
        }
    }

    @Test
    void cursor_closedStore_throwsClosed() {
        KvStore s = KvStore.inMemory();
        s.close();
        assertThrows(KvClosedException.class, s::cursor);
    }

    @Test
    void cursor_entryDeletedAfterReached_keepsItsValue() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            KvCursor c = s.cursor();
            assertTrue(c.next());
            s.delete(b("a"));
            assertArrayEquals(b("1"), c.value());
            assertEquals("a", c.key(UTF_8));
        }
    }

    @Test
    void transactionCursor_ownWritesAndDeletes_overlaid() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            s.put(b("b"), b("2"));
            try (KvTransaction tx = s.begin()) {
                tx.put(b("a"), b("one"));
                tx.delete(b("b"));
                tx.put(b("c"), b("3"));
                Map<String, String> seen = new HashMap<>();
                KvCursor c = tx.cursor();
                assertTrue(c.hasNext());
                while (c.next()) {
                    seen.put(c.key(UTF_8), new String(c.value(), UTF_8));
                    assertEquals(c.value().length, c.valueLength());
                    assertEquals(0, c.version(), "own writes carry version 0");
                }
                assertEquals(Map.of("a", "one", "c", "3"), seen);
                assertFalse(c.hasNext());
            }
        }
    }

    @Test
    void transactionCursor_concurrentCommit_commitConflicts() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            KvTransaction tx = s.begin();
            KvCursor c = tx.cursor();
            while (c.next()) {
                c.value();
            }
            s.put(b("z"), b("9"));
            tx.put(b("b"), b("2"));
            assertThrows(KvConflictException.class, tx::commit);
        }
    }
}
