package io.kvstore.jdbc.remote.protocol;

/**
 * The first byte of every frame body: what the frame asks (client to server, below 0x80) or answers (server to
 * client, 0x80 and above). The layout of each message is in {@code docs/protocol-jdbc.md}. Constants only.
 */
public final class Op {
    private Op() {
    }

    // ---- requests ----
    /** First frame of a session: magic, version, password, connection properties. Answered by {@link #READY}. */
    public static final byte HELLO = 0x01;
    /** First and only frame of a side connection: session id, cancel key, statement id. No answer. */
    public static final byte CANCEL = 0x02;
    /** Prepares SQL under a client-chosen statement id. Answered by {@link #PREPARED}. */
    public static final byte PREPARE = 0x10;
    /** Executes a prepared statement with parameters. Answered by {@link #UPDATE} or {@link #ROWS}. */
    public static final byte EXECUTE = 0x11;
    /** Executes SQL text on a plain statement. Answered by {@link #UPDATE} or {@link #ROWS}. */
    public static final byte EXECUTE_SQL = 0x12;
    /** Executes a prepared statement once per parameter row. Answered by {@link #BATCH_RESULT}. */
    public static final byte BATCH = 0x13;
    /** Executes several SQL texts on a plain statement. Answered by {@link #BATCH_RESULT}. */
    public static final byte BATCH_SQL = 0x14;
    /** Next rows of a statement's open result. Answered by {@link #ROWS}. */
    public static final byte FETCH = 0x15;
    /** Closes a statement's open result. No answer. */
    public static final byte CLOSE_RESULT = 0x16;
    /** Closes a statement (and its result). No answer. */
    public static final byte CLOSE_STATEMENT = 0x17;
    /** A Connection or DatabaseMetaData method by name. Answered by {@link #VALUE} or {@link #ROWS}. */
    public static final byte CALL = 0x20;
    /** Result columns of a prepared statement before it runs. Answered by {@link #COLUMNS}. */
    public static final byte DESCRIBE = 0x21;
    /** Ends the session. No answer; the server closes the connection. */
    public static final byte BYE = 0x30;

    // ---- answers ----
    public static final byte OK = (byte) 0x80;
    public static final byte READY = (byte) 0x81;
    public static final byte PREPARED = (byte) 0x82;
    public static final byte UPDATE = (byte) 0x83;
    public static final byte ROWS = (byte) 0x84;
    public static final byte BATCH_RESULT = (byte) 0x85;
    public static final byte VALUE = (byte) 0x86;
    public static final byte COLUMNS = (byte) 0x87;
    public static final byte ERROR = (byte) 0xFF;

    /** Targets of {@link #CALL}. */
    public static final byte TARGET_CONNECTION = 0;
    public static final byte TARGET_METADATA = 1;

    /** Execution kinds of {@link #EXECUTE} and {@link #EXECUTE_SQL}: which JDBC method the client called. */
    public static final byte KIND_EXECUTE = 0;
    public static final byte KIND_QUERY = 1;
    public static final byte KIND_UPDATE = 2;

    /** Flags of {@link #ROWS}. */
    public static final int ROWS_MORE = 1;
    public static final int ROWS_COLUMNS = 2;
}
