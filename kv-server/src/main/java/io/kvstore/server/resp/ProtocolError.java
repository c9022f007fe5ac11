package io.kvstore.server.resp;

/**
 * What {@link RespDecoder} emits instead of a command when the input breaks the protocol: the connection
 * answers {@code -ERR Protocol error: <detail>} after the replies of the commands before it, and closes.
 *
 * @param detail Redis' wording after "Protocol error: "
 */
public record ProtocolError(String detail) {
    public String message() {
        return "ERR Protocol error: " + detail;
    }
}
