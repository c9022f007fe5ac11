package io.kvstore.server.command;

import java.util.Set;

/**
 * A command's table entry, with the facts COMMAND INFO reports (redis.io's arity convention: {@code n} exactly
 * n arguments including the name, {@code -n} at least n).
 *
 * @param name lower-case name
 * @param arity argument count rule
 * @param flags Redis command flags ({@code write}, {@code readonly}, {@code denyoom}, {@code admin},
 *     {@code noauth}, {@code fast}, {@code no-multi} ...)
 * @param firstKey position of the first key (0: none)
 * @param lastKey position of the last key (-1: the last argument)
 * @param step distance between keys
 * @param group redis.io's group (string, generic, connection, server, transactions)
 * @param summary one line for COMMAND DOCS
 * @param handler the code
 * @param checks the dispatcher's flags as bits ({@link #WRITE} ...), computed from {@code flags}
 */
public record CommandSpec(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
                          String group, String summary, CommandHandler handler, int checks) {
    /** Bits of {@link #checks}: the flags the dispatcher tests on every request, tested without a set lookup. */
    static final int WRITE = 1;
    static final int READONLY = 2;
    static final int DENYOOM = 4;
    static final int NOAUTH = 8;
    static final int NO_MULTI = 16;

    /** The entry, with {@code checks} computed from {@code flags}. */
    public CommandSpec(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
                       String group, String summary, CommandHandler handler) {
        this(name, arity, flags, firstKey, lastKey, step, group, summary, handler,
                (flags.contains("write") ? WRITE : 0) | (flags.contains("readonly") ? READONLY : 0)
                        | (flags.contains("denyoom") ? DENYOOM : 0) | (flags.contains("noauth") ? NOAUTH : 0)
                        | (flags.contains("no-multi") ? NO_MULTI : 0));
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Whether every flag bit of {@code bits} ({@link #WRITE}, {@link #READONLY} ...) is set. */
    boolean is(int bits) {
        return (checks & bits) == bits;
    }

    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
