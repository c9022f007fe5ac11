package io.kvstore.server.command;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis' semantics. Commands run one at a time under the keyspace
 * lock, so EXEC runs its queue atomically, and all of its writes go to the store in one group commit (one engine
 * transaction: all or nothing after a crash). WATCH registers the client with the keyspace, which marks it dirty
 * at any write of a watched key, by any client, until EXEC, DISCARD, UNWATCH or RESET; EXEC of a dirty client
 * answers the null array and runs nothing.
 */
final class TransactionCommands {
    private TransactionCommands() {
    }

    static void register(CommandTable t) {
        t.add("multi", 1, "fast no-multi", 0, 0, 0, "transactions", "Starts a transaction.",
                x -> {
                    if (x.client.multi != null) {
                        throw new CommandException("ERR MULTI calls can not be nested");
                    }
                    x.client.multi = new java.util.ArrayList<>();
                    x.client.multiError = false;
                    x.out.ok();
                });
        t.add("discard", 1, "fast no-multi", 0, 0, 0, "transactions", "Discards a transaction.",
                x -> {
                    if (x.client.multi == null) {
                        throw new CommandException("ERR DISCARD without MULTI");
                    }
                    discard(x);
                    unwatchAll(x);
                    x.out.ok();
                });
        t.add("exec", 1, "no-multi", 0, 0, 0, "transactions", "Executes all commands in a transaction.",
                TransactionCommands::exec);
        t.add("watch", -2, "fast no-multi", 1, -1, 1, "transactions",
                "Monitors changes to keys to determine the execution of a transaction.",
                x -> {
                    if (x.client.multi != null) {
                        throw new CommandException("ERR WATCH inside MULTI is not allowed");
                    }
                    for (int i = 1; i < x.argc(); i++) {
                        byte[] key = x.arg(i);
                        if (x.client.watched.stream().noneMatch(k -> java.util.Arrays.equals(k, key))) {
                            x.client.watched.add(key);
                            x.keyspace.watch(key, x.client.onWatchedTouch);
                        }
                    }
                    x.out.ok();
                });
        t.add("unwatch", 1, "fast no-multi", 0, 0, 0, "transactions", "Forgets about watched keys of a transaction.",
                x -> {
                    unwatchAll(x);
                    x.out.ok();
                });
    }

    static void discard(Exec x) {
        x.client.multi = null;
        x.client.multiError = false;
    }

    static void unwatchAll(Exec x) {
        for (byte[] k : x.client.watched) {
            x.keyspace.unwatch(k, x.client.onWatchedTouch);
        }
        x.client.watched.clear();
        x.client.dirty = false;
    }

    private static void exec(Exec x) {
        var queue = x.client.multi;
        if (queue == null) {
            throw new CommandException("ERR EXEC without MULTI");
        }
        boolean error = x.client.multiError;
        boolean dirty = x.client.dirty;
        discard(x);
        unwatchAll(x);
        if (error) {
            throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
        }
        if (dirty) {
            x.out.nullArray();
            return;
        }
        x.out.array(queue.size());
        for (byte[][] args : queue) {
            CommandSpec spec = x.server.table().lookup(args[0]);
            Exec inner = new Exec(x.server, x.client, args, x.out);
            try {
                Dispatcher.run(x.server, spec, inner);
            } catch (CommandException e) {
                x.out.error(e.getMessage());
            }
        }
    }
}
