package io.kvstore.jdbc.remote.server;

import io.kvstore.jdbc.remote.protocol.FrameIO;
import io.kvstore.jdbc.remote.protocol.Protocol;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.kvstore.jdbc.remote.protocol.WireOut;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The remote JDBC protocol over plain blocking sockets, one thread per connection: the listener the driver itself
 * runs for {@code autoServer=true} (the driver jar carries no Netty), and a baseline in the benchmark. Each
 * connection's thread reads a request, runs it ({@link RemoteSession#handle}), writes the answer and reads the
 * next; a client that does not read its answers blocks only its own thread (TCP flow control), and at most one
 * answer per connection is in memory.
 *
 * <p>Thread-safety: {@link #close} from any thread; it closes the listening socket and every connection.
 */
public final class BlockingListener implements AutoCloseable {
    private final RemoteHost host;
    private final ServerSocket server;
    private final int maxClients;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private BlockingListener(RemoteHost host, ServerSocket server, int maxClients) {
        this.host = host;
        this.server = server;
        this.maxClients = maxClients;
        this.acceptor = new Thread(this::acceptLoop, "kvstore-jdbc-listener-" + server.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** Binds {@code address:port} (port 0: any free one) and starts accepting. */
    public static BlockingListener start(RemoteHost host, InetAddress address, int port, int maxClients)
            throws IOException {
        return start(host, address, port, maxClients, javax.net.ServerSocketFactory.getDefault());
    }

    /** As above, with the sockets of {@code factory} (an {@code SSLServerSocketFactory} for TLS). */
    public static BlockingListener start(RemoteHost host, InetAddress address, int port, int maxClients,
                                         javax.net.ServerSocketFactory factory) throws IOException {
        ServerSocket ss = factory.createServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(address, port), 128);
        BlockingListener l = new BlockingListener(host, ss, maxClients);
        l.acceptor.start();
        return l;
    }

    public int port() {
        return server.getLocalPort();
    }

    public RemoteHost host() {
        return host;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    host.log("JDBC listener: accept failed: " + e.getMessage());
                }
                continue;
            }
            if (clients.size() >= maxClients) {
                refuse(s);
                continue;
            }
            clients.add(s);
            Thread t = new Thread(() -> serve(s), "kvstore-jdbc-session-" + s.getPort());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket) {
        RemoteSession session = null;
        try {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            try {
                byte[] first = FrameIO.read(in, Protocol.MAX_HANDSHAKE_FRAME);
                if (first == null) {
                    return;
                }
                RemoteHost.Accepted a = host.accept(first, socket.getInetAddress().isLoopbackAddress());
                if (a == null) {
                    return;
                }
                write(out, a.reply());
                if (a.session() == null) {
                    return;
                }
                session = a.session();
                io.kvstore.jdbc.remote.protocol.ReadSpin spin = io.kvstore.jdbc.remote.protocol.ReadSpin.forSocket(socket);
                while (!session.isClosed()) {
                    byte[] body = FrameIO.read(in, Protocol.MAX_FRAME, spin);
                    if (body == null) {
                        return;
                    }
                    WireOut reply = session.handle(body);
                    if (reply != null) {
                        write(out, reply);
                    }
                }
            } catch (ProtocolException e) {
                write(out, RemoteSession.protocolError(e));
            }
        } catch (SocketException | java.io.EOFException e) {
            // the client went away
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                host.log("JDBC session ended: " + e);
            }
        } finally {
            if (session != null) {
                session.close();
            }
            clients.remove(socket);
            closeQuietly(socket);
        }
    }

    /** Answers a connection over the limit with an error (08004) and closes it, without reading from it. */
    private static void refuse(Socket s) {
        try {
            s.setSoTimeout(1000);
            WireOut o = new WireOut(128);
            io.kvstore.jdbc.remote.protocol.ErrorCodec.write(o, io.kvstore.jdbc.error.KvErrors.create(
                    io.kvstore.jdbc.error.SqlState.CONNECTION_REJECTED, "max number of clients reached"));
            s.getOutputStream().write(o.finish().array(), 0, o.size());
            s.getOutputStream().flush();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        } finally {
            closeQuietly(s);
        }
    }

    private static void write(OutputStream out, WireOut frame) throws IOException {
        out.write(frame.array(), 0, frame.size());
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops accepting, closes every connection and session. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : clients) {
            closeQuietly(s);
        }
        host.closeAll();
    }
}
