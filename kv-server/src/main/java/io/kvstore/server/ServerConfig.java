package io.kvstore.server;

import io.kvstore.engine.SyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's settings, named as in redis.conf. Built from defaults, then a configuration file ({@code name value}
 * per line, {@code #} comments, as redis.conf), then command-line options ({@code --name value}, as redis-server
 * accepts). The settings {@link #isMutable mutable} at run time ({@code CONFIG SET}) are volatile; the others are
 * fixed once the server starts.
 *
 * <p>Thread-safety: written by one thread at a time (start-up, CONFIG SET under the command lock), read by any.
 */
public final class ServerConfig {
    /** Every setting with its default, in the order CONFIG GET * lists them. */
    private final Map<String, String> values = new LinkedHashMap<>();

    private static final List<String> MUTABLE = List.of("requirepass", "maxclients", "timeout", "protected-mode",
            "client-output-buffer-limit", "slowlog-log-slower-than", "slowlog-max-len", "proto-max-bulk-len",
            "client-query-buffer-limit");

    /** Parsed copies of the settings read on every command or reply; refreshed by {@link #set}. */
    private volatile long slowlogSlowerThan = 10000;
    private volatile long maxMemory;
    private volatile long[] outputLimit = {256L << 20, 64L << 20, 60};

    public ServerConfig() {
        values.put("dir", "kvdata");
        values.put("port", "6379");
        values.put("bind", "127.0.0.1");
        values.put("requirepass", "");
        values.put("protected-mode", "yes");
        values.put("maxclients", "10000");
        values.put("timeout", "0");
        values.put("maxmemory", "0");
        values.put("appendonly", "yes");
        values.put("appendfsync", "always");
        values.put("save", "");
        values.put("databases", "1");
        values.put("proto-max-bulk-len", String.valueOf(64L << 20));
        values.put("client-query-buffer-limit", String.valueOf(256L << 20));
        values.put("client-output-buffer-limit", "normal " + (256L << 20) + " " + (64L << 20) + " 60");
        values.put("slowlog-log-slower-than", "10000");
        values.put("slowlog-max-len", "128");
        values.put("tcp-backlog", "511");
        values.put("io-threads", "1");
        values.put("io-transport", "auto");
        values.put("io-poll-micros", "50");
        values.put("tls-port", "0");
        values.put("tls-cert-file", "");
        values.put("tls-key-file", "");
        values.put("tls-key-file-pass", "");
        values.put("tls-ca-cert-file", "");
        values.put("tls-auth-clients", "no");
        values.put("jdbc-port", "-1");
        values.put("jdbc-io", "threads");
        // replication (docs/replication.md): empty node/peers = one node without Raft
        values.put("node", "");
        values.put("peers", "");
        values.put("raft-dir", "");
        values.put("raft-engine-fsync", "no");
        values.put("raft-snapshot-entries", "50000");
        values.put("raft-join", "no");
        values.put("raft-log-segment-size", String.valueOf(64L << 20));
        values.put("tls-keystore", "");
        values.put("tls-keystore-password", "");
        values.put("jdbc-tls", "no");
    }

    /** Every known setting's name. */
    public List<String> names() {
        return new ArrayList<>(values.keySet());
    }

    public String get(String name) {
        return values.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isMutable(String name) {
        return MUTABLE.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Sets a setting after checking its value.
     *
     * @throws IllegalArgumentException unknown name or invalid value (the message says which)
     */
    public synchronized void set(String name, String value) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!values.containsKey(n)) {
            throw new IllegalArgumentException("unknown setting '" + name + "'");
        }
        String v = value.trim();
        switch (n) {
            case "port" -> checkRange(n, v, 0, 65535);
            case "tls-port" -> checkRange(n, v, -1, 65535);
            case "tls-auth-clients" -> {
                v = v.toLowerCase(Locale.ROOT);
                if (!v.equals("yes") && !v.equals("no") && !v.equals("optional")) {
                    throw new IllegalArgumentException("argument must be 'yes', 'no' or 'optional' for '" + n + "'");
                }
            }
            case "jdbc-port" -> checkRange(n, v, -1, 65535);
            case "jdbc-tls" -> {
                v = v.toLowerCase(Locale.ROOT);
                if (!v.equals("yes") && !v.equals("no")) {
                    throw new IllegalArgumentException("jdbc-tls must be yes or no");
                }
            }
            case "jdbc-io" -> {
                v = v.toLowerCase(Locale.ROOT);
                if (!v.equals("threads") && !v.equals("netty")) {
                    throw new IllegalArgumentException("jdbc-io must be threads or netty");
                }
            }
            case "maxclients" -> checkRange(n, v, 1, 1_000_000);
            case "timeout", "slowlog-max-len", "tcp-backlog" -> checkRange(n, v, 0, Integer.MAX_VALUE);
            case "raft-snapshot-entries" -> checkRange(n, v, 1, Integer.MAX_VALUE);
            case "io-threads" -> checkRange(n, v, 1, 128);
            case "io-poll-micros" -> checkRange(n, v, 0, 10_000);
            case "io-transport" -> v = io.kvstore.server.net.IoTransport.checkSetting(v);
            case "slowlog-log-slower-than" -> checkRange(n, v, -1, Long.MAX_VALUE);
            case "databases" -> checkRange(n, v, 1, 1);
            case "maxmemory" -> v = String.valueOf(parseMemory(n, v));
            case "raft-log-segment-size" -> {
                long b = parseMemory(n, v);
                if (b < (64 << 10)) {
                    throw new IllegalArgumentException("raft-log-segment-size must be at least 64kb");
                }
                v = String.valueOf(b);
            }
            case "proto-max-bulk-len" -> {
                long b = parseMemory(n, v);
                if (b < 1024 || b > (256L << 20)) {
                    throw new IllegalArgumentException("proto-max-bulk-len must be between 1kb and 256mb");
                }
                v = String.valueOf(b);
            }
            case "client-query-buffer-limit" -> {
                long b = parseMemory(n, v);
                if (b < (1 << 20)) {
                    throw new IllegalArgumentException("client-query-buffer-limit must be at least 1mb");
                }
                v = String.valueOf(b);
            }
            case "protected-mode", "appendonly", "raft-join" -> {
                v = v.toLowerCase(Locale.ROOT);
                if (!v.equals("yes") && !v.equals("no")) {
                    throw new IllegalArgumentException(n + " must be yes or no");
                }
                if (n.equals("appendonly") && v.equals("no")) {
                    throw new IllegalArgumentException("appendonly is always yes: every write goes to the store's log");
                }
            }
            case "appendfsync", "raft-engine-fsync" -> syncPolicyOf(v);
            case "client-output-buffer-limit" -> v = parseOutputLimit(v);
            case "save" -> {
                if (!v.isEmpty() && !v.equals("\"\"")) {
                    throw new IllegalArgumentException("save: snapshots follow the log size (see docs/server.md); only save \"\" is accepted");
                }
                v = "";
            }
            default -> {
            }
        }
        values.put(n, v);
        switch (n) {
            case "slowlog-log-slower-than" -> slowlogSlowerThan = Long.parseLong(v);
            case "maxmemory" -> maxMemory = Long.parseLong(v);
            case "client-output-buffer-limit" -> {
                String[] p = v.split("\\s+");
                outputLimit = new long[] {Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3])};
            }
            default -> {
            }
        }
    }

    /** Reads a redis.conf-style file: {@code name value...} per line; {@code include} is not supported. */
    public void load(Path file) throws IOException {
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            int sp = t.indexOf(' ');
            String name = sp < 0 ? t : t.substring(0, sp);
            String value = sp < 0 ? "" : unquote(t.substring(sp + 1).strip());
            try {
                set(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    // ---- typed views ----

    public Path dir() {
        return Path.of(get("dir"));
    }

    public int port() {
        return Integer.parseInt(get("port"));
    }

    /** The remote JDBC port: -1 for none (the default), 0 for a free one. */
    public int jdbcPort() {
        return Integer.parseInt(get("jdbc-port"));
    }

    /** Whether the remote JDBC listener speaks TLS only. */
    public boolean jdbcTls() {
        return get("jdbc-tls").equals("yes");
    }

    /**
     * The server's TLS context for the JDBC listener ({@link io.kvstore.server.tls.TlsContexts#build}), or null when
     * neither listener uses TLS.
     *
     * @throws IllegalArgumentException TLS is asked for without a key, or the key cannot be used
     */
    public javax.net.ssl.SSLContext tlsContext() {
        if (tlsPort() == 0 && !jdbcTls()) {
            return null;
        }
        return ((io.netty.handler.ssl.JdkSslContext) io.kvstore.server.tls.TlsContexts.build(this)).context();
    }

    /** How the remote JDBC listener does I/O: {@code threads} (a thread per connection) or {@code netty}. */
    public String jdbcIo() {
        return get("jdbc-io");
    }

    public List<String> bind() {
        return List.of(get("bind").trim().split("\\s+"));
    }

    /** The password, or null when none is set. */
    public String requirePass() {
        String p = get("requirepass");
        return p == null || p.isEmpty() ? null : p;
    }

    public boolean protectedMode() {
        return get("protected-mode").equals("yes");
    }

    public int maxClients() {
        return Integer.parseInt(get("maxclients"));
    }

    /** Idle timeout in seconds, 0 for none. */
    public int timeoutSeconds() {
        return Integer.parseInt(get("timeout"));
    }

    public long maxMemory() {
        return maxMemory;
    }

    public SyncPolicy syncPolicy() {
        return syncPolicyOf(get("appendfsync"));
    }

    public int maxBulkLength() {
        return (int) Long.parseLong(get("proto-max-bulk-len"));
    }

    public long queryBufferLimit() {
        return Long.parseLong(get("client-query-buffer-limit"));
    }

    /** [hard bytes, soft bytes, soft seconds] of the output buffer limit (0 disables a part). */
    public long[] outputBufferLimit() {
        return outputLimit.clone();
    }

    /** The hard output limit in bytes (0: none), without copying. */
    public long outputHardLimit() {
        return outputLimit[0];
    }

    public long slowlogSlowerThanMicros() {
        return slowlogSlowerThan;
    }

    public int slowlogMaxLen() {
        return Integer.parseInt(get("slowlog-max-len"));
    }

    /**
     * The TLS listener's port: 0 (the default) for none, -1 for a free port picked at start (tests), else the port.
     */
    public int tlsPort() {
        return Integer.parseInt(get("tls-port"));
    }

    public int tcpBacklog() {
        return Integer.parseInt(get("tcp-backlog"));
    }

    public int ioThreads() {
        return Integer.parseInt(get("io-threads"));
    }

    /**
     * How long an event loop of the Redis listener polls for I/O before it blocks, under sustained traffic
     * ({@link io.kvstore.server.net.PollingIoHandler}), in microseconds; 0 never polls.
     */
    public long ioPollMicros() {
        return Long.parseLong(get("io-poll-micros"));
    }

    /**
     * The listeners' transport as set: {@code auto} (the default), {@code io_uring}, {@code epoll} or {@code nio};
     * {@link io.kvstore.server.net.IoTransport#resolve} makes it the one used.
     */
    public String ioTransport() {
        return get("io-transport");
    }

    static SyncPolicy syncPolicyOf(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "always" -> SyncPolicy.ALWAYS;
            case "everysec" -> SyncPolicy.INTERVAL;
            case "no" -> SyncPolicy.NONE;
            default -> throw new IllegalArgumentException("appendfsync must be always, everysec or no: " + v);
        };
    }

    private static void checkRange(String n, String v, long min, long max) {
        long x;
        try {
            x = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(n + " must be an integer: " + v);
        }
        if (x < min || x > max) {
            throw new IllegalArgumentException(n + " must be between " + min + " and " + max + ": " + v);
        }
    }

    /** Bytes from "100", "1kb", "64mb", "1gb", "1k", "1m", "1g" (k = 1000, kb = 1024, as redis.conf). */
    static long parseMemory(String n, String v) {
        String s = v.toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
            {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        try {
            long x = Long.parseLong(s);
            if (x < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(x, mul);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(n + " must be a size such as 100mb: " + v);
        }
    }

    private static String parseOutputLimit(String v) {
        String[] p = v.trim().split("\\s+");
        if (p.length != 4 || !p[0].equalsIgnoreCase("normal")) {
            throw new IllegalArgumentException(
                    "client-output-buffer-limit must be 'normal <hard> <soft> <soft seconds>' (only the normal class exists)");
        }
        long hard = parseMemory("client-output-buffer-limit", p[1]);
        long soft = parseMemory("client-output-buffer-limit", p[2]);
        checkRange("client-output-buffer-limit", p[3], 0, Integer.MAX_VALUE);
        return "normal " + hard + " " + soft + " " + Long.parseLong(p[3]);
    }
}
