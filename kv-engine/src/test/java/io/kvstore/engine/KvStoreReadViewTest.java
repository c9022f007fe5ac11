package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reads without copies: {@code get(key, reader)} and {@code getView(key)}. */
class KvStoreReadViewTest {
    private static final KvValueReader<byte[]> COPY = (b, off, len) -> Arrays.copyOfRange(b, off, off + len);
    private static final KvValueReader<Object> NEVER = (b, off, len) -> {
        throw new AssertionError("reader called for an absent key");
    };

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static byte[] bytes(ByteBuffer view) {
        byte[] out = new byte[view.remaining()];
        view.duplicate().get(out);
        return out;
    }

    @Test
    void getWithReader_presentKey_readsExactlyTheValue() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("key"), b("value"));
            s.put(b("empty"), new byte[0]);
            assertArrayEquals(b("value"), s.get(b("key"), COPY));
            assertArrayEquals(new byte[0], s.get(b("empty"), COPY));
            assertEquals(Integer.valueOf(5), s.get(b("key"), (bytes, off, len) -> Integer.valueOf(len)));
        }
    }

    @Test
    void getWithReader_absentKey_returnsNullWithoutCallingReader() {
        try (KvStore s = KvStore.inMemory()) {
            assertNull(s.get(b("missing"), NEVER));
            s.put(b("k"), b("v"));
            s.delete(b("k"));
            assertNull(s.get(b("k"), NEVER));
        }
    }

    @Test
    void getWithReader_readerThrows_exceptionPropagatesUnchanged() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("k"), b("v"));
            IllegalStateException e = new IllegalStateException("boom");
            assertSame(e, assertThrows(IllegalStateException.class, () -> s.get(b("k"), (x, o, l) -> {
                throw e;
            })));
        }
    }

    @Test
    void getWithReader_badArguments_throwLikeGet() {
        KvStore s = KvStore.inMemory();
        assertThrows(NullPointerException.class, () -> s.get(null, COPY));
        assertThrows(NullPointerException.class, () -> s.get(b("k"), (KvValueReader<Object>) null));
        s.close();
        assertThrows(KvClosedException.class, () -> s.get(b("k"), COPY));
        assertThrows(KvClosedException.class, () -> s.getView(b("k")));
    }

    @Test
    void getView_laterWriteOfKey_viewKeepsTheValueItWasTakenFrom() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("k"), b("first"));
            ByteBuffer view = s.getView(b("k"));
            s.put(b("k"), b("second value"));
            assertTrue(view.isReadOnly());
            assertEquals(0, view.position());
            assertArrayEquals(b("first"), bytes(view));
            assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
            assertArrayEquals(b("second value"), bytes(s.getView(b("k"))));
            assertNull(s.getView(b("absent")));
        }
    }

    @Test
    void transactionGetWithReader_ownWritesFirstAndReadValidatedAtCommit() {
        try (KvStore s = KvStore.inMemory()) {
            s.put(b("a"), b("1"));
            s.put(b("gone"), b("x"));
            KvTransaction t = s.begin();
            t.put(b("b"), b("own"));
            t.delete(b("gone"));
            assertArrayEquals(b("own"), t.get(b("b"), COPY));
            assertNull(t.get(b("gone"), NEVER));
            assertNull(t.get(b("never"), NEVER));
            assertArrayEquals(b("1"), t.get(b("a"), COPY));
            s.put(b("a"), b("changed by another writer"));
            assertThrows(KvConflictException.class, t::commit);
        }
    }
}
