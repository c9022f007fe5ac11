package io.kvstore.server;

import io.kvstore.engine.KvException;
import io.kvstore.server.jdbc.JdbcServer;
import io.kvstore.server.net.RedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * {@code ./kvstore server [path] [--port 6379] [--jdbc-port N] [--bind 127.0.0.1] [--requirepass pw] [--config
 * file] [--<setting> value]...}: serves a store over the Redis protocol until SIGTERM, SIGINT or SHUTDOWN, then closes it cleanly
 * and exits 0. Exit status 2 for bad arguments, 1 if the store cannot be opened or the port bound. Logs go to
 * standard error, one line per event: {@code 2026-12-07T01:02:03.456Z INFO  message}.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$-7s %5$s%6$s%n");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        ServerConfig config = new ServerConfig();
        try {
            parse(args, config, out);
        } catch (HelpShown h) {
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("kvstore server: " + e.getMessage());
            err.println("Try './kvstore server --help'.");
            return 2;
        }
        Logger log = Logger.getLogger("io.kvstore.server");
        RedisServer server;
        try {
            server = config.get("peers").isEmpty() ? RedisServer.start(config)
                    : io.kvstore.server.replication.ReplicatedServer.start(config);
        } catch (KvException e) {
            err.println("kvstore server: cannot open the store " + config.dir() + ": " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            // settings that only fail when used (TLS files)
            err.println("kvstore server: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("kvstore server: cannot start: " + e);
            return 1;
        }
        if (config.jdbcPort() >= 0) {
            try {
                // replicated: SQL writes go through the Raft log (the store's commit hook, ReplicatedServer);
                // leader sessions, linearizable reads and follower refusals come from the cluster role
                JdbcServer jdbc = config.get("peers").isEmpty()
                        ? JdbcServer.start(config, server.store(), config.jdbcPort())
                        : JdbcServer.startReplicated(config, server, config.jdbcPort());
                server.addStopHook(jdbc::stop);
            } catch (Exception e) {
                err.println("kvstore server: cannot start the remote JDBC listener on port " + config.jdbcPort() + ": "
                        + e);
                server.stop(-1);
                return 1;
            }
        }
        // SIGTERM and SIGINT stop the server and let main return (exit status 0); a JVM shut down by the signal's
        // default action would exit with 143 or 130. The hook covers any other way the JVM ends.
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                    log.info("received SIG" + signal + ": shutting down");
                    Thread t = new Thread(() -> server.stop(-1), "kv-server-signal");
                    t.start();
                });
            } catch (IllegalArgumentException unavailable) {
                log.fine("cannot handle SIG" + signal + " here: " + unavailable.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(-1), "kv-server-exit"));
        log.info("ready to accept connections on port " + server.port()
                + (server.tlsPort() > 0 ? " and TLS port " + server.tlsPort() : "")
                + " (pid " + ProcessHandle.current().pid() + ")");
        server.awaitStop();
        return 0;
    }

    private static final class HelpShown extends Exception {
    }

    static void parse(String[] args, ServerConfig config, PrintStream out) throws IOException, HelpShown {
        // the configuration file first, so that command-line options override it whatever their order
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--config needs a file");
                }
                config.load(Path.of(args[i + 1]));
            }
            if (args[i].equals("--help") || args[i].equals("-h")) {
                usage(out, config);
                throw new HelpShown();
            }
        }
        boolean pathSeen = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                i++;
            } else if (a.startsWith("--")) {
                String name = a.substring(2);
                if (config.get(name) == null) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                config.set(name, args[++i]);
            } else if (!pathSeen) {
                config.set("dir", a);
                pathSeen = true;
            } else {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
        }
    }

    private static void usage(PrintStream out, ServerConfig defaults) {
        out.println("""
                usage: ./kvstore server [path] [options]

                Serves the store at path (default ./kvdata, created if missing) over the Redis protocol
                (RESP2, RESP3 after HELLO 3) until SIGTERM, SIGINT or SHUTDOWN; then finishes what is in flight,
                closes the store and exits 0.

                options (each setting of the configuration file can also be given as --name value):
                  --port N                    TCP port (default 6379; 0 picks a free one)
                  --jdbc-port N               also serve SQL to jdbc:kvstore://host:N clients (remote JDBC;
                                              default -1: off; 0 picks a free one). Same bind, requirepass
                                              and protected-mode as the Redis protocol
                  --jdbc-io threads|netty     remote JDBC I/O: a thread per connection (default, lower
                                              latency) or Netty's event loop plus worker threads
                  --tls-port N                also serve the Redis protocol over TLS on this port (default 0: no)
                  --jdbc-tls yes|no           the remote JDBC listener speaks TLS only (clients: ssl=true)
                  --tls-keystore FILE         PKCS#12 key store with the server's key and certificate (TLS)
                  --tls-keystore-password PW  its password
                  --tls-cert-file FILE        or the key as PEM: certificate chain
                  --tls-key-file FILE         and PKCS#8 private key (--tls-key-file-pass if encrypted)
                  --tls-ca-cert-file FILE     PEM CAs that client certificates must chain to
                  --tls-auth-clients no|optional|yes
                                              require client certificates (default no; yes needs the CA file)
                  --bind "ADDR ..."           addresses to listen on (default 127.0.0.1)
                  --requirepass PASSWORD      clients must AUTH first (default: none)
                  --protected-mode yes|no     without a password, refuse non-loopback clients (default yes)
                  --config FILE               redis.conf-style file: one "name value" per line, # comments
                  --appendfsync always|everysec|no
                                              when writes are forced to disk: before each reply (group commit,
                                              default), at most a second later, or never explicitly
                  --maxclients N              most connected clients (default 10000)
                  --timeout SECONDS           close clients idle that long (default 0: never)
                  --maxmemory BYTES           refuse writes (-OOM) once the table uses more (default 0: no limit)
                  --proto-max-bulk-len BYTES  largest value or argument (default 64mb, at most 256mb)
                  --client-query-buffer-limit BYTES       largest request (default 256mb)
                  --client-output-buffer-limit "normal HARD SOFT SECONDS"
                                              close clients that do not read their replies (default
                                              "normal 256mb 64mb 60")
                  --io-threads N              event loop threads (default 1, as Redis)
                  --io-transport auto|io_uring|epoll|nio
                                              the listeners' Netty transport (default auto: io_uring where
                                              available, else epoll, else NIO); INFO shows the one used
                  --io-poll-micros N          under sustained traffic, an event loop polls this long before it
                                              sleeps (default 50; 0: sleeps at once); see docs/server.md
                  --node ID --peers ID=HOST:PORT:RAFTPORT,...
                                              run as node ID of a Raft group (docs/replication.md); without
                                              --peers the server is a single node without Raft
                  --raft-dir DIR              the Raft log and snapshots (default: <path>-raft)
                  --raft-join yes             a new node: wait to be added by CLUSTER ADD on the leader
                  --raft-engine-fsync always|everysec|no
                                              the store's own fsync in a group (default no: the Raft log is the
                                              durable log)
                  --raft-snapshot-entries N   snapshot the store and compact the Raft log every N entries
                                              (default 50000; one entry is one group of writes)
                  --raft-log-segment-size BYTES
                                              Raft log segment size (default 64mb); only whole segments are
                                              dropped after a snapshot
                  --help                      this text

                Commands, and the differences from Redis: docs/server.md.""");
    }
}
