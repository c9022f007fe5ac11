package io.kvstore.jdbc;

import io.kvstore.engine.EvictionPolicy;
import io.kvstore.engine.KvOptions;
import io.kvstore.engine.SyncPolicy;
import java.util.Locale;

/**
 * Every connection option the driver accepts, after {@code ;} in the URL or as a connection property. Store
 * options ({@link #storeOption()}) configure the {@link io.kvstore.engine.KvStore} and must agree between
 * connections that share one open store; the others configure the connection.
 *
 * <p>Immutable and thread-safe. {@link #parse(String)} throws {@link IllegalArgumentException} naming the option
 * and the allowed values; {@link KvUrl} turns that into an SQLException.
 */
public enum KvOption {
    SYNC("sync", "always", true, "When commits are forced to disk: always (before commit returns), "
            + "interval (within syncIntervalMillis), none (left to the OS)", "always", "interval", "none"),
    SYNC_INTERVAL_MILLIS("syncIntervalMillis", "1000", true,
            "With sync=interval: longest delay in ms before a commit is forced to disk (1..60000)"),
    READ_ONLY("readOnly", "false", true, "Open the store read-only (writes fail with 25006)", "true", "false"),
    MEMORY_LIMIT("memoryLimit", "0", true,
            "Memory limit of the table in bytes (suffix k, m or g allowed); 0 means unlimited"),
    EVICTION("eviction", "reject", true,
            "At the memory limit: reject writes (53200) or evict least-recently-used entries", "reject", "lru"),
    MAX_KEY_BYTES("maxKeyBytes", "65536", true, "Largest key in UTF-8 bytes (1..1048576)"),
    MAX_VALUE_BYTES("maxValueBytes", "67108864", true, "Largest value in bytes (0..268435456; suffix k, m allowed)"),
    SALVAGE("salvage", "false", true,
            "On corruption, recover everything before the damage and move damaged files aside", "true", "false"),
    WAL_SEGMENT_BYTES("walSegmentBytes", "67108864", true, "Size at which a log segment is closed (4096..1g)"),
    SNAPSHOT_WAL_BYTES("snapshotWalBytes", "268435456", true,
            "Log bytes since the last snapshot that trigger a snapshot; 0 disables automatic snapshots"),
    COMPRESSION("compression", "none", true,
            "Keep values of 64 bytes or more compressed in memory, the log and snapshots when that saves an eighth:"
            + " none, lz4 or zstd (pure Java), or zstd-dict (zstd with a dictionary trained on the store's values;"
            + " needs zstd-jni's native library); may change on any reopen", "none", "lz4", "zstd", "zstd-dict"),
    FAST_PATH("fastPath", "true", false,
            "Run statements whose plan the driver recognizes (key lookups, scans, count, keyed writes) on the engine instead of Calcite's runtime",
            "true", "false"),
    STATEMENT_CACHE_SIZE("statementCacheSize", "64", false,
            "Planned statements kept per connection for repeated Statement.execute of the same SQL (0..10000)"),
    AUTO_SERVER("autoServer", "false", false,
            "Serve this store to other processes (127.0.0.1, random port and secret in <store>/jdbc-server); "
            + "another process's plain URL of the store then connects through it instead of failing with 55006",
            "true", "false"),
    SSL("ssl", "false", false, "Remote: connect to the server with TLS (its jdbc-tls); the certificate must be "
            + "trusted (the JVM's trust store, or sslTrustStore) and match the host", "true", "false"),
    SSL_TRUST_STORE("sslTrustStore", "", false,
            "Remote with ssl=true: a PKCS#12 (or .jks) trust store with the server's certificate or its CA"),
    SSL_TRUST_STORE_PASSWORD("sslTrustStorePassword", "", false, "Password of sslTrustStore"),
    STALE_READS("staleReads", "false", false, "Remote, replicated group: connect to any member, leader or "
            + "follower (the first that answers), and read its own state (stale on a follower, as RESP READONLY; "
            + "writes on a follower fail with 25006); false: connect to the leader only", "true", "false"),
    CONNECT_TIMEOUT("connectTimeout", "10", false, "Remote: seconds to look for a server that accepts the "
            + "connection (the leader of a replicated group), trying the URL's hosts in turn (1..3600)"),
    USER("user", "", false, "Accepted and ignored (the store has no users; a server has only a password)"),
    PASSWORD("password", "", false, "The server's password (requirepass) for jdbc:kvstore://host:port; "
            + "ignored by embedded connections");

    private final String key;
    private final String defaultValue;
    private final boolean storeOption;
    private final String description;
    private final String[] choices;

    KvOption(String key, String defaultValue, boolean storeOption, String description, String... choices) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.storeOption = storeOption;
        this.description = description;
        this.choices = choices.length == 0 ? null : choices;
    }

    /** The option's name in URLs and properties (matched case-insensitively). */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The allowed values, or null when free-form. */
    public String[] choices() {
        return choices == null ? null : choices.clone();
    }

    /** Whether the option configures the store (shared by every connection to it). */
    public boolean storeOption() {
        return storeOption;
    }

    /** The option named {@code name} (any case), or null. */
    public static KvOption byKey(String name) {
        for (KvOption o : values()) {
            if (o.key.equalsIgnoreCase(name.trim())) {
                return o;
            }
        }
        return null;
    }

    /**
     * Validates and normalises a value: lower-cased choice, or a number without suffix.
     *
     * @throws IllegalArgumentException a message naming the option and what it accepts
     */
    public String parse(String raw) {
        String v = raw == null ? "" : raw.trim();
        if (choices != null) {
            String lower = v.toLowerCase(Locale.ROOT);
            for (String c : choices) {
                if (c.equals(lower)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("bad value '" + raw + "' for option " + key + ": expected one of "
                    + String.join(", ", choices));
        }
        return switch (this) {
            case USER, PASSWORD, SSL_TRUST_STORE, SSL_TRUST_STORE_PASSWORD -> v;
            case SYNC_INTERVAL_MILLIS -> Long.toString(range(v, 1, 60_000));
            case MEMORY_LIMIT, SNAPSHOT_WAL_BYTES -> Long.toString(range(v, 0, Long.MAX_VALUE));
            case MAX_KEY_BYTES -> Long.toString(range(v, 1, KvOptions.MAX_KEY_BYTES_LIMIT));
            case MAX_VALUE_BYTES -> Long.toString(range(v, 0, KvOptions.MAX_VALUE_BYTES_LIMIT));
            case WAL_SEGMENT_BYTES -> Long.toString(range(v, 4096, 1L << 30));
            case STATEMENT_CACHE_SIZE -> Long.toString(range(v, 0, 10_000));
            case CONNECT_TIMEOUT -> Long.toString(range(v, 1, 3600));
            default -> throw new AssertionError(this);
        };
    }

    private long range(String v, long min, long max) {
        long n;
        try {
            n = parseSize(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value '" + v + "' for option " + key + ": expected a number"
                    + " between " + min + " and " + max);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("bad value '" + v + "' for option " + key + ": expected a number"
                    + " between " + min + " and " + max);
        }
        return n;
    }

    /** A decimal number with an optional k, m or g (binary) suffix. */
    private static long parseSize(String v) {
        if (v.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        char last = Character.toLowerCase(v.charAt(v.length() - 1));
        int shift = switch (last) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        long n = Long.parseLong(digits);
        if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
            throw new NumberFormatException(v);
        }
        return n << shift;
    }

    /** Applies a value returned by {@link #parse} to an engine options builder; no-op for connection options. */
    void apply(KvOptions.Builder b, String value) {
        switch (this) {
            case SYNC -> b.syncPolicy(SyncPolicy.valueOf(value.toUpperCase(Locale.ROOT)));
            case SYNC_INTERVAL_MILLIS -> b.syncIntervalMillis(Long.parseLong(value));
            case READ_ONLY -> b.readOnly(Boolean.parseBoolean(value));
            case MEMORY_LIMIT -> b.memoryLimitBytes(Long.parseLong(value));
            case EVICTION -> b.evictionPolicy(EvictionPolicy.valueOf(value.toUpperCase(Locale.ROOT)));
            case MAX_KEY_BYTES -> b.maxKeyBytes(Integer.parseInt(value));
            case MAX_VALUE_BYTES -> b.maxValueBytes(Integer.parseInt(value));
            case SALVAGE -> b.salvage(Boolean.parseBoolean(value));
            case WAL_SEGMENT_BYTES -> b.walSegmentBytes(Long.parseLong(value));
            case SNAPSHOT_WAL_BYTES -> b.snapshotWalBytes(Long.parseLong(value));
            case COMPRESSION -> b.compression(value);
            default -> {
                // connection options do not reach the engine
            }
        }
    }
}
