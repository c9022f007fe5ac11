package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** Bad input and load: protocol errors, many connections, clients that do not read, maxclients, idle timeout. */
class LimitsIT {
    @TempDir
    Path dir;

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Reads one reply line (up to CRLF). */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                return sb.toString().stripTrailing();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Reads until the server closes the connection; true if it did (EOF or reset) within the socket timeout. */
    private static boolean closedByServer(InputStream in) {
        byte[] buf = new byte[1 << 16];
        try {
            while (in.read(buf) != -1) {
                // drain
            }
            return true;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void protocolError_repliesAndCloses_otherClientsUnaffected() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); Jedis other = new Jedis("127.0.0.1", f.port(), 60_000)) {
            other.set("k", "v");
            try (Socket s = connect(f.port())) {
                OutputStream out = s.getOutputStream();
                out.write("*1\r\n$4\r\nPING\r\n*x\r\n*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                assertEquals("+PONG", line(in));
                assertEquals("-ERR Protocol error: invalid multibulk length", line(in));
                assertEquals(null, line(in));
            }
            try (Socket s = connect(f.port())) {
                s.getOutputStream().write("*1\r\n$99999999999\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("-ERR Protocol error: invalid bulk length", line(s.getInputStream()));
            }
            assertEquals("v", other.get("k"));
            assertTrue(other.info("stats").contains("total_error_replies_protocol:2"));
        }
    }

    @Test
    void inlineCommands_work() throws Exception {
        try (ServerFixture f = new ServerFixture(dir); Socket s = connect(f.port())) {
            s.getOutputStream().write("SET greeting \"hello world\"\r\nGET greeting\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals("+OK", line(in));
            assertEquals("$11", line(in));
            assertEquals("hello world", line(in));
        }
    }

    @Test
    void thousandConcurrentConnections_allServed() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    sockets.add(connect(f.port()));
                }
                for (int i = 0; i < sockets.size(); i++) {
                    String k = "c" + i;
                    sockets.get(i).getOutputStream().write(("*3\r\n$3\r\nSET\r\n$" + k.length() + "\r\n" + k + "\r\n$1\r\nx\r\n"
                            + "*2\r\n$4\r\nINCR\r\n$5\r\ntotal\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                for (Socket s : sockets) {
                    InputStream in = s.getInputStream();
                    assertEquals("+OK", line(in));
                    assertTrue(line(in).startsWith(":"));
                }
                try (Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
                    assertEquals("1000", j.get("total"));
                    assertEquals(1001, j.dbSize());
                    assertTrue(j.info("clients").contains("connected_clients:1001"));
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void maxclients_refusesTheNextClient() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "maxclients", "2"); Socket a = connect(f.port()); Socket b = connect(f.port())) {
            a.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+PONG", line(a.getInputStream()));
            b.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+PONG", line(b.getInputStream()));
            try (Socket c = connect(f.port())) {
                assertEquals("-ERR max number of clients reached", line(c.getInputStream()));
                assertEquals(null, line(c.getInputStream()));
            }
        }
    }

    /** A client that pipelines GETs of a large value and never reads is disconnected at the hard limit. */
    @Test
    void clientThatNeverReads_isDisconnectedAtHardLimit() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "client-output-buffer-limit", "normal 8mb 0 0");
             Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            j.set("big".getBytes(), new byte[1 << 20]);
            try (Socket s = connect(f.port())) {
                s.setReceiveBufferSize(4096);
                OutputStream out = s.getOutputStream();
                byte[] get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 2000; i++) {
                        out.write(get);
                    }
                    out.flush();
                } catch (IOException closedMeanwhile) {
                    // the server may close before all requests are written
                }
                assertTrue(closedByServer(s.getInputStream()));
            }
            assertEquals("PONG", j.ping());
            assertTrue(j.info("stats").contains("client_output_buffer_limit_disconnections:1"));
        }
    }

    /** A client that stops reading while its replies exceed the socket buffers is disconnected after the soft seconds. */
    @Test
    void clientThatStallsBelowHardLimit_isDisconnectedAfterSoftSeconds() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "client-output-buffer-limit", "normal 256mb 1mb 1");
             Jedis j = new Jedis("127.0.0.1", f.port(), 60_000)) {
            j.set("big".getBytes(), new byte[1 << 20]);
            try (Socket s = connect(f.port())) {
                s.setReceiveBufferSize(4096);
                OutputStream out = s.getOutputStream();
                byte[] get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 40; i++) {
                    out.write(get);
                }
                out.flush();
                Thread.sleep(3000);
                assertTrue(closedByServer(s.getInputStream()));
            }
            assertTrue(j.info("stats").contains("client_output_buffer_limit_disconnections:1"));
        }
    }

    @Test
    void idleTimeout_closesIdleClients() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "timeout", "1"); Socket s = connect(f.port())) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+PONG", line(s.getInputStream()));
            assertEquals(null, line(s.getInputStream()));
        }
    }

    @Test
    void tooLargeValue_isRefusedByTheDecoder() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, "proto-max-bulk-len", "1mb"); Socket s = connect(f.port())) {
            s.getOutputStream().write(("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + (2 << 20) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("-ERR Protocol error: invalid bulk length", line(s.getInputStream()));
        }
    }
}
