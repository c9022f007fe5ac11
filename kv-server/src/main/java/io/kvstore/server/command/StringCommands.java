package io.kvstore.server.command;

import io.kvstore.server.keyspace.Keyspace;
import io.kvstore.server.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The string commands (redis.io group "string"): every value is a string, so none of them answers WRONGTYPE.
 * SET takes Redis' expiry options (EX, PX, EXAT, PXAT, KEEPTTL); SET, GETSET, MSET, MSETNX and SETNX clear a key's
 * expiry, APPEND, SETRANGE and the INCR family keep it, as in Redis.
 */
final class StringCommands {
    private StringCommands() {
    }

    static void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1, "string", "Returns the string value of a key.",
                x -> {
                    // the value goes from the store's record straight into the reply buffer (no copy in between)
                    if (x.keyspace.get(x.arg(1), (b, off, len) -> x.out.bulk(b, off, len)) == null) {
                        x.out.bulk((byte[]) null);
                    }
                });
        t.add("set", -3, "write denyoom", 1, 1, 1, "string",
                "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
                StringCommands::set);
        t.add("setnx", 3, "write denyoom fast", 1, 1, 1, "string", "Set the string value of a key only when the key doesn't exist.",
                x -> x.out.integer(setIfAbsent(x.keyspace, x.arg(1), x.arg(2)) ? 1 : 0));
        t.add("getset", 3, "write denyoom fast", 1, 1, 1, "string", "Returns the previous string value of a key after setting it to a new value.",
                x -> {
                    byte[] old = x.keyspace.get(x.arg(1));
                    x.keyspace.put(x.arg(1), x.arg(2));
                    x.out.bulk(old);
                });
        t.add("getdel", 2, "write fast", 1, 1, 1, "string", "Returns the string value of a key after deleting the key.",
                x -> {
                    byte[] old = x.keyspace.get(x.arg(1));
                    if (old != null) {
                        x.keyspace.delete(x.arg(1));
                    }
                    x.out.bulk(old);
                });
        t.add("mget", -2, "readonly fast", 1, -1, 1, "string", "Atomically returns the string values of one or more keys.",
                x -> {
                    x.out.array(x.argc() - 1);
                    for (int i = 1; i < x.argc(); i++) {
                        x.out.bulk(x.keyspace.get(x.arg(i)));
                    }
                });
        t.add("mset", -3, "write denyoom", 1, -1, 2, "string", "Atomically creates or modifies the string values of one or more keys.",
                x -> {
                    checkPairs(x);
                    for (int i = 1; i < x.argc(); i += 2) {
                        x.keyspace.put(x.arg(i), x.arg(i + 1));
                    }
                    x.out.ok();
                });
        t.add("msetnx", -3, "write denyoom", 1, -1, 2, "string",
                "Atomically modifies the string values of one or more keys only when all keys don't exist.",
                x -> {
                    checkPairs(x);
                    for (int i = 1; i < x.argc(); i += 2) {
                        if (x.keyspace.exists(x.arg(i))) {
                            x.out.integer(0);
                            return;
                        }
                    }
                    for (int i = 1; i < x.argc(); i += 2) {
                        x.keyspace.put(x.arg(i), x.arg(i + 1));
                    }
                    x.out.integer(1);
                });
        t.add("append", 3, "write denyoom fast", 1, 1, 1, "string", "Appends a string to the value of a key. Creates the key if it doesn't exist.",
                x -> {
                    byte[] add = x.arg(2);
                    x.out.integer(x.keyspace.update(x.arg(1), old -> old == null ? add : concat(old, add)).length);
                });
        t.add("strlen", 2, "readonly fast", 1, 1, 1, "string", "Returns the length of a string value.",
                x -> {
                    byte[] v = x.keyspace.get(x.arg(1));
                    x.out.integer(v == null ? 0 : v.length);
                });
        t.add("getrange", 4, "readonly", 1, 1, 1, "string", "Returns a substring of the string stored at a key.",
                StringCommands::getrange);
        t.add("substr", 4, "readonly", 1, 1, 1, "string", "Returns a substring from a string value.",
                StringCommands::getrange);
        t.add("setrange", 4, "write denyoom", 1, 1, 1, "string",
                "Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.",
                StringCommands::setrange);
        t.add("incr", 2, "write denyoom fast", 1, 1, 1, "string", "Increments the integer value of a key by one.",
                x -> incrBy(x, 1));
        t.add("decr", 2, "write denyoom fast", 1, 1, 1, "string", "Decrements the integer value of a key by one.",
                x -> incrBy(x, -1));
        t.add("incrby", 3, "write denyoom fast", 1, 1, 1, "string", "Increments the integer value of a key by a number.",
                x -> incrBy(x, x.integer(2)));
        t.add("decrby", 3, "write denyoom fast", 1, 1, 1, "string", "Decrements a number from the integer value of a key.",
                x -> {
                    long d = x.integer(2);
                    if (d == Long.MIN_VALUE) {
                        throw new CommandException("ERR decrement would overflow");
                    }
                    incrBy(x, -d);
                });
        t.add("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "string",
                "Increment the floating point value of a key by a number.", StringCommands::incrByFloat);
    }

    private static void set(Exec x) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long expires = 0;
        boolean expiryGiven = false;
        for (int i = 3; i < x.argc(); i++) {
            String k = x.keyword(i);
            switch (k) {
                case "nx" -> nx = true;
                case "xx" -> xx = true;
                case "get" -> get = true;
                case "keepttl" -> {
                    if (expiryGiven) {
                        throw CommandException.SYNTAX;
                    }
                    keepTtl = true;
                }
                case "ex", "px", "exat", "pxat" -> {
                    if (i + 1 >= x.argc() || expiryGiven || keepTtl) {
                        throw CommandException.SYNTAX;
                    }
                    long amount = x.integer(++i);
                    if (amount <= 0) {
                        throw ExpiryCommands.invalid("set");
                    }
                    expires = ExpiryCommands.absolute(x, amount, k.startsWith("e") ? 1000 : 1, k.endsWith("at"),
                            "set");
                    expiryGiven = true;
                }
                default -> throw CommandException.SYNTAX;
            }
        }
        if (nx && xx) {
            throw CommandException.SYNTAX;
        }
        byte[] key = x.arg(1);
        byte[] old = null;
        boolean exists;
        if (get) {
            old = x.keyspace.get(key);
            exists = old != null;
        } else {
            exists = (nx || xx) && x.keyspace.exists(key);
        }
        if ((nx && exists) || (xx && !exists)) {
            if (get) {
                x.out.bulk(old);
            } else {
                x.out.nullBulk();
            }
            return;
        }
        if (keepTtl) {
            x.keyspace.putKeepTtl(key, x.arg(2));
        } else {
            x.keyspace.put(key, x.arg(2), expires);
        }
        if (get) {
            x.out.bulk(old);
        } else {
            x.out.ok();
        }
    }

    static boolean setIfAbsent(Keyspace ks, byte[] key, byte[] value) {
        if (ks.exists(key)) {
            return false;
        }
        ks.put(key, value);
        return true;
    }

    private static void checkPairs(Exec x) {
        if (x.argc() % 2 == 0) {
            throw new CommandException("ERR wrong number of arguments for '" + x.keyword(0) + "' command");
        }
    }

    private static void getrange(Exec x) {
        long start = x.integer(2);
        long end = x.integer(3);
        byte[] v = x.keyspace.get(x.arg(1));
        if (v == null) {
            x.out.bulk(new byte[0]);
            return;
        }
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            x.out.bulk(new byte[0]);
            return;
        }
        if (start < 0) {
            start = Math.max(0, len + start);
        }
        if (end < 0) {
            end = Math.max(0, len + end);
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            x.out.bulk(new byte[0]);
            return;
        }
        x.out.bulk(Arrays.copyOfRange(v, (int) start, (int) end + 1));
    }

    private static void setrange(Exec x) {
        long offset = x.integer(2);
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        byte[] add = x.arg(3);
        if (add.length == 0) {
            byte[] old = x.keyspace.get(x.arg(1));
            x.out.integer(old == null ? 0 : old.length);
            return;
        }
        long need = offset + add.length;
        if (need > x.server.config().maxBulkLength()) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
        byte[] v = x.keyspace.update(x.arg(1), current -> {
            byte[] r = Arrays.copyOf(current == null ? new byte[0] : current,
                    (int) Math.max(need, current == null ? 0 : current.length));
            System.arraycopy(add, 0, r, (int) offset, add.length);
            return r;
        });
        x.out.integer(v.length);
    }

    private static void incrBy(Exec x, long delta) {
        // one lookup for the value and its expiry, the reply written from the number itself (no re-parse)
        x.keyspace.update(x.arg(1), old -> {
            long next = increment(old, delta);
            x.out.integer(next);
            return RespWriter.decimal(next);
        });
    }

    /** {@code old} (null: 0) as an integer plus {@code delta}, with Redis' errors. */
    private static long increment(byte[] old, long delta) {
        long current = 0;
        if (old != null) {
            Long v = Numbers.parseLong(old);
            if (v == null) {
                throw CommandException.NOT_INTEGER;
            }
            current = v;
        }
        try {
            return Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            throw new CommandException("ERR increment or decrement would overflow");
        }
    }

    private static void incrByFloat(Exec x) {
        Double delta = Numbers.parseDouble(x.arg(2));
        if (delta == null) {
            throw new CommandException("ERR value is not a valid float");
        }
        x.out.bulk(x.keyspace.update(x.arg(1), old -> {
            double current = 0;
            if (old != null) {
                Double v = Numbers.parseDouble(old);
                if (v == null) {
                    throw new CommandException("ERR value is not a valid float");
                }
                current = v;
            }
            double next = current + delta;
            if (Double.isNaN(next) || Double.isInfinite(next)) {
                throw new CommandException("ERR increment would produce NaN or Infinity");
            }
            return RespWriter.formatDouble(next).getBytes(StandardCharsets.US_ASCII);
        }));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
