package io.kvstore.server.shell;

import io.kvstore.engine.KvException;
import io.kvstore.engine.KeyRange;
import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvStats;
import io.kvstore.engine.KvStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Executes shell command lines against one open {@link KvStore}, writing replies to one writer.
 *
 * <p><b>Commands</b> (names case-insensitive; arguments as {@link Tokenizer} splits them):
 * {@code SET key value [EX seconds | PX ms]} replies {@code OK}; the expiry commands {@code EXPIRE}, {@code PEXPIRE},
 * {@code TTL}, {@code PTTL}, {@code PERSIST} reply as Redis does ({@link ShellExpiry}); {@code GET key} the value quoted as {@link Display} renders it, or
 * {@code (nil)}; {@code DEL key...} and {@code EXISTS key} reply {@code (integer) n}; {@code KEYS [pattern]}
 * lists matching keys (see {@link Glob}) in unsigned byte order as {@code 1) "key"}, or {@code (empty)};
 * {@code STATS} prints {@code name: value} lines; {@code SAVE} writes a snapshot and replies {@code OK};
 * {@code HELP}; {@code QUIT} or {@code EXIT}. Blank lines and lines starting with {@code #} do nothing.
 *
 * <p><b>Errors.</b> A malformed line, an unknown command, a wrong number of arguments or a store failure
 * ({@link KvException}) prints one line starting with {@code (error)} and is counted in {@link #errors()}; the
 * session goes on. Writes are durable when their reply is printed, as the store's sync policy promises.
 *
 * <p>Not thread-safe: one session serves one reader of commands. It does not close the store.
 */
final class ShellSession {
    /** What the caller should do after a line. */
    enum Outcome { CONTINUE, QUIT }

    /** Command names, for completion and HELP. */
    static final List<String> COMMANDS =
            List.of("SET", "GET", "DEL", "EXISTS", "KEYS", "EXPIRE", "PEXPIRE", "TTL", "PTTL", "PERSIST", "STATS",
                    "SAVE", "HELP", "QUIT", "EXIT");

    static final String HELP = String.join("\n",
            "Commands (keys and values are text; quote with \"...\" or '...'; in \"...\" use \\\" \\\\ \\n \\t \\xHH):",
            "  SET key value     store value under key (clears its expiry)",
            "  SET key value EX seconds | PX ms   ... expiring after that time",
            "  EXPIRE key secs   expire key after secs (PEXPIRE: ms); prints 1, or 0 if missing",
            "  TTL key           seconds left (PTTL: ms); -1 no expiry, -2 missing",
            "  PERSIST key       remove the expiry; prints 1 if there was one",
            "  GET key           print the value, or (nil)",
            "  DEL key [key...]  delete keys; prints how many existed",
            "  EXISTS key        prints 1 if key exists, else 0",
            "  KEYS [pattern]    list keys matching a glob (* ? [a-z] [!a-z]); default *",
            "  STATS             entry count, memory, log and snapshot positions",
            "  SAVE              write a snapshot now (shortens recovery)",
            "  HELP              this text",
            "  QUIT              leave (also EXIT or end of input)");

    private final KvStore store;
    private final PrintWriter out;
    private int errors;

    ShellSession(KvStore store, PrintWriter out) {
        this.store = Objects.requireNonNull(store, "store");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Executes one line, prints its reply and flushes. */
    Outcome execute(String line) {
        try {
            return run(line);
        } catch (KvException | IllegalArgumentException e) {
            error(e.getMessage());
            return Outcome.CONTINUE;
        } finally {
            out.flush();
        }
    }

    /** Lines that printed an {@code (error)} so far. */
    int errors() {
        return errors;
    }

    private Outcome run(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Outcome.CONTINUE;
        }
        List<byte[]> args = Tokenizer.split(trimmed);
        String name = new String(args.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        List<byte[]> rest = args.subList(1, args.size());
        switch (name) {
            case "SET" -> {
                arity(name, rest, 2, 4, "SET key value [EX seconds | PX ms]");
                if (rest.size() == 2) {
                    store.put(rest.get(0), rest.get(1));
                } else {
                    ShellExpiry.set(store, rest.get(0), rest.get(1), rest.subList(2, rest.size()));
                }
                out.println("OK");
            }
            case "GET" -> {
                arity(name, rest, 1, 1, "GET key");
                String value = store.get(rest.get(0), Display::quoted); // rendered from the stored bytes, no copy
                out.println(value == null ? "(nil)" : value);
            }
            case "DEL" -> {
                arity(name, rest, 1, Integer.MAX_VALUE, "DEL key [key...]");
                int deleted = 0;
                for (byte[] key : rest) {
                    if (store.delete(key)) {
                        deleted++;
                    }
                }
                out.println("(integer) " + deleted);
            }
            case "EXISTS" -> {
                arity(name, rest, 1, 1, "EXISTS key");
                out.println("(integer) " + (store.exists(rest.get(0)) ? 1 : 0));
            }
            case "KEYS" -> {
                arity(name, rest, 0, 1, "KEYS [pattern]");
                keys(rest.isEmpty() ? "*" : new String(rest.get(0), StandardCharsets.ISO_8859_1));
            }
            case "EXPIRE", "PEXPIRE" -> {
                arity(name, rest, 2, 2, name + " key " + (name.equals("EXPIRE") ? "seconds" : "milliseconds"));
                out.println("(integer) " + ShellExpiry.expire(store, rest.get(0), rest.get(1),
                        name.equals("EXPIRE") ? 1000 : 1, name));
            }
            case "TTL", "PTTL" -> {
                arity(name, rest, 1, 1, name + " key");
                out.println("(integer) " + ShellExpiry.ttl(store, rest.get(0), name.equals("TTL") ? 1000 : 1));
            }
            case "PERSIST" -> {
                arity(name, rest, 1, 1, "PERSIST key");
                out.println("(integer) " + (store.persist(rest.get(0)) ? 1 : 0));
            }
            case "STATS" -> {
                arity(name, rest, 0, 0, "STATS");
                stats(store.stats());
            }
            case "SAVE" -> {
                arity(name, rest, 0, 0, "SAVE");
                store.snapshot();
                out.println("OK");
            }
            case "HELP" -> out.println(HELP);
            case "QUIT", "EXIT" -> {
                return Outcome.QUIT;
            }
            default -> throw new IllegalArgumentException("unknown command '" + name + "'; type HELP");
        }
        return Outcome.CONTINUE;
    }

    private void keys(String pattern) {
        Glob glob = Glob.compile(pattern);
        List<byte[]> keys = new ArrayList<>();
        // only the keys starting with the pattern's literal prefix, already in order (the ordered index); a
        // pattern and keys are matched byte for byte, as Redis' KEYS does (one char per byte: ISO-8859-1), so keys
        // that are not UTF-8 are matched exactly and ? stands for one byte
        String prefix = Glob.literalPrefix(pattern);
        byte[] prefixBytes = prefix.getBytes(StandardCharsets.ISO_8859_1);
        KvCursor c = store.cursor(prefixBytes == null ? KeyRange.all() : KeyRange.prefix(prefixBytes));
        while (c.next()) {
            byte[] key = c.key();
            if (glob.matches(new String(key, StandardCharsets.ISO_8859_1))) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            out.println("(empty)");
            return;
        }
        for (int i = 0; i < keys.size(); i++) {
            out.println((i + 1) + ") " + Display.quoted(keys.get(i)));
        }
    }

    private void stats(KvStats s) {
        out.println("store: " + (store.directory() == null ? "(in memory)" : store.directory()));
        out.println("count: " + s.count());
        out.println("memory_used_bytes: " + s.memoryUsed());
        out.println("memory_limit_bytes: " + (s.memoryLimit() == 0 ? "unlimited" : s.memoryLimit()));
        out.println("compression: " + s.compression());
        out.println("memory_raw_bytes: " + s.memoryRaw());
        out.println("compression_ratio: " + String.format(Locale.ROOT, "%.3f", s.compressionRatio()));
        out.println("buckets: " + s.bucketCount());
        out.println("load_factor: " + String.format(Locale.ROOT, "%.3f", s.loadFactor()));
        out.println("last_lsn: " + s.lastLsn());
        out.println("wal_bytes: " + s.walBytes());
        out.println("snapshot_lsn: " + s.snapshotLsn());
        out.println("evictions: " + s.evictions());
        out.println("failed: " + s.failed() + (s.failed() ? " (" + s.failureCause() + ")" : ""));
        out.println("commits: " + s.commits());
        out.println("commit_groups: " + s.commitGroups());
        out.println("avg_group_size: " + String.format(Locale.ROOT, "%.2f", s.averageGroupSize()));
        out.println("wal_syncs: " + s.walSyncs());
        if (s.snapshotFailures() > 0) {
            out.println("snapshot_failures: " + s.snapshotFailures());
            out.println("last_snapshot_error: " + s.lastSnapshotError());
            out.println("next_snapshot_attempt: " + java.time.Instant.ofEpochMilli(s.nextSnapshotAttemptMillis()));
        }
    }

    private static void arity(String name, List<byte[]> args, int min, int max, String usage) {
        if (args.size() < min || args.size() > max) {
            throw new IllegalArgumentException("wrong number of arguments for " + name + " (usage: " + usage
                    + (name.equals("SET") && args.size() > 4 ? "; quote a value that contains spaces" : "") + ")");
        }
    }

    private void error(String message) {
        errors++;
        out.println("(error) " + message);
    }
}
