package io.kvstore.server.command;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every command the server knows, by lower-case name. Filled once by the command families' {@code register}
 * methods, then read-only (thread-safe to read).
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    private final Map<ByteName, CommandSpec> byBytes = new HashMap<>();

    public static CommandTable standard() {
        CommandTable t = new CommandTable();
        ConnectionCommands.register(t);
        StringCommands.register(t);
        KeyspaceCommands.register(t);
        ExpiryCommands.register(t);
        TransactionCommands.register(t);
        ServerCommands.register(t);
        ReplicationCommands.register(t);
        return t;
    }

    /** Adds a command; {@code flags} is a space-separated list. */
    void add(String name, int arity, String flags, int firstKey, int lastKey, int step, String group,
             String summary, CommandHandler handler) {
        CommandSpec spec = new CommandSpec(name, arity, flags.isEmpty() ? Set.of() : Set.of(flags.split(" ")),
                firstKey, lastKey, step, group, summary, handler);
        byName.put(name, spec);
        byBytes.put(new ByteName(name.getBytes()), spec);
    }

    public CommandSpec get(String lowerName) {
        return byName.get(lowerName);
    }

    /** Looks up a command name as sent (any case) without building a String. */
    public CommandSpec lookup(byte[] name) {
        if (name.length > 32) {
            return null;
        }
        byte[] lower = new byte[name.length];
        for (int i = 0; i < name.length; i++) {
            byte b = name[i];
            lower[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        }
        return byBytes.get(new ByteName(lower));
    }

    public Collection<CommandSpec> all() {
        return byName.values();
    }

    private record ByteName(byte[] b) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteName n && java.util.Arrays.equals(n.b, b);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(b);
        }
    }
}
