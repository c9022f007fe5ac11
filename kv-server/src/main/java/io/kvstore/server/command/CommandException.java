package io.kvstore.server.command;

/**
 * A command's error reply: the message starts with the Redis error code ({@code ERR}, {@code NOAUTH},
 * {@code WRONGPASS}, {@code OOM} ...). Thrown by command code, turned into {@code -<message>} by the dispatcher;
 * a command that throws has changed nothing.
 */
public final class CommandException extends RuntimeException {
    public CommandException(String message) {
        super(message, null, false, false);
    }

    public static final CommandException SYNTAX = new CommandException("ERR syntax error");
    public static final CommandException NOT_INTEGER = new CommandException("ERR value is not an integer or out of range");
}
