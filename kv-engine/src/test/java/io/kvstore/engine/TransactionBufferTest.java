package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.commit.WriteRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransactionBufferTest {

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** Finds or adds {@code key} (version = its length) and returns the entry. */
    private static int touch(TransactionBuffer buf, String key) {
        byte[] k = b(key);
        long h = TransactionBuffer.hash(k);
        int e = buf.find(k, h);
        return e >= 0 ? e : buf.add(e, k, h, k.length);
    }

    private static List<String> writtenKeys(TransactionBuffer buf) {
        List<String> out = new ArrayList<>();
        for (int e : buf.writeOrder()) {
            out.add(new String(buf.key(e), UTF_8));
        }
        return out;
    }

    @Test
    void find_afterAdd_returnsSameEntryForEqualKey() {
        TransactionBuffer buf = new TransactionBuffer();
        int a = touch(buf, "a");
        int bb = touch(buf, "b");
        assertEquals(a, touch(buf, "a"));
        assertEquals(bb, buf.find(b("b"), TransactionBuffer.hash(b("b"))));
        assertTrue(buf.find(b("c"), TransactionBuffer.hash(b("c"))) < 0);
    }

    @Test
    void find_manyKeys_growsAndFindsEveryOne() {
        TransactionBuffer buf = new TransactionBuffer();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, touch(buf, "key" + i));
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, touch(buf, "key" + i));
        }
    }

    @Test
    void writeOrder_insertsInEntryOrder_isEntryOrder() {
        TransactionBuffer buf = new TransactionBuffer();
        touch(buf, "r"); // only read
        buf.write(touch(buf, "a"), b("1"));
        buf.write(touch(buf, "b"), b("2"));
        assertEquals(List.of("a", "b"), writtenKeys(buf));
        assertEquals(2, buf.writeCount());
    }

    @Test
    void writeOrder_keyWrittenAgain_movesToEnd() {
        TransactionBuffer buf = new TransactionBuffer();
        int a = touch(buf, "a");
        buf.write(a, b("1"));
        buf.write(touch(buf, "b"), b("2"));
        buf.write(a, b("3"));
        buf.write(touch(buf, "c"), b("4"));
        assertEquals(List.of("b", "a", "c"), writtenKeys(buf));
        assertEquals(3, buf.writeCount());
        assertArrayEquals(b("3"), buf.value(a));
    }

    @Test
    void writeOrder_readEarlierWrittenLater_followsWriteTime() {
        TransactionBuffer buf = new TransactionBuffer();
        int a = touch(buf, "a"); // read first
        buf.write(touch(buf, "b"), b("2"));
        buf.write(a, b("1"));
        assertEquals(List.of("b", "a"), writtenKeys(buf));
    }

    @Test
    void toRequest_randomOperations_matchLinkedHashMapModel() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            TransactionBuffer buf = new TransactionBuffer();
            Map<String, String> model = new LinkedHashMap<>();
            for (int i = 0; i < 60; i++) {
                String k = "k" + r.nextInt(25);
                int e = touch(buf, k);
                if (r.nextInt(3) > 0) {
                    String v = "v" + i;
                    buf.write(e, b(v));
                    model.remove(k);
                    model.put(k, v);
                }
            }
            assertEquals(new ArrayList<>(model.keySet()), writtenKeys(buf));
            for (int e : buf.writeOrder()) {
                assertEquals(model.get(new String(buf.key(e), UTF_8)), new String(buf.value(e), UTF_8));
            }
        }
    }

    @Test
    void clear_afterWrites_forgetsEverything() {
        TransactionBuffer buf = new TransactionBuffer();
        buf.write(touch(buf, "a"), WriteRequest.DELETE);
        buf.clear();
        assertTrue(buf.isEmpty());
        assertEquals(0, buf.writeCount());
        assertTrue(buf.find(b("a"), TransactionBuffer.hash(b("a"))) < 0);
        int e = touch(buf, "a");
        assertNull(buf.value(e));
        buf.write(e, WriteRequest.DELETE);
        assertSame(WriteRequest.DELETE, buf.value(e));
    }
}
