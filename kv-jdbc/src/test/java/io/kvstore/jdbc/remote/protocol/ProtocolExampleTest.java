package io.kvstore.jdbc.remote.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoded examples of docs/protocol-jdbc.md, and the decoder's behaviour on hostile input. */
class ProtocolExampleTest {
    /** HELLO, no password, one property fastPath=true. */
    static final String HELLO = "00000023 01 4b564a44 0001 ffffffff 00000001 00000008 6661737450617468 00000004 74727565";
    /** EXECUTE of prepared statement 1 as executeQuery, no limits, parameter 1 = 'k1'. */
    static final String EXECUTE = "00000025 11 00000001 01 0000000000000000 00000000 00000000 00000000 00000001 01 00000002 6b31";
    /** ROWS answer: columns as before, one row whose cell is the bytes 'v1', no more rows. */
    static final String ROWS = "0000000c 84 00 01 02 00000002 7631 00 00";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] frame(WireOut o) {
        o.finish();
        return java.util.Arrays.copyOf(o.array(), o.size());
    }

    @Test
    void encode_documentedExamples_sameBytes() {
        assertArrayEquals(hex(HELLO), frame(new WireOut(64).reset(Op.HELLO).i32(Protocol.MAGIC).u16(1).string(null)
                .i32(1).string("fastPath").string("true")));
        WireOut ex = new WireOut(64).reset(Op.EXECUTE).i32(1).u8(Op.KIND_QUERY).i64(0).i32(0).i32(0).i32(0).i32(1);
        Values.write(ex, "k1");
        assertArrayEquals(hex(EXECUTE), frame(ex));
        WireOut rows = new WireOut(64).reset(Op.ROWS).bool(false).u8(1);
        Values.write(rows, "v1".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(hex(ROWS), frame(rows.u8(0).bool(false)));
    }

    @Test
    void decode_documentedRowsExample_fieldByField() throws Exception {
        byte[] body = FrameIO.read(new DataInputStream(new ByteArrayInputStream(hex(ROWS))), Protocol.MAX_FRAME);
        WireIn in = new WireIn(body);
        assertEquals(Op.ROWS, (byte) in.u8());
        assertFalse(in.bool());
        assertEquals(1, in.u8());
        assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), (byte[]) Values.read(in));
        assertEquals(0, in.u8());
        assertFalse(in.bool());
        in.end();
    }

    @Test
    void docs_containTheExamples() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/protocol-jdbc.md").normalize();
        String text = Files.readString(doc);
        for (String ex : new String[] {HELLO, EXECUTE, ROWS}) {
            assertTrue(text.contains(ex), "missing from docs/protocol-jdbc.md: " + ex);
        }
        assertTrue(text.contains("| " + Protocol.VERSION + " |") || text.contains("version " + Protocol.VERSION));
    }

    @Test
    void read_hugeDeclaredLength_failsBeforeAllocating() {
        byte[] lie = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        assertThrows(ProtocolException.class,
                () -> FrameIO.read(new DataInputStream(new ByteArrayInputStream(lie)), Protocol.MAX_FRAME));
        byte[] truncated = {0, 0, 0, 10, 1, 2};
        assertThrows(java.io.EOFException.class,
                () -> FrameIO.read(new DataInputStream(new ByteArrayInputStream(truncated)), Protocol.MAX_FRAME));
    }

    @Test
    void values_randomBytes_onlyProtocolExceptions() {
        Random rnd = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[rnd.nextInt(40)];
            rnd.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) rnd.nextInt(20);
            }
            WireIn in = new WireIn(b);
            try {
                while (in.remaining() > 0) {
                    Values.read(in);
                }
            } catch (ProtocolException expected) {
                // the only failure allowed
            }
        }
    }
}
