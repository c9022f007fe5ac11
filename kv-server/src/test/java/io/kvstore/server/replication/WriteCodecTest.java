package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kvstore.server.keyspace.Write;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteCodecTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void encode_skipsBarriers_decodeGivesTheWrites() {
        byte[] e = WriteCodec.encode(List.of(new Write(b("k"), b("v"), 1, 1234), Write.barrier(2),
                new Write(b("gone"), null, 3)));
        List<Write> d = WriteCodec.decode(e);
        assertEquals(2, d.size());
        assertArrayEquals(b("k"), d.get(0).key());
        assertArrayEquals(b("v"), d.get(0).value());
        assertEquals(1234, d.get(0).expires());
        assertArrayEquals(b("gone"), d.get(1).key());
        assertNull(d.get(1).value());
    }

    /** The example of docs/format/raft-entry.md. */
    @Test
    void decode_documentedExample() {
        byte[] e = HexFormat.of().parseHex("01" + "00000002"
                + "00" + "00000001" + "61" + "0000000000000000" + "00000002" + "3432"
                + "01" + "00000001" + "62");
        List<Write> d = WriteCodec.decode(e);
        assertArrayEquals(b("a"), d.get(0).key());
        assertArrayEquals(b("42"), d.get(0).value());
        assertEquals(0, d.get(0).expires());
        assertArrayEquals(b("b"), d.get(1).key());
        assertNull(d.get(1).value());
        assertArrayEquals(e, WriteCodec.encode(List.of(new Write(b("a"), b("42"), 7), new Write(b("b"), null, 8))));
    }

    @Test
    void decode_unknownVersionOrTruncated_throws() {
        assertThrows(IllegalArgumentException.class, () -> WriteCodec.decode(new byte[] {2, 0, 0, 0, 0}));
        byte[] e = WriteCodec.encode(List.of(new Write(b("k"), b("v"), 1)));
        assertThrows(IllegalArgumentException.class,
                () -> WriteCodec.decode(java.util.Arrays.copyOf(e, e.length - 1)));
    }
}
