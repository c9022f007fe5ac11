package io.kvstore.engine;

import io.kvstore.engine.codec.ValueCompression;
import io.kvstore.engine.io.FileLayer;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Immutable options for opening a store. Build with {@link #builder()}; {@link #defaults()} gives the
 * documented defaults (durable: {@link SyncPolicy#ALWAYS}).
 */
public final class KvOptions {
    /** Hard ceiling for {@link Builder#maxKeyBytes(int)}. */
    public static final int MAX_KEY_BYTES_LIMIT = 1 << 20;
    /** Hard ceiling for {@link Builder#maxValueBytes(int)}: 256 MiB. */
    public static final int MAX_VALUE_BYTES_LIMIT = 256 << 20;

    private static final KvOptions DEFAULTS = builder().build();

    private final SyncPolicy syncPolicy;
    private final long syncIntervalMillis;
    private final long walSegmentBytes;
    private final long snapshotWalBytes;
    private final long snapshotOnCloseWalBytes;
    private final long memoryLimitBytes;
    private final EvictionPolicy evictionPolicy;
    private final int maxKeyBytes;
    private final int maxValueBytes;
    private final boolean readOnly;
    private final boolean salvage;
    private final FileLayer fileLayer;
    private final LongSupplier clock;
    private final long expirySweepMillis;
    private final ValueCompression compression;

    private KvOptions(Builder b) {
        this.syncPolicy = b.syncPolicy;
        this.syncIntervalMillis = b.syncIntervalMillis;
        this.walSegmentBytes = b.walSegmentBytes;
        this.snapshotWalBytes = b.snapshotWalBytes;
        this.snapshotOnCloseWalBytes = b.snapshotOnCloseWalBytes;
        this.memoryLimitBytes = b.memoryLimitBytes;
        this.evictionPolicy = b.evictionPolicy;
        this.maxKeyBytes = b.maxKeyBytes;
        this.maxValueBytes = b.maxValueBytes;
        this.readOnly = b.readOnly;
        this.salvage = b.salvage;
        this.fileLayer = b.fileLayer;
        this.clock = b.clock;
        this.expirySweepMillis = b.expirySweepMillis;
        this.compression = b.compression;
    }

    public static KvOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.syncPolicy = syncPolicy;
        b.syncIntervalMillis = syncIntervalMillis;
        b.walSegmentBytes = walSegmentBytes;
        b.snapshotWalBytes = snapshotWalBytes;
        b.snapshotOnCloseWalBytes = snapshotOnCloseWalBytes;
        b.memoryLimitBytes = memoryLimitBytes;
        b.evictionPolicy = evictionPolicy;
        b.maxKeyBytes = maxKeyBytes;
        b.maxValueBytes = maxValueBytes;
        b.readOnly = readOnly;
        b.salvage = salvage;
        b.fileLayer = fileLayer;
        b.clock = clock;
        b.expirySweepMillis = expirySweepMillis;
        b.compression = compression;
        return b;
    }

    public SyncPolicy syncPolicy() { return syncPolicy; }
    public long syncIntervalMillis() { return syncIntervalMillis; }
    public long walSegmentBytes() { return walSegmentBytes; }
    public long snapshotWalBytes() { return snapshotWalBytes; }
    public long snapshotOnCloseWalBytes() { return snapshotOnCloseWalBytes; }
    public long memoryLimitBytes() { return memoryLimitBytes; }
    public EvictionPolicy evictionPolicy() { return evictionPolicy; }
    public int maxKeyBytes() { return maxKeyBytes; }
    public int maxValueBytes() { return maxValueBytes; }
    public boolean readOnly() { return readOnly; }
    public boolean salvage() { return salvage; }
    public FileLayer fileLayer() { return fileLayer; }
    public LongSupplier clock() { return clock; }
    /** How often the background sweep removes expired entries (ms); 0: never (expired entries are still hidden). */
    public long expirySweepMillis() { return expirySweepMillis; }
    /**
     * How new values and snapshot blocks are compressed ({@link ValueCompression#NONE} by default). A store's
     * options give the policy bound to that store ({@link ValueCompression#bind}: its dictionary, if any).
     */
    public ValueCompression compression() { return compression; }

    /** These options with {@code compression} as they are: a store binds its policy at open. */
    KvOptions withCompression(ValueCompression compression) {
        Builder b = toBuilder();
        b.compression = compression;
        return b.build();
    }

    @Override
    public String toString() {
        return "KvOptions{sync=" + syncPolicy + ", syncIntervalMillis=" + syncIntervalMillis
                + ", walSegmentBytes=" + walSegmentBytes + ", snapshotWalBytes=" + snapshotWalBytes
                + ", snapshotOnCloseWalBytes=" + snapshotOnCloseWalBytes
                + ", memoryLimitBytes=" + memoryLimitBytes + ", eviction=" + evictionPolicy
                + ", maxKeyBytes=" + maxKeyBytes + ", maxValueBytes=" + maxValueBytes
                + ", readOnly=" + readOnly + ", salvage=" + salvage + ", expirySweepMillis=" + expirySweepMillis
                + ", compression=" + compression + "}";
    }

    /** Mutable builder; every setter validates its argument and throws {@link IllegalArgumentException}. */
    public static final class Builder {
        private SyncPolicy syncPolicy = SyncPolicy.ALWAYS;
        private long syncIntervalMillis = 1000;
        private long walSegmentBytes = 64L << 20;
        private long snapshotWalBytes = 256L << 20;
        private long snapshotOnCloseWalBytes = 16L << 20;
        private long memoryLimitBytes = 0;
        private EvictionPolicy evictionPolicy = EvictionPolicy.REJECT;
        private int maxKeyBytes = 64 << 10;
        private int maxValueBytes = 64 << 20;
        private boolean readOnly;
        private boolean salvage;
        private FileLayer fileLayer = FileLayer.DEFAULT;
        private LongSupplier clock = System::currentTimeMillis;
        private long expirySweepMillis = 100;
        private ValueCompression compression = ValueCompression.NONE;

        private Builder() {
        }

        public Builder syncPolicy(SyncPolicy policy) {
            this.syncPolicy = Objects.requireNonNull(policy, "syncPolicy");
            return this;
        }

        /** Upper bound on the delay before a write is forced under {@link SyncPolicy#INTERVAL}; 1..60000 ms. */
        public Builder syncIntervalMillis(long millis) {
            if (millis < 1 || millis > 60_000) {
                throw new IllegalArgumentException("syncIntervalMillis must be between 1 and 60000: " + millis);
            }
            this.syncIntervalMillis = millis;
            return this;
        }

        /** Size at which a WAL segment is closed and a new one started; 4 KiB..1 GiB. */
        public Builder walSegmentBytes(long bytes) {
            if (bytes < 4096 || bytes > (1L << 30)) {
                throw new IllegalArgumentException("walSegmentBytes must be between 4096 and 1073741824: " + bytes);
            }
            this.walSegmentBytes = bytes;
            return this;
        }

        /** WAL bytes since the last snapshot that trigger an automatic snapshot; 0 disables the trigger. */
        public Builder snapshotWalBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("snapshotWalBytes must be >= 0: " + bytes);
            }
            this.snapshotWalBytes = bytes;
            return this;
        }

        /**
         * WAL bytes since the last snapshot above which {@link KvStore#close()} writes a snapshot first, so that the
         * next open loads the snapshot instead of replaying the log (much faster for large logs); 0 disables it.
         */
        public Builder snapshotOnCloseWalBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("snapshotOnCloseWalBytes must be >= 0: " + bytes);
            }
            this.snapshotOnCloseWalBytes = bytes;
            return this;
        }

        /** Memory limit for the table in bytes as counted by {@link KvStats#memoryUsed()}; 0 = unlimited. */
        public Builder memoryLimitBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("memoryLimitBytes must be >= 0: " + bytes);
            }
            this.memoryLimitBytes = bytes;
            return this;
        }

        public Builder evictionPolicy(EvictionPolicy policy) {
            this.evictionPolicy = Objects.requireNonNull(policy, "evictionPolicy");
            return this;
        }

        /** Largest key accepted, 1..{@value #MAX_KEY_BYTES_LIMIT}; default 65536. */
        public Builder maxKeyBytes(int bytes) {
            if (bytes < 1 || bytes > MAX_KEY_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxKeyBytes must be between 1 and " + MAX_KEY_BYTES_LIMIT + ": " + bytes);
            }
            this.maxKeyBytes = bytes;
            return this;
        }

        /** Largest value accepted, 0..{@value #MAX_VALUE_BYTES_LIMIT}; default 64 MiB. */
        public Builder maxValueBytes(int bytes) {
            if (bytes < 0 || bytes > MAX_VALUE_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxValueBytes must be between 0 and " + MAX_VALUE_BYTES_LIMIT + ": " + bytes);
            }
            this.maxValueBytes = bytes;
            return this;
        }

        /** Open without writing anything: writes throw {@link KvReadOnlyException}; a torn tail is ignored, not truncated. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * On corruption, recover everything before the damage, move the damaged files aside and open, instead of
         * failing with {@link KvCorruptionException}.
         */
        public Builder salvage(boolean salvage) {
            this.salvage = salvage;
            return this;
        }

        /** The file layer the store does all its I/O through; tests substitute one that injects faults. */
        public Builder fileLayer(FileLayer layer) {
            this.fileLayer = Objects.requireNonNull(layer, "fileLayer");
            return this;
        }

        /**
         * How often (ms) the background sweep looks for expired entries to remove (default 100; 0 turns it off:
         * expired entries stay hidden and are removed when touched or evicted). See docs/engine.md, "Expiry".
         */
        public Builder expirySweepMillis(long millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("expirySweepMillis must be >= 0: " + millis);
            }
            this.expirySweepMillis = millis;
            return this;
        }

        /**
         * Source of wall-clock milliseconds for entry timestamps and expiry (an entry whose expiry time is at or
         * before this clock is absent).
         */
        public Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Compression of values and snapshots: {@code none} (default), {@code lz4}, {@code zstd} or
         * {@code zstd-dict}. Values of at least {@link ValueCompression#DEFAULT_THRESHOLD} bytes are kept
         * compressed in the table, the log and snapshots when that saves at least an eighth; snapshot blocks are
         * compressed as well. A per-store choice that may change on any reopen: every record says how its value is
         * stored, so a store holds a mix and old values stay readable. {@code zstd-dict} compresses with a zstd
         * dictionary trained on the store's first values (256 KiB of them by default,
         * {@link #compressionDictionarySampleBytes}) and kept in the store's directory; it needs zstd-jni's native
         * library, loaded only for this codec. See docs/engine.md, "Compression".
         *
         * @throws IllegalArgumentException an unknown codec name, or {@code zstd-dict} where zstd-jni's native
         *     library cannot load (the message says why)
         */
        public Builder compression(String codec) {
            this.compression = ValueCompression.of(Objects.requireNonNull(codec, "compression"),
                    compression.threshold(), compression.dictionarySampleBytes());
            return this;
        }

        /**
         * For {@code compression=zstd-dict}: bytes of sample values a store's dictionary is trained from, at least
         * 4096; default 256 KiB. Values written before the dictionary exists are stored plain.
         */
        public Builder compressionDictionarySampleBytes(int bytes) {
            this.compression = ValueCompression.of(compression.name(), compression.threshold(), bytes);
            return this;
        }

        /** Smallest value compressed, 16..{@value KvOptions#MAX_VALUE_BYTES_LIMIT}; default 64. */
        public Builder compressionThreshold(int bytes) {
            if (bytes < 16 || bytes > MAX_VALUE_BYTES_LIMIT) {
                throw new IllegalArgumentException("compressionThreshold must be between 16 and "
                        + MAX_VALUE_BYTES_LIMIT + ": " + bytes);
            }
            this.compression = ValueCompression.of(compression.name(), bytes, compression.dictionarySampleBytes());
            return this;
        }

        public KvOptions build() {
            return new KvOptions(this);
        }
    }
}
