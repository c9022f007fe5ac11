package io.kvstore.jdbc.remote.protocol;

/**
 * Constants of the remote JDBC protocol (version {@value #VERSION}; {@code docs/protocol-jdbc.md}).
 *
 * <p>Every message is a frame: a 4-byte big-endian body length, then the body, whose first byte is an {@link Op}.
 * A reader checks the declared length against its limit before it reads or allocates anything for the body.
 */
public final class Protocol {
    private Protocol() {
    }

    /** "KVJD": the first four bytes of a {@link Op#HELLO} or {@link Op#CANCEL} body after the op. */
    /**
     * Vendor code of an {@code ERROR} (SQLState 25006) after which the server ends the session: the node is no
     * longer the leader of its Raft group. A multi-host client opens a session on the new leader for its next call.
     */
    public static final int SESSION_ENDED_NOT_LEADER = 1;
    public static final int MAGIC = 0x4B564A44;
    /** The protocol version this code speaks; a server answers an unknown version with an error and closes. */
    public static final int VERSION = 1;
    /** Largest body before the session is authenticated (HELLO, CANCEL). */
    public static final int MAX_HANDSHAKE_FRAME = 64 * 1024;
    /**
     * Largest body afterwards: a value may be 256 MiB (the engine's limit), plus room for the other cells and
     * headers.
     */
    public static final int MAX_FRAME = (256 << 20) + (1 << 20);
    /** Rows per {@link Op#ROWS} batch when the statement's fetch size is 0. */
    public static final int DEFAULT_FETCH_ROWS = 256;
    /** A batch ends after the row that takes its encoded size past this many bytes. */
    public static final int BATCH_BYTES = 1 << 20;
}
