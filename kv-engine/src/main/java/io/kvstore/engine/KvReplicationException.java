package io.kvstore.engine;

/**
 * A write could not be ordered through a {@link CommitHook} (a replicated server's Raft log). {@link #outcome()}
 * tells the caller whether it may still take effect.
 */
public class KvReplicationException extends KvException {
    private static final long serialVersionUID = 1L;

    /** What is known of the write. */
    public enum Outcome {
        /** This node is not the leader (it names the leader if it knows one): nothing applied. */
        NOT_LEADER,
        /** No leader can take writes now (an election, a leader catching up): nothing applied; retry. */
        UNAVAILABLE,
        /** The leader lost its leadership with the write in flight: it may or may not be applied. */
        UNKNOWN
    }

    private final Outcome outcome;
    private final String leader;

    /**
     * @param leader the leader's address as far as known (host:port of its client port), or null
     */
    public KvReplicationException(Outcome outcome, String message, String leader, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.leader = leader;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The leader's address as far as this node knows it, or null. */
    public String leader() {
        return leader;
    }
}
