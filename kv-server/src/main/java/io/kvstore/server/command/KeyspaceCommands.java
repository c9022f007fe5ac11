package io.kvstore.server.command;

import io.kvstore.server.keyspace.Keyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keyspace commands (redis.io group "generic") over the one database (db 0). The expiry commands are in
 * {@link ExpiryCommands}; RENAME and COPY carry the source's expiry time to the destination, as Redis does.
 */
final class KeyspaceCommands {
    private KeyspaceCommands() {
    }

    static void register(CommandTable t) {
        t.add("del", -2, "write", 1, -1, 1, "generic", "Deletes one or more keys.", KeyspaceCommands::del);
        t.add("unlink", -2, "write fast", 1, -1, 1, "generic", "Asynchronously deletes one or more keys.",
                KeyspaceCommands::del);
        t.add("exists", -2, "readonly fast", 1, -1, 1, "generic", "Determines whether one or more keys exist.",
                KeyspaceCommands::countExisting);
        t.add("touch", -2, "readonly fast", 1, -1, 1, "generic",
                "Returns the number of existing keys out of those specified after updating the time they were last accessed.",
                KeyspaceCommands::countExisting);
        t.add("type", 2, "readonly fast", 1, 1, 1, "generic", "Determines the type of value stored at a key.",
                x -> x.out.simple(x.keyspace.exists(x.arg(1)) ? "string" : "none"));
        t.add("keys", 2, "readonly", 0, 0, 0, "generic", "Returns all key names that match a pattern.",
                x -> {
                    byte[] pattern = x.arg(1);
                    boolean all = pattern.length == 1 && pattern[0] == '*';
                    List<byte[]> keys = new ArrayList<>();
                    x.keyspace.walk(RedisGlob.literalPrefix(pattern)).forEachRemaining(k -> {
                        if (all || RedisGlob.matches(pattern, k)) {
                            keys.add(k);
                        }
                    });
                    x.out.array(keys.size());
                    keys.forEach(x.out::bulk);
                });
        t.add("scan", -2, "readonly", 0, 0, 0, "generic", "Iterates over the key names in the database.",
                KeyspaceCommands::scan);
        t.add("randomkey", 1, "readonly", 0, 0, 0, "generic", "Returns a random key name from the database.",
                KeyspaceCommands::randomKey);
        t.add("rename", 3, "write", 1, 2, 1, "generic", "Renames a key and overwrites the destination.",
                x -> {
                    rename(x, false);
                    x.out.ok();
                });
        t.add("renamenx", 3, "write fast", 1, 2, 1, "generic", "Renames a key only when the target key name doesn't exist.",
                x -> x.out.integer(rename(x, true) ? 1 : 0));
        t.add("copy", -3, "write denyoom", 1, 2, 1, "generic", "Copies the value of a key to a new key.",
                KeyspaceCommands::copy);
        t.add("dbsize", 1, "readonly fast", 0, 0, 0, "server", "Returns the number of keys in the database.",
                x -> x.out.integer(x.keyspace.size()));
        t.add("flushdb", -1, "write", 0, 0, 0, "server", "Remove all keys from the current database.",
                KeyspaceCommands::flush);
        t.add("flushall", -1, "write", 0, 0, 0, "server", "Removes all keys from all databases.",
                KeyspaceCommands::flush);
    }

    private static void del(Exec x) {
        long n = 0;
        for (int i = 1; i < x.argc(); i++) {
            if (x.keyspace.delete(x.arg(i))) {
                n++;
            }
        }
        x.out.integer(n);
    }

    private static void countExisting(Exec x) {
        long n = 0;
        for (int i = 1; i < x.argc(); i++) {
            if (x.keyspace.exists(x.arg(i))) {
                n++;
            }
        }
        x.out.integer(n);
    }

    private static boolean rename(Exec x, boolean nx) {
        byte[] v = x.keyspace.get(x.arg(1));
        if (v == null) {
            throw new CommandException("ERR no such key");
        }
        if (java.util.Arrays.equals(x.arg(1), x.arg(2))) {
            return !nx;
        }
        if (nx && x.keyspace.exists(x.arg(2))) {
            return false;
        }
        long at = x.keyspace.expiresAt(x.arg(1));
        x.keyspace.put(x.arg(2), v, at > 0 ? at : 0);
        x.keyspace.delete(x.arg(1));
        return true;
    }

    private static void copy(Exec x) {
        boolean replace = false;
        for (int i = 3; i < x.argc(); i++) {
            String k = x.keyword(i);
            if (k.equals("replace")) {
                replace = true;
            } else if (k.equals("db") && i + 1 < x.argc()) {
                long db = x.integer(++i);
                if (db != 0) {
                    throw new CommandException("ERR DB index is out of range");
                }
            } else {
                throw CommandException.SYNTAX;
            }
        }
        byte[] v = x.keyspace.get(x.arg(1));
        if (v == null || (!replace && x.keyspace.exists(x.arg(2)))) {
            x.out.integer(0);
            return;
        }
        if (java.util.Arrays.equals(x.arg(1), x.arg(2))) {
            throw new CommandException("ERR source and destination objects are the same");
        }
        long at = x.keyspace.expiresAt(x.arg(1));
        x.keyspace.put(x.arg(2), v, at > 0 ? at : 0);
        x.out.integer(1);
    }

    private static void flush(Exec x) {
        if (x.argc() > 2 || (x.argc() == 2 && !x.keyword(1).equals("async") && !x.keyword(1).equals("sync"))) {
            throw CommandException.SYNTAX;
        }
        List<byte[]> keys = new ArrayList<>();
        x.keyspace.walk().forEachRemaining(keys::add);
        for (byte[] k : keys) {
            x.keyspace.delete(k);
        }
        x.keyspace.touchAllWatched();
        x.out.ok();
    }

    private static void randomKey(Exec x) {
        Keyspace.KeyWalk walk = x.keyspace.walk();
        // Not uniform: the walk has no random access; a random number of keys (up to 64) is skipped.
        int skip = ThreadLocalRandom.current().nextInt(64);
        byte[] chosen = null;
        for (int i = 0; i <= skip; i++) {
            byte[] k = walk.next();
            if (k == null) {
                break;
            }
            chosen = k;
        }
        x.out.bulk(chosen);
    }

    /** SCAN cursor MATCH pattern COUNT n TYPE t: cursors are server-side walks held by the client (16 at most). */
    private static void scan(Exec x) {
        Long cursor = unsigned(x.arg(1));
        if (cursor == null) {
            throw new CommandException("ERR invalid cursor");
        }
        byte[] pattern = null;
        long count = 10;
        String type = null;
        for (int i = 2; i < x.argc(); i++) {
            String k = x.keyword(i);
            if (i + 1 >= x.argc()) {
                throw CommandException.SYNTAX;
            }
            switch (k) {
                case "match" -> pattern = x.arg(++i);
                case "count" -> {
                    count = x.integer(++i);
                    if (count < 1) {
                        throw CommandException.SYNTAX;
                    }
                }
                case "type" -> type = x.keyword(++i);
                default -> throw CommandException.SYNTAX;
            }
        }
        Keyspace.KeyWalk walk;
        if (cursor == 0) {
            walk = x.keyspace.walk(pattern == null ? new byte[0] : RedisGlob.literalPrefix(pattern));
        } else {
            walk = (Keyspace.KeyWalk) x.client.scans.remove(cursor);
            if (walk == null) {
                throw new CommandException("ERR invalid cursor (unknown or expired; cursors live on the connection"
                        + " that started them, 16 at most)");
            }
            x.keyspace.dependOnAll();
        }
        boolean none = type != null && !type.equals("string");
        List<byte[]> keys = new ArrayList<>();
        boolean done = false;
        for (long n = 0; n < count; n++) {
            byte[] k = walk.next();
            if (k == null) {
                done = true;
                break;
            }
            if (!none && (pattern == null || RedisGlob.matches(pattern, k))) {
                keys.add(k);
            }
        }
        long next = 0;
        if (!done) {
            next = x.client.nextScanId++;
            x.client.scans.put(next, walk);
        }
        x.out.array(2);
        x.out.bulk(Long.toUnsignedString(next));
        x.out.array(keys.size());
        keys.forEach(x.out::bulk);
    }

    private static Long unsigned(byte[] b) {
        if (b.length == 0 || b.length > 20) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
