package io.kvstore.jdbc;

import io.kvstore.engine.KvOptions;
import io.kvstore.jdbc.error.KvErrors;
import io.kvstore.jdbc.error.SqlState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * A parsed {@code jdbc:kvstore:} URL plus connection properties.
 *
 * <pre>
 *   jdbc:kvstore:/absolute/path[;option=value]...
 *   jdbc:kvstore:relative/path[;option=value]...     (relative to the working directory, user.dir)
 *   jdbc:kvstore:mem:name[;option=value]...          (in memory, shared in the JVM while a connection is open)
 *   jdbc:kvstore://host:port[/][;option=value]...    (a running server's JDBC listener; IPv6 as [::1])
 *   jdbc:kvstore://h1:p1,h2:p2,h3:p3[;option=value]... (a replicated group: the driver finds the leader)
 * </pre>
 *
 * Options ({@link KvOption}) come from the URL and from the properties; a property overrides the same option
 * in the URL. Option names are matched case-insensitively; an empty value means the default. Immutable and
 * thread-safe.
 */
public final class KvUrl {
    static final String PREFIX = "jdbc:kvstore:";
    static final String MEMORY_PREFIX = "mem:";

    private final String url;
    /** Null for an in-memory store. */
    private final Path path;
    /** Null for a file store. */
    private final String memoryName;
    private final Map<KvOption, String> options;
    /** Remote URLs only: the (first) server's host and JDBC port; null and 0 otherwise. */
    private final String host;
    private final int port;
    /** Remote URLs only: every server the URL names, in order (one for a single-host URL); else empty. */
    private final java.util.List<HostPort> hosts;

    /** One server of a remote URL. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private KvUrl(String url, Path path, String memoryName, Map<KvOption, String> options) {
        this(url, path, memoryName, options, java.util.List.of());
    }

    private KvUrl(String url, Path path, String memoryName, Map<KvOption, String> options,
                  java.util.List<HostPort> hosts) {
        this.url = url;
        this.path = path;
        this.memoryName = memoryName;
        this.options = Collections.unmodifiableMap(options);
        this.hosts = java.util.List.copyOf(hosts);
        this.host = hosts.isEmpty() ? null : hosts.get(0).host();
        this.port = hosts.isEmpty() ? 0 : hosts.get(0).port();
    }

    /** Whether {@code url} is for this driver (its syntax may still be wrong). */
    public static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * Parses {@code url} and {@code info} (may be null).
     *
     * @throws SQLException {@link SqlState#CONNECTION_FAILED} for a URL that is not ours or has no location;
     *     {@link SqlState#INVALID_PARAMETER_VALUE} for an unknown option or bad value (the message names it)
     */
    public static KvUrl parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "not a kvstore URL: " + url
                    + " (expected jdbc:kvstore:<path> or jdbc:kvstore:mem:<name>)");
        }
        String rest = url.substring(PREFIX.length());
        int semi = rest.indexOf(';');
        String location = (semi < 0 ? rest : rest.substring(0, semi)).trim();
        Map<KvOption, String> options = new EnumMap<>(KvOption.class);
        if (semi >= 0) {
            for (String part : rest.substring(semi + 1).split(";")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "option without value in URL: '"
                            + part.trim() + "' (expected name=value)");
                }
                put(options, part.substring(0, eq), part.substring(eq + 1));
            }
        }
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                String value = info.getProperty(name);
                if (value != null && value.isBlank() && options.containsKey(KvOption.byKey(name))) {
                    continue; // tools send blank user and password properties: the URL's value stays
                }
                put(options, name, value);
            }
        }
        if (location.isEmpty()) {
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "no store location in URL " + url
                    + " (expected jdbc:kvstore:<path> or jdbc:kvstore:mem:<name>)");
        }
        if (location.startsWith("//")) {
            return remote(url, location.substring(2), options);
        }
        if (location.regionMatches(true, 0, MEMORY_PREFIX, 0, MEMORY_PREFIX.length())) {
            String name = location.substring(MEMORY_PREFIX.length());
            if (name.isEmpty()) {
                throw KvErrors.create(SqlState.CONNECTION_FAILED, "no name for the in-memory store in URL " + url
                        + " (expected jdbc:kvstore:mem:<name>)");
            }
            return new KvUrl(url, null, name, options);
        }
        try {
            return new KvUrl(url, canonical(Path.of(location)), null, options);
        } catch (InvalidPathException e) {
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "bad store path in URL " + url + ": " + e.getMessage(),
                    e);
        }
    }

    private static KvUrl remote(String url, String hostPorts, Map<KvOption, String> options) throws SQLException {
        String all = hostPorts.endsWith("/") ? hostPorts.substring(0, hostPorts.length() - 1) : hostPorts;
        java.util.List<HostPort> hosts = new java.util.ArrayList<>();
        for (String hp : all.split(",", -1)) {
            HostPort h = hostPort(url, hp.trim());
            if (!hosts.contains(h)) {
                hosts.add(h);
            }
        }
        return new KvUrl(url, null, null, options, hosts);
    }

    private static HostPort hostPort(String url, String hp) throws SQLException {
        int colon = hp.lastIndexOf(':');
        String host = colon < 0 ? "" : hp.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(hp.substring(colon + 1));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (host.isEmpty() || host.contains("/") || port < 1 || port > 65535) {
            throw KvErrors.create(SqlState.CONNECTION_FAILED, "bad server address in URL " + url
                    + " (expected jdbc:kvstore://host:port[,host:port]... with ports from 1 to 65535)");
        }
        return new HostPort(host, port);
    }

    private static void put(Map<KvOption, String> options, String name, String value) throws SQLException {
        KvOption o = KvOption.byKey(name);
        if (o == null) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, "unknown option '" + name.trim()
                    + "' (known options: " + knownOptions() + ")");
        }
        if (value == null || value.isBlank()) {
            options.remove(o); // tools send blank properties for options the user left alone: the default applies
            return;
        }
        try {
            options.put(o, o.parse(value));
        } catch (IllegalArgumentException e) {
            throw KvErrors.create(SqlState.INVALID_PARAMETER_VALUE, e.getMessage(), e);
        }
    }

    private static String knownOptions() {
        StringBuilder sb = new StringBuilder();
        for (KvOption o : KvOption.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.key());
        }
        return sb.toString();
    }

    /** Absolute, normalised, with symbolic links resolved as far as the path exists. */
    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            try {
                return abs.toRealPath();
            } catch (IOException e) {
                return abs;
            }
        }
        return abs;
    }

    public String url() {
        return url;
    }

    boolean inMemory() {
        return path == null && host == null;
    }

    /** Whether this URL names a server ({@code jdbc:kvstore://host:port}) rather than a store. */
    public boolean isRemote() {
        return host != null;
    }

    /** The server's host name or address (remote URLs), else null. */
    public String host() {
        return host;
    }

    /** The server's JDBC port (remote URLs), else 0. */
    public int port() {
        return port;
    }

    /**
     * Every server a remote URL names, in order: one for {@code jdbc:kvstore://host:port}, several for a
     * replicated group's {@code jdbc:kvstore://h1:p1,h2:p2,...}; empty for embedded URLs.
     */
    public java.util.List<HostPort> hosts() {
        return hosts;
    }

    /** The options given in the URL or properties (not the defaults), normalised. */
    public Map<KvOption, String> givenOptions() {
        return options;
    }

    /** The store directory, or null in memory or remote. */
    public Path path() {
        return path;
    }

    /** The in-memory store's name, or null. */
    String memoryName() {
        return memoryName;
    }

    /** The key under which the open store is shared in this JVM. */
    public String storeKey() {
        if (host != null) {
            return "//" + hosts.stream().map(HostPort::toString).collect(java.util.stream.Collectors.joining(","));
        }
        return path == null ? MEMORY_PREFIX + memoryName : path.toString();
    }

    /** The value of {@code o}: as given, else its default. */
    public String get(KvOption o) {
        return options.getOrDefault(o, o.defaultValue());
    }

    public boolean getBoolean(KvOption o) {
        return Boolean.parseBoolean(get(o));
    }

    public int getInt(KvOption o) {
        return Integer.parseInt(get(o));
    }

    /** The store options in effect (given or default), for comparing two opens of one store. */
    Map<KvOption, String> storeOptions() {
        Map<KvOption, String> m = new EnumMap<>(KvOption.class);
        for (KvOption o : KvOption.values()) {
            if (o.storeOption()) {
                m.put(o, get(o));
            }
        }
        return m;
    }

    /** The engine options. */
    KvOptions toKvOptions() {
        KvOptions.Builder b = KvOptions.builder();
        for (Map.Entry<KvOption, String> e : storeOptions().entrySet()) {
            e.getKey().apply(b, e.getValue());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return url;
    }
}
