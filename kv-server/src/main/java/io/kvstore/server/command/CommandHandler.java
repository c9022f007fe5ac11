package io.kvstore.server.command;

/**
 * The code of one command. Runs under the keyspace lock; writes exactly one reply to {@link Exec#out} or throws
 * {@link CommandException} before changing anything.
 */
@FunctionalInterface
public interface CommandHandler {
    void run(Exec x);
}
