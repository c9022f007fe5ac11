package io.kvstore.server.command;

/** ROLE, WAIT, READONLY and READWRITE: what a client sees of replication (see docs/replication.md). */
final class ReplicationCommands {
    private ReplicationCommands() {
    }

    static void register(CommandTable t) {
        t.add("role", 1, "fast", 0, 0, 0, "server", "Returns the replication role.",
                x -> x.server.replication().role(x.out));
        t.add("wait", 3, "", 0, 0, 0, "generic",
                "Blocks until the writes acknowledged so far are on the given number of replicas.", ReplicationCommands::waitCmd);
        t.add("readonly", 1, "fast", 0, 0, 0, "cluster",
                "Lets this connection read from a follower (stale reads, see docs/replication.md).", x -> {
                    x.client.staleReads = true;
                    x.out.ok();
                });
        t.add("readwrite", 1, "fast", 0, 0, 0, "cluster", "Ends READONLY: reads go to the leader again.", x -> {
            x.client.staleReads = false;
            x.out.ok();
        });
    }

    private static void waitCmd(Exec x) {
        long replicas = x.integer(1);
        long timeout = x.integer(2);
        if (replicas < 0 || timeout < 0) {
            throw new CommandException("ERR timeout is negative");
        }
        var f = x.server.replication().waitReplicas(replicas, timeout);
        x.replyLater(f, out -> out.integer(f.join()));
    }
}
