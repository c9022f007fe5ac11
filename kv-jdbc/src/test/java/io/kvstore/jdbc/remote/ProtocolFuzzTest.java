package io.kvstore.jdbc.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.jdbc.remote.protocol.Op;
import io.kvstore.jdbc.remote.protocol.Protocol;
import io.kvstore.jdbc.remote.protocol.WireOut;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes against the listener: random and mutated frames, truncated frames, huge declared lengths, before
 * and after the handshake. Each connection must end cleanly (an 08P01 error frame and/or close, never a hang or a
 * large allocation), and the server must go on serving well-behaved clients.
 */
class ProtocolFuzzTest {
    private static byte[] hello(String password) {
        WireOut o = new WireOut(64).reset(Op.HELLO).i32(Protocol.MAGIC).u16(Protocol.VERSION).string(password)
                .i32(0).finish();
        return java.util.Arrays.copyOf(o.array(), o.size());
    }

    /** Sends {@code bytes}, half-closes, and reads until the server closes; returns the bytes it sent back. */
    private static byte[] exchange(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                s.shutdownOutput();
            } catch (IOException closedEarly) {
                // the server may close as soon as it sees a bad header
            }
            InputStream in = s.getInputStream();
            try {
                return in.readAllBytes();
            } catch (java.net.SocketException reset) {
                return new byte[0];
            }
        }
    }

    @Test
    void randomAndMutatedFrames_connectionEndsCleanly_serverKeepsServing() throws Exception {
        Random rnd = new Random(42);
        try (RemoteFixture fx = new RemoteFixture(null)) {
            int port = fx.listener.port();
            byte[] hello = hello(null);
            for (int i = 0; i < 300; i++) {
                byte[] payload;
                switch (i % 6) {
                    case 0 -> { // pure noise
                        payload = new byte[rnd.nextInt(200)];
                        rnd.nextBytes(payload);
                    }
                    case 1 -> { // huge declared length, few bytes
                        payload = new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
                    }
                    case 2 -> { // truncated hello
                        payload = java.util.Arrays.copyOf(hello, rnd.nextInt(hello.length));
                    }
                    case 3 -> { // hello with one byte flipped
                        payload = hello.clone();
                        payload[4 + rnd.nextInt(payload.length - 4)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                    default -> { // valid hello then a random, possibly lying, request
                        byte[] body = new byte[1 + rnd.nextInt(60)];
                        rnd.nextBytes(body);
                        body[0] = new byte[] {Op.PREPARE, Op.EXECUTE, Op.FETCH, Op.CALL, Op.BATCH, Op.EXECUTE_SQL,
                            Op.DESCRIBE, 0x55}[rnd.nextInt(8)];
                        int len = i % 6 == 5 ? (Protocol.MAX_FRAME + 1) : body.length;
                        byte[] frame = new byte[4 + body.length];
                        frame[0] = (byte) (len >>> 24);
                        frame[1] = (byte) (len >>> 16);
                        frame[2] = (byte) (len >>> 8);
                        frame[3] = (byte) len;
                        System.arraycopy(body, 0, frame, 4, body.length);
                        payload = new byte[hello.length + frame.length];
                        System.arraycopy(hello, 0, payload, 0, hello.length);
                        System.arraycopy(frame, 0, payload, hello.length, frame.length);
                    }
                }
                exchange(port, payload); // must return (the server closes), whatever it answered
            }
            // a huge declared length after the handshake is answered with 08P01 before the close
            byte[] lie = new byte[hello.length + 5];
            System.arraycopy(hello, 0, lie, 0, hello.length);
            lie[hello.length] = (byte) 0x7f;
            lie[hello.length + 1] = (byte) 0xff;
            byte[] answer = exchange(port, lie);
            DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(answer));
            int readyLen = d.readInt();
            d.skipBytes(readyLen);
            int errLen = d.readInt();
            assertEquals(Op.ERROR, d.readByte());
            byte[] rest = new byte[errLen - 1];
            d.readFully(rest);
            assertTrue(new String(rest, java.nio.charset.StandardCharsets.UTF_8).contains("08P01"));
            try (Connection c = fx.remote(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM kv")) {
                assertTrue(rs.next());
            }
            assertTrue(fx.listener.host().sessionCount() <= 1);
        }
    }
}
