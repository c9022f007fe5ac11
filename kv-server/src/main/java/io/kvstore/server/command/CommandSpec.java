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
 */
public record CommandSpec(String name, int arity, Set<String> flags, int firstKey, int lastKey, int step,
                          String group, String summary, CommandHandler handler) {

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }
}
