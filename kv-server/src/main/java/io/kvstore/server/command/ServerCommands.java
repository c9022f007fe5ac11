package io.kvstore.server.command;

import io.kvstore.engine.KvStats;
import io.kvstore.server.ServerConfig;
import io.kvstore.server.resp.RespWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The server commands (redis.io group "server") that make sense for this store. */
final class ServerCommands {
    private ServerCommands() {
    }

    static void register(CommandTable t) {
        t.add("command", -1, "", 0, 0, 0, "server", "Returns detailed information about all commands.",
                ServerCommands::command);
        t.add("info", -1, "", 0, 0, 0, "server", "Returns information and statistics about the server.",
                x -> x.out.verbatim(info(x)));
        t.add("config", -2, "admin", 0, 0, 0, "server", "A container for server configuration commands.",
                ServerCommands::config);
        t.add("time", 1, "fast", 0, 0, 0, "server", "Returns the server time.",
                x -> {
                    long micros = java.time.Instant.now().toEpochMilli() * 1000
                            + (System.nanoTime() / 1000) % 1000;
                    x.out.array(2).bulk(Long.toString(micros / 1_000_000)).bulk(Long.toString(micros % 1_000_000));
                });
        t.add("lastsave", 1, "fast", 0, 0, 0, "server", "Returns the Unix timestamp of the last successful save to disk.",
                x -> x.out.integer(x.server.lastSaveSeconds));
        t.add("save", 1, "admin no-multi", 0, 0, 0, "server", "Synchronously saves the database(s) to disk.",
                x -> {
                    if (!x.server.saveInProgress.compareAndSet(false, true)) {
                        throw new CommandException("ERR Background save already in progress");
                    }
                    x.replyLater(snapshot(x), RespWriter::ok);
                });
        t.add("bgsave", -1, "admin no-multi", 0, 0, 0, "server", "Asynchronously saves the database(s) to disk.",
                x -> {
                    if (!x.server.saveInProgress.compareAndSet(false, true)) {
                        throw new CommandException("ERR Background save already in progress");
                    }
                    snapshot(x);
                    x.out.simple("Background saving started");
                });
        t.add("shutdown", -1, "admin noauth no-multi", 0, 0, 0, "server",
                "Synchronously saves the database(s) to disk and shuts down the Redis server.",
                ServerCommands::shutdown);
        t.add("slowlog", -2, "admin", 0, 0, 0, "server", "A container for slow log commands.", ServerCommands::slowlog);
        t.add("debug", -2, "admin no-multi", 0, 0, 0, "server", "A container for debugging commands (SLEEP only).",
                x -> {
                    if (!x.keyword(1).equals("sleep") || x.argc() != 3) {
                        throw new CommandException("ERR DEBUG subcommand not supported: only DEBUG SLEEP <seconds>");
                    }
                    Double secs = Numbers.parseDouble(x.arg(2));
                    if (secs == null || secs < 0 || secs > 3600) {
                        throw new CommandException("ERR value is not a valid float");
                    }
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    CompletableFuture.delayedExecutor((long) (secs * 1e6), TimeUnit.MICROSECONDS)
                            .execute(() -> f.complete(null));
                    x.replyLater(f, RespWriter::ok);
                });
    }

    /** Snapshot after every write so far is durable, off the event loop; LASTSAVE follows. */
    private static CompletableFuture<Void> snapshot(Exec x) {
        ServerState s = x.server;
        return x.keyspace.whenResolved(x.keyspace.lastSeq()).thenRunAsync(() -> {
            try {
                s.keyspace().store().snapshot();
                s.lastSaveSeconds = System.currentTimeMillis() / 1000;
                s.lastSaveStatus = "ok";
            } catch (RuntimeException e) {
                s.lastSaveStatus = "err";
                throw new CommandException("ERR snapshot failed: " + e.getMessage());
            } finally {
                s.saveInProgress.set(false);
            }
        }, s.admin);
    }

    private static void shutdown(Exec x) {
        int save = -1;
        for (int i = 1; i < x.argc(); i++) {
            switch (x.keyword(i)) {
                case "nosave" -> save = 0;
                case "save" -> save = 1;
                case "now", "force" -> {
                }
                case "abort" -> throw new CommandException("ERR No shutdown in progress.");
                default -> throw CommandException.SYNTAX;
            }
        }
        if (!x.client.authenticated) {
            // SHUTDOWN is noauth only so that its reply is Redis' (NOAUTH) when a password is set.
            throw new CommandException("NOAUTH Authentication required.");
        }
        x.server.requestShutdown(save);
        // As in Redis, a successful SHUTDOWN has no reply: the connection closes.
        x.replyLater(new CompletableFuture<>(), w -> { });
    }

    private static void slowlog(Exec x) {
        var log = x.server.slowlog;
        switch (x.keyword(1)) {
            case "len" -> x.out.integer(log.size());
            case "reset" -> {
                log.clear();
                x.out.ok();
            }
            case "get" -> {
                long n = x.argc() > 2 ? x.integer(2) : 10;
                if (n < 0) {
                    n = log.size();
                }
                List<Object[]> entries = new ArrayList<>(log).subList(0, (int) Math.min(n, log.size()));
                x.out.array(entries.size());
                for (Object[] e : entries) {
                    x.out.array(6).integer((Long) e[0]).integer((Long) e[1]).integer((Long) e[2]);
                    @SuppressWarnings("unchecked")
                    List<String> args = (List<String>) e[3];
                    x.out.array(args.size());
                    args.forEach(x.out::bulk);
                    x.out.bulk((String) e[4]).bulk((String) e[5]);
                }
            }
            case "help" -> {
                x.out.array(4).simple("SLOWLOG <subcommand>. Subcommands are:").simple("GET [<count>]")
                        .simple("LEN").simple("RESET");
            }
            default -> throw new CommandException("ERR unknown subcommand '" + x.str(1) + "'. Try SLOWLOG HELP.");
        }
    }

    private static void config(Exec x) {
        ServerConfig cfg = x.server.config();
        switch (x.keyword(1)) {
            case "get" -> {
                if (x.argc() < 3) {
                    throw new CommandException("ERR wrong number of arguments for 'config|get' command");
                }
                List<String> names = new ArrayList<>();
                for (int i = 2; i < x.argc(); i++) {
                    byte[] pattern = x.keyword(i).getBytes(StandardCharsets.UTF_8);
                    for (String n : cfg.names()) {
                        if (!names.contains(n) && RedisGlob.matches(pattern, n.getBytes(StandardCharsets.UTF_8))) {
                            names.add(n);
                        }
                    }
                }
                x.out.map(names.size());
                for (String n : names) {
                    x.out.bulk(n).bulk(cfg.get(n));
                }
            }
            case "set" -> {
                if (x.argc() < 4 || x.argc() % 2 != 0) {
                    throw new CommandException("ERR wrong number of arguments for 'config|set' command");
                }
                for (int i = 2; i < x.argc(); i += 2) {
                    String n = x.keyword(i);
                    if (cfg.get(n) == null) {
                        throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '" + x.str(i) + "'");
                    }
                    if (!cfg.isMutable(n)) {
                        throw new CommandException("ERR CONFIG SET failed (possibly related to argument '" + n
                                + "') - can't set immutable config");
                    }
                }
                ServerConfig copy = new ServerConfig();
                for (int i = 2; i < x.argc(); i += 2) {
                    try {
                        copy.set(x.keyword(i), x.str(i + 1));
                    } catch (IllegalArgumentException e) {
                        throw new CommandException("ERR CONFIG SET failed (possibly related to argument '"
                                + x.keyword(i) + "') - " + e.getMessage());
                    }
                }
                for (int i = 2; i < x.argc(); i += 2) {
                    cfg.set(x.keyword(i), x.str(i + 1));
                }
                x.out.ok();
            }
            case "resetstat" -> {
                x.server.slowlog.clear();
                x.out.ok();
            }
            case "rewrite" -> throw new CommandException("ERR CONFIG REWRITE is not supported: edit the configuration file");
            case "help" -> x.out.array(4).simple("CONFIG <subcommand>. Subcommands are:").simple("GET <pattern>")
                    .simple("SET <directive> <value>").simple("RESETSTAT");
            default -> throw new CommandException("ERR unknown subcommand '" + x.str(1) + "'. Try CONFIG HELP.");
        }
    }

    private static void command(Exec x) {
        CommandTable table = x.server.table();
        if (x.argc() == 1) {
            x.out.array(table.all().size());
            table.all().forEach(spec -> commandInfo(x.out, spec));
            return;
        }
        switch (x.keyword(1)) {
            case "count" -> x.out.integer(table.all().size());
            case "list" -> {
                x.out.array(table.all().size());
                table.all().forEach(spec -> x.out.bulk(spec.name()));
            }
            case "info" -> {
                if (x.argc() == 2) {
                    x.out.array(table.all().size());
                    table.all().forEach(spec -> commandInfo(x.out, spec));
                    return;
                }
                x.out.array(x.argc() - 2);
                for (int i = 2; i < x.argc(); i++) {
                    CommandSpec spec = table.get(x.keyword(i));
                    if (spec == null) {
                        x.out.nullArray();
                    } else {
                        commandInfo(x.out, spec);
                    }
                }
            }
            case "docs" -> {
                List<CommandSpec> specs = new ArrayList<>();
                if (x.argc() == 2) {
                    specs.addAll(table.all());
                } else {
                    for (int i = 2; i < x.argc(); i++) {
                        CommandSpec spec = table.get(x.keyword(i));
                        if (spec != null) {
                            specs.add(spec);
                        }
                    }
                }
                x.out.map(specs.size());
                for (CommandSpec spec : specs) {
                    x.out.bulk(spec.name());
                    x.out.map(3).bulk("summary").bulk(spec.summary()).bulk("since").bulk("1.0.0")
                            .bulk("group").bulk(spec.group());
                }
            }
            case "getkeys" -> {
                byte[][] args = java.util.Arrays.copyOfRange(x.args, 2, x.argc());
                CommandSpec spec = args.length == 0 ? null : table.lookup(args[0]);
                if (spec == null) {
                    throw new CommandException("ERR Invalid command specified");
                }
                if (!spec.arityOk(args.length)) {
                    throw new CommandException("ERR Invalid number of arguments specified for command");
                }
                if (spec.firstKey() == 0) {
                    throw new CommandException("ERR The command has no key arguments");
                }
                int last = spec.lastKey() < 0 ? args.length + spec.lastKey() : spec.lastKey();
                List<byte[]> keys = new ArrayList<>();
                for (int i = spec.firstKey(); i <= last && i < args.length; i += spec.step()) {
                    keys.add(args[i]);
                }
                x.out.array(keys.size());
                keys.forEach(x.out::bulk);
            }
            case "help" -> x.out.array(6).simple("COMMAND <subcommand>. Subcommands are:").simple("(no subcommand)")
                    .simple("COUNT").simple("DOCS [<command-name> ...]").simple("INFO [<command-name> ...]")
                    .simple("LIST");
            default -> throw new CommandException("ERR unknown subcommand '" + x.str(1) + "'. Try COMMAND HELP.");
        }
    }

    private static void commandInfo(RespWriter out, CommandSpec spec) {
        out.array(10);
        out.bulk(spec.name());
        out.integer(spec.arity());
        out.set(spec.flags().size());
        spec.flags().forEach(out::simple);
        out.integer(spec.firstKey());
        out.integer(spec.lastKey());
        out.integer(spec.step());
        out.set(1).simple("@" + spec.group());
        out.set(0);
        out.array(0);
        out.array(0);
    }

    private static String info(Exec x) {
        List<String> wanted = new ArrayList<>();
        for (int i = 1; i < x.argc(); i++) {
            wanted.add(x.keyword(i));
        }
        boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
                || wanted.contains("default");
        ServerState s = x.server;
        KvStats stats = s.keyspace().store().stats();
        StringBuilder sb = new StringBuilder();
        if (all || wanted.contains("server")) {
            sb.append("# Server\r\n")
                    .append("redis_version:").append(ConnectionCommands.REDIS_VERSION).append("\r\n")
                    .append("kvstore_server:1\r\n")
                    .append("redis_mode:standalone\r\n")
                    .append("os:").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append("\r\n")
                    .append("process_id:").append(ProcessHandle.current().pid()).append("\r\n")
                    .append("tcp_port:").append(s.config().get("port")).append("\r\n")
                    .append("io_transport:").append(s.transport()).append("\r\n")
                    .append("uptime_in_seconds:").append((System.currentTimeMillis() - s.startMillis) / 1000).append("\r\n")
                    .append("java_version:").append(System.getProperty("java.version")).append("\r\n")
                    .append("\r\n");
        }
        if (all || wanted.contains("clients")) {
            sb.append("# Clients\r\n")
                    .append("connected_clients:").append(s.clients.size()).append("\r\n")
                    .append("maxclients:").append(s.config().maxClients()).append("\r\n")
                    .append("\r\n");
        }
        if (all || wanted.contains("memory")) {
            Runtime rt = Runtime.getRuntime();
            long heapUsed = rt.totalMemory() - rt.freeMemory();
            sb.append("# Memory\r\n")
                    .append("used_memory:").append(stats.memoryUsed()).append("\r\n")
                    .append("used_memory_human:").append(human(stats.memoryUsed())).append("\r\n")
                    .append("used_memory_heap:").append(heapUsed).append("\r\n")
                    .append("kv_compression:").append(stats.compression()).append("\r\n")
                    .append("kv_memory_raw:").append(stats.memoryRaw()).append("\r\n")
                    .append("kv_memory_stored:").append(stats.memoryUsed()).append("\r\n")
                    .append("kv_compression_ratio:")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", stats.compressionRatio())).append("\r\n")
                    .append("maxmemory:").append(s.config().maxMemory()).append("\r\n")
                    .append("maxmemory_policy:noeviction\r\n")
                    .append("\r\n");
        }
        if (all || wanted.contains("persistence")) {
            sb.append("# Persistence\r\n")
                    .append("loading:0\r\n")
                    .append("rdb_bgsave_in_progress:").append(s.saveInProgress.get() ? 1 : 0).append("\r\n")
                    .append("rdb_last_save_time:").append(s.lastSaveSeconds).append("\r\n")
                    .append("rdb_last_bgsave_status:").append(s.lastSaveStatus).append("\r\n")
                    .append("aof_enabled:1\r\n")
                    .append("kvstore_sync_policy:").append(s.keyspace().store().options().syncPolicy().name().toLowerCase(Locale.ROOT)).append("\r\n")
                    .append("kvstore_wal_bytes:").append(stats.walBytes()).append("\r\n")
                    .append("kvstore_last_lsn:").append(stats.lastLsn()).append("\r\n")
                    .append("kvstore_snapshot_lsn:").append(stats.snapshotLsn()).append("\r\n")
                    .append("kvstore_failed:").append(stats.failed() ? 1 : 0).append("\r\n")
                    .append("kvstore_commits:").append(stats.commits()).append("\r\n")
                    .append("kvstore_commit_groups:").append(stats.commitGroups()).append("\r\n")
                    .append("kvstore_wal_syncs:").append(stats.walSyncs()).append("\r\n")
                    .append("\r\n");
        }
        if (all || wanted.contains("stats")) {
            sb.append("# Stats\r\n")
                    .append("total_connections_received:").append(s.connectionsReceived.sum()).append("\r\n")
                    .append("total_commands_processed:").append(s.commandsProcessed.sum()).append("\r\n")
                    .append("rejected_connections:").append(s.rejectedConnections.sum()).append("\r\n")
                    .append("total_error_replies_protocol:").append(s.protocolErrors.sum()).append("\r\n")
                    .append("client_output_buffer_limit_disconnections:").append(s.outputLimitDisconnects.sum()).append("\r\n")
                    .append("\r\n");
        }
        if (all || wanted.contains("replication")) {
            sb.append("# Replication\r\n").append(s.replication().info()).append("\r\n");
        }
        if (all || wanted.contains("cpu")) {
            var os = ManagementFactory.getRuntimeMXBean();
            sb.append("# CPU\r\nuptime_ms:").append(os.getUptime()).append("\r\n\r\n");
        }
        if (all || wanted.contains("keyspace")) {
            sb.append("# Keyspace\r\n");
            long keys = s.keyspace().size();
            if (keys > 0) {
                sb.append("db0:keys=").append(keys).append(",expires=0,avg_ttl=0\r\n");
            }
        }
        return sb.toString();
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        if (bytes < (1 << 20)) {
            return String.format(Locale.ROOT, "%.2fK", bytes / 1024.0);
        }
        if (bytes < (1L << 30)) {
            return String.format(Locale.ROOT, "%.2fM", bytes / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2fG", bytes / 1073741824.0);
    }
}
