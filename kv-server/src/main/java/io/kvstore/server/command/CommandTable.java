package io.kvstore.server.command;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every command the server knows, by lower-case name. Filled once by the command families' {@code register}
 * methods, then read-only (thread-safe to read).
 */
public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    /**
     * Names by first letter ({@code a} to {@code z}, lower case), for {@link #lookup}: a request's name is compared
     * in place with the few names of its first letter and length, with no allocation and no hashing.
     */
    private final CommandSpec[][] byLetter = new CommandSpec[26][0];
    private final byte[][][] namesByLetter = new byte[26][0][];

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
        int letter = name.charAt(0) - 'a';
        if (letter < 0 || letter >= 26) {
            throw new IllegalArgumentException("command names start with a letter: " + name);
        }
        int n = byLetter[letter].length;
        byLetter[letter] = java.util.Arrays.copyOf(byLetter[letter], n + 1);
        byLetter[letter][n] = spec;
        namesByLetter[letter] = java.util.Arrays.copyOf(namesByLetter[letter], n + 1);
        namesByLetter[letter][n] = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public CommandSpec get(String lowerName) {
        return byName.get(lowerName);
    }

    /** Looks up a command name as sent (any case) without building a String. */
    public CommandSpec lookup(byte[] name) {
        if (name.length == 0) {
            return null;
        }
        int letter = (name[0] | 0x20) - 'a';
        if (letter < 0 || letter >= 26) {
            return null;
        }
        byte[][] names = namesByLetter[letter];
        for (int i = 0; i < names.length; i++) {
            if (equalsIgnoreAsciiCase(names[i], name)) {
                return byLetter[letter][i];
            }
        }
        return null;
    }

    /** Whether {@code sent} is {@code lower} in any case (ASCII letters only; other bytes must be equal). */
    private static boolean equalsIgnoreAsciiCase(byte[] lower, byte[] sent) {
        if (lower.length != sent.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = sent[i];
            if (b >= 'A' && b <= 'Z') {
                b += 32;
            }
            if (b != lower[i]) {
                return false;
            }
        }
        return true;
    }

    public Collection<CommandSpec> all() {
        return byName.values();
    }
}
