package io.kvstore.server.command;

import io.kvstore.engine.KvException;
import io.kvstore.server.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one request: looks the command up, checks arity, authentication and the MULTI state as Redis does (in
 * that order), runs it, and turns failures into error replies. Called under the keyspace lock.
 */
public final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    /** Commands that run at once even inside MULTI. */
    private static final Set<String> MULTI_CONTROL = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

    private final ServerState server;

    public Dispatcher(ServerState server) {
        this.server = server;
    }

    /**
     * Executes {@code args} for {@code client}, writing one reply to {@code out}. Returns the {@link Exec} (for a
     * deferred reply), never throws. The command's time, for SLOWLOG, runs from {@code client.commandClockNanos}
     * (the caller sets it when a read burst begins; each command's end is the next one's start) to its end.
     */
    public Exec execute(ClientSession client, byte[][] args, RespWriter out) {
        Exec x = new Exec(server, client, args, out);
        int mark = out.buffer().writerIndex();
        long start = client.commandClockNanos;
        CommandSpec spec = server.table().lookup(args[0]);
        try {
            if (spec == null) {
                if (client.multi != null) {
                    client.multiError = true;
                }
                throw new CommandException(unknownCommand(args));
            }
            if (!spec.arityOk(args.length)) {
                if (client.multi != null) {
                    client.multiError = true;
                }
                throw new CommandException("ERR wrong number of arguments for '" + spec.name() + "' command");
            }
            if (!client.authenticated && !spec.is(CommandSpec.NOAUTH)) {
                if (client.multi != null) {
                    client.multiError = true;
                }
                throw new CommandException("NOAUTH Authentication required.");
            }
            client.lastCommand = spec.name();
            if (client.multi != null && !MULTI_CONTROL.contains(spec.name())) {
                if (spec.is(CommandSpec.NO_MULTI)) {
                    client.multiError = true;
                    throw new CommandException("ERR Command not allowed inside a transaction");
                }
                client.multi.add(args);
                out.simple("QUEUED");
                return x;
            }
            run(server, spec, x);
        } catch (CommandException e) {
            out.buffer().writerIndex(mark);
            out.error(e.getMessage());
        }
        server.commandsProcessed.increment();
        long end = System.nanoTime();
        client.commandClockNanos = end;
        long micros = (end - start) / 1000;
        long slower = server.config().slowlogSlowerThanMicros();
        if (slower >= 0 && micros >= slower && spec != null) {
            logSlow(x, micros);
        }
        return x;
    }

    /** Runs a checked command (also used by EXEC for the queued ones). Throws CommandException. */
    static void run(ServerState server, CommandSpec spec, Exec x) {
        boolean write = spec.is(CommandSpec.WRITE);
        String refused = write ? server.replication().refuseWrite()
                : spec.is(CommandSpec.READONLY) ? server.replication().refuseRead(x.client) : null;
        if (refused != null) {
            throw new CommandException(refused);
        }
        if (write) {
            if (server.keyspace().store().isReadOnly()) {
                throw new CommandException("READONLY You can't write against a read only replica.");
            }
            if (server.keyspace().store().isFailed()) {
                throw new CommandException("MISCONF the store failed after an I/O error: writes are refused until"
                        + " it is reopened (see the server log)");
            }
        }
        if (spec.is(CommandSpec.DENYOOM)) {
            long max = server.config().maxMemory();
            if (max > 0 && server.keyspace().store().stats().memoryUsed() > max) {
                throw new CommandException("OOM command not allowed when used memory > 'maxmemory'.");
            }
        }
        int mark = x.out.buffer().writerIndex();
        try {
            spec.handler().run(x);
        } catch (CommandException e) {
            throw e;
        } catch (KvException e) {
            x.out.buffer().writerIndex(mark);
            throw new CommandException("ERR " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "command " + spec.name() + " failed", e);
            x.out.buffer().writerIndex(mark);
            throw new CommandException("ERR internal error in " + spec.name() + ": " + e);
        }
    }

    private void logSlow(Exec x, long micros) {
        var log = server.slowlog;
        int max = server.config().slowlogMaxLen();
        if (max == 0) {
            return;
        }
        ArrayList<String> args = new ArrayList<>();
        for (int i = 0; i < Math.min(x.args.length, 32); i++) {
            String a = new String(x.args[i], StandardCharsets.UTF_8);
            args.add(a.length() > 128 ? a.substring(0, 128) + "... (" + (a.length() - 128) + " more bytes)" : a);
        }
        log.addFirst(new Object[] {server.nextSlowlogId++, System.currentTimeMillis() / 1000, micros, args,
            x.client.addr, x.client.name == null ? "" : x.client.name});
        while (log.size() > max) {
            log.removeLast();
        }
    }

    static String unknownCommand(byte[][] args) {
        StringBuilder sb = new StringBuilder("ERR unknown command '").append(truncate(args[0]))
                .append("', with args beginning with: ");
        for (int i = 1; i < args.length && sb.length() < 1024; i++) {
            sb.append('\'').append(truncate(args[i])).append("' ");
        }
        return sb.toString();
    }

    private static String truncate(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 128), StandardCharsets.UTF_8);
        return s;
    }
}
