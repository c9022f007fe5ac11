package io.kvstore.server.shell;

import io.kvstore.engine.KvStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The shell's expiry commands, with Redis' replies: {@code EXPIRE key seconds} and {@code PEXPIRE key ms} reply
 * {@code (integer) 1} if the key exists (a time of 0 or less deletes it), else 0; {@code TTL key} and
 * {@code PTTL key} the remaining seconds (rounded) or milliseconds, -1 without an expiry, -2 for a missing key;
 * {@code PERSIST key} 1 if an expiry was removed, else 0; {@code SET key value EX seconds | PX ms} stores the
 * value with a time to live. A malformed number throws {@link IllegalArgumentException} (the session prints it as
 * an error). Stateless.
 */
final class ShellExpiry {
    private ShellExpiry() {
    }

    /** EXPIRE ({@code millisPerUnit} 1000) or PEXPIRE (1); returns the integer reply. */
    static long expire(KvStore store, byte[] key, byte[] amount, long millisPerUnit, String name) {
        long n = parse(amount, name);
        long ms = multiply(n, millisPerUnit, name);
        return store.expireAfter(key, ms) ? 1 : 0;
    }

    /** TTL ({@code millisPerUnit} 1000, rounded as Redis does) or PTTL (1). */
    static long ttl(KvStore store, byte[] key, long millisPerUnit) {
        long ms = store.ttlMillis(key);
        if (ms < 0 || millisPerUnit == 1) {
            return ms;
        }
        return (ms + millisPerUnit / 2) / millisPerUnit;
    }

    /** SET with {@code options} = {@code [EX|PX, n]}. */
    static void set(KvStore store, byte[] key, byte[] value, List<byte[]> options) {
        String unit = new String(options.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        long per = switch (unit) {
            case "EX" -> 1000;
            case "PX" -> 1;
            default -> throw new IllegalArgumentException("syntax error: unknown SET option '" + unit
                    + "' (usage: SET key value [EX seconds | PX milliseconds]; quote a value that contains spaces)");
        };
        if (options.size() != 2) {
            throw new IllegalArgumentException("syntax error (usage: SET key value [EX seconds | PX milliseconds])");
        }
        long n = parse(options.get(1), "set");
        if (n <= 0) {
            throw new IllegalArgumentException("invalid expire time in 'set' command");
        }
        store.putWithTtl(key, value, multiply(n, per, "set"));
    }

    private static long parse(byte[] text, String name) {
        String s = new String(text, StandardCharsets.UTF_8);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value is not an integer or out of range: '" + s + "' ("
                    + name.toLowerCase(Locale.ROOT) + ")");
        }
    }

    private static long multiply(long n, long per, String name) {
        try {
            return Math.multiplyExact(n, per);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid expire time in '" + name.toLowerCase(Locale.ROOT)
                    + "' command");
        }
    }
}
