package io.kvstore.engine;

/** What happens when a write would exceed the memory limit. */
public enum EvictionPolicy {
    /** Refuse the write with {@link KvMemoryLimitException}; reads and deletes keep working. The default. */
    REJECT,
    /** Evict approximately least-recently-used entries (sampled), logging each eviction as a delete. */
    LRU
}
