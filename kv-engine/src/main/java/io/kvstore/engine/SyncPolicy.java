package io.kvstore.engine;

/** When the write-ahead log is forced to stable storage. */
public enum SyncPolicy {
    /** fsync before a write returns; concurrent writers share one fsync (group commit). The default. */
    ALWAYS,
    /** fsync at most {@link KvOptions#syncIntervalMillis()} after a write; a crash may lose that window. */
    INTERVAL,
    /** never fsync explicitly; the OS decides. Survives a process crash, not a power loss. */
    NONE
}
