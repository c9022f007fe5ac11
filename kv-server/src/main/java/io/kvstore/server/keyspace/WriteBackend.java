package io.kvstore.server.keyspace;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the {@link Keyspace} sends its groups of writes: "submit a group, get a future". The one class to
 * replace when the engine offers an asynchronous commit.
 *
 * <p>Contract: each call commits its writes as one atomic unit (all or nothing, in list order: a later write of
 * the same key wins); groups are committed in the order of the calls; the future completes normally once the
 * group is applied and durable under the store's sync policy, or exceptionally with the engine's exception,
 * in which case nothing of the group is applied. The caller has at most {@link #maxInFlight()} groups whose futures
 * have not completed, and calls from one thread at a time in group order. Implementations never run their work
 * on the calling thread (a Netty event loop), unless they say so by {@link #completesInline()}.
 */
public interface WriteBackend extends AutoCloseable {
    CompletableFuture<Void> commit(List<Write> writes);

    /**
     * True if {@link #commit} does its work on the calling thread and returns a completed future (a commit that
     * does not wait for a force): callers then gather more per group, committing once per event-loop turn rather
     * than once per command.
     */
    default boolean completesInline() {
        return false;
    }

    /**
     * How many groups the keyspace may have submitted at once (default 1: the next group is sent when the previous
     * one's future completed). A backend that answers more than 1 must apply its groups in call order and must
     * never apply a group when an earlier one was not applied (the keyspace computed it on top of the earlier
     * ones' results).
     */
    default int maxInFlight() {
        return 1;
    }

    /** Stops accepting groups after the ones submitted; waits for them. */
    @Override
    void close();
}
