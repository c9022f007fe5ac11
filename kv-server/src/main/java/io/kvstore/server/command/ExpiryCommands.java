package io.kvstore.server.command;

import io.kvstore.server.keyspace.Keyspace;

/**
 * Redis' expiry commands (redis.io group "generic" and "string"): {@code EXPIRE}, {@code PEXPIRE}, {@code EXPIREAT},
 * {@code PEXPIREAT} with {@code NX|XX|GT|LT}, {@code TTL}, {@code PTTL}, {@code EXPIRETIME}, {@code PEXPIRETIME},
 * {@code PERSIST}, {@code SETEX}, {@code PSETEX} and {@code GETEX}, with Redis 7's replies and errors. Expiry times
 * are absolute milliseconds by the store's clock; the engine hides an expired key from every read at once and
 * logs its removal ({@link Keyspace#expiresAt}, {@link Keyspace#setExpiry}). {@code SET}'s options live in
 * {@link StringCommands}. Stateless.
 */
final class ExpiryCommands {
    private ExpiryCommands() {
    }

    static void register(CommandTable t) {
        t.add("expire", -3, "write fast", 1, 1, 1, "generic", "Sets the expiration time of a key in seconds.",
                x -> expire(x, 1000, false, "expire"));
        t.add("pexpire", -3, "write fast", 1, 1, 1, "generic", "Sets the expiration time of a key in milliseconds.",
                x -> expire(x, 1, false, "pexpire"));
        t.add("expireat", -3, "write fast", 1, 1, 1, "generic",
                "Sets the expiration time of a key to a Unix timestamp.", x -> expire(x, 1000, true, "expireat"));
        t.add("pexpireat", -3, "write fast", 1, 1, 1, "generic",
                "Sets the expiration time of a key to a Unix milliseconds timestamp.",
                x -> expire(x, 1, true, "pexpireat"));
        t.add("ttl", 2, "readonly fast", 1, 1, 1, "generic", "Returns the expiration time in seconds of a key.",
                x -> x.out.integer(ttl(x, 1000)));
        t.add("pttl", 2, "readonly fast", 1, 1, 1, "generic", "Returns the expiration time in milliseconds of a key.",
                x -> x.out.integer(ttl(x, 1)));
        t.add("expiretime", 2, "readonly fast", 1, 1, 1, "generic",
                "Returns the expiration time of a key as a Unix timestamp.", x -> {
                    long at = x.keyspace.expiresAt(x.arg(1));
                    x.out.integer(at < 0 ? at : at / 1000);
                });
        t.add("pexpiretime", 2, "readonly fast", 1, 1, 1, "generic",
                "Returns the expiration time of a key as a Unix milliseconds timestamp.",
                x -> x.out.integer(x.keyspace.expiresAt(x.arg(1))));
        t.add("persist", 2, "write fast", 1, 1, 1, "generic", "Removes the expiration time of a key.",
                x -> x.out.integer(x.keyspace.expiresAt(x.arg(1)) > 0 && x.keyspace.setExpiry(x.arg(1), 0) ? 1 : 0));
        t.add("setex", 4, "write denyoom", 1, 1, 1, "string",
                "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.",
                x -> setex(x, 1000, "setex"));
        t.add("psetex", 4, "write denyoom", 1, 1, 1, "string",
                "Sets both string value and expiration time in milliseconds of a key. The key is created if it"
                        + " doesn't exist.", x -> setex(x, 1, "psetex"));
        t.add("getex", -2, "write fast", 1, 1, 1, "string",
                "Returns the string value of a key after setting its expiration time.", ExpiryCommands::getex);
    }

    /** {@code millis * unit} from now (or as an absolute time), or the Redis error for an out-of-range time. */
    static long absolute(Exec x, long amount, long unit, boolean absolute, String command) {
        long ms;
        try {
            ms = Math.multiplyExact(amount, unit);
            if (!absolute) {
                ms = Math.addExact(ms, x.keyspace.now());
            }
        } catch (ArithmeticException e) {
            throw invalid(command);
        }
        return ms;
    }

    static CommandException invalid(String command) {
        return new CommandException("ERR invalid expire time in '" + command + "' command");
    }

    private static void expire(Exec x, long unit, boolean absolute, String command) {
        long amount = x.integer(2);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < x.argc(); i++) {
            switch (x.keyword(i)) {
                case "nx" -> nx = true;
                case "xx" -> xx = true;
                case "gt" -> gt = true;
                case "lt" -> lt = true;
                default -> throw new CommandException("ERR Unsupported option " + x.str(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandException("ERR GT and LT options at the same time are not compatible");
        }
        long at = absolute(x, amount, unit, absolute, command);
        byte[] key = x.arg(1);
        long current = x.keyspace.expiresAt(key); // -2 absent, -1 none
        if (current == -2) {
            x.out.integer(0);
            return;
        }
        boolean persistent = current == -1;
        if ((nx && !persistent) || (xx && persistent) || (gt && (persistent || at <= current))
                || (lt && !persistent && at >= current)) {
            x.out.integer(0);
            return;
        }
        x.keyspace.setExpiry(key, Math.max(1, at)); // a time already passed deletes the key
        x.out.integer(1);
    }

    private static long ttl(Exec x, long unit) {
        long at = x.keyspace.expiresAt(x.arg(1));
        if (at < 0) {
            return at;
        }
        long ms = Math.max(0, at - x.keyspace.now());
        return unit == 1 ? ms : (ms + 500) / 1000;
    }

    private static void setex(Exec x, long unit, String command) {
        long amount = x.integer(2);
        if (amount <= 0) {
            throw invalid(command);
        }
        x.keyspace.put(x.arg(1), x.arg(3), absolute(x, amount, unit, false, command));
        x.out.ok();
    }

    private static void getex(Exec x) {
        byte[] key = x.arg(1);
        long at = Long.MIN_VALUE; // no change
        if (x.argc() > 2) {
            String opt = x.keyword(2);
            switch (opt) {
                case "persist" -> {
                    if (x.argc() != 3) {
                        throw CommandException.SYNTAX;
                    }
                    at = 0;
                }
                case "ex", "px", "exat", "pxat" -> {
                    if (x.argc() != 4) {
                        throw CommandException.SYNTAX;
                    }
                    long amount = x.integer(3);
                    if (amount <= 0) {
                        throw invalid("getex");
                    }
                    at = absolute(x, amount, opt.startsWith("e") ? 1000 : 1, opt.endsWith("at"), "getex");
                }
                default -> throw CommandException.SYNTAX;
            }
        }
        byte[] value = x.keyspace.get(key);
        if (value != null && at != Long.MIN_VALUE) {
            if (at != 0 || x.keyspace.expiresAt(key) > 0) {
                x.keyspace.setExpiry(key, at);
            }
        }
        x.out.bulk(value);
    }
}
