package io.kvstore.server.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        byte[] e = WriteCodec.encode(5, List.of(new Write(b("k"), b("v"), 1, 1234), Write.barrier(2),
                new Write(b("gone"), null, 3)));
        assertEquals(5, WriteCodec.decode(e).term());
        List<Write> d = WriteCodec.decode(e).writes();
        assertEquals(2, d.size());
        assertArrayEquals(b("k"), d.get(0).key());
        assertArrayEquals(b("v"), d.get(0).value());
        assertEquals(1234, d.get(0).expires());
        assertArrayEquals(b("gone"), d.get(1).key());
        assertNull(d.get(1).value());
    }

    /** The example of docs/format/raft-entry.md (version 2). */
    @Test
    void decode_documentedExample() {
        byte[] e = HexFormat.of().parseHex("02" + "0000000000000003" + "00000002"
                + "00" + "00000001" + "61" + "0000000000000000" + "00000002" + "3432"
                + "01" + "00000001" + "62");
        WriteCodec.Entry entry = WriteCodec.decode(e);
        assertEquals(3, entry.term());
        List<Write> d = entry.writes();
        assertArrayEquals(b("a"), d.get(0).key());
        assertArrayEquals(b("42"), d.get(0).value());
        assertEquals(0, d.get(0).expires());
        assertArrayEquals(b("b"), d.get(1).key());
        assertNull(d.get(1).value());
        assertArrayEquals(e, WriteCodec.encode(3, List.of(new Write(b("a"), b("42"), 7), new Write(b("b"), null, 8))));
    }

    /** Version 1 (session 4's logs): no term; still read, and it applies in any term. */
    @Test
    void decode_documentedVersion1Example_appliesInAnyTerm() {
        byte[] e = HexFormat.of().parseHex("01" + "00000002"
                + "00" + "00000001" + "61" + "0000000000000000" + "00000002" + "3432"
                + "01" + "00000001" + "62");
        WriteCodec.Entry entry = WriteCodec.decode(e);
        assertEquals(WriteCodec.NO_TERM, entry.term());
        assertArrayEquals(b("42"), entry.writes().get(0).value());
        assertNull(entry.writes().get(1).value());
        assertTrue(entry.appliesAt(1));
        assertTrue(entry.appliesAt(99));
    }

    @Test
    void appliesAt_otherTermThanEvaluated_false() {
        WriteCodec.Entry entry = WriteCodec.decode(WriteCodec.encode(4, List.of(new Write(b("k"), b("v"), 1))));
        assertTrue(entry.appliesAt(4));
        assertFalse(entry.appliesAt(6));
    }

    @Test
    void decode_unknownVersionOrTruncated_throws() {
        assertThrows(IllegalArgumentException.class, () -> WriteCodec.decode(new byte[] {3, 0, 0, 0, 0}));
        byte[] e = WriteCodec.encode(1, List.of(new Write(b("k"), b("v"), 1)));
        assertThrows(IllegalArgumentException.class,
                () -> WriteCodec.decode(java.util.Arrays.copyOf(e, e.length - 1)));
    }
}
