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
        t.add("cluster", -2, "admin no-multi", 0, 0, 0, "cluster",
                "Adds or removes a member of the Raft group, or lists the members.", ReplicationCommands::cluster);
        t.add("readwrite", 1, "fast", 0, 0, 0, "cluster", "Ends READONLY: reads go to the leader again.", x -> {
            x.client.staleReads = false;
            x.out.ok();
        });
    }

    /** CLUSTER ADD id=host:resp-port:raft-port | REMOVE id | NODES (docs/replication.md#membership). */
    private static void cluster(Exec x) {
        String sub = x.keyword(1);
        switch (sub) {
            case "add", "remove" -> {
                if (x.argc() != 3) {
                    throw new CommandException("ERR wrong number of arguments for 'cluster|" + sub + "' command");
                }
                var f = x.server.replication().changeMembership(sub, x.str(2));
                x.replyLater(f, out -> out.simple(f.join()));
            }
            case "nodes", "status" -> {
                java.util.List<String> m = x.server.replication().members();
                if (m == null) {
                    throw new CommandException("ERR This instance has cluster support disabled");
                }
                x.out.bulk(String.join("\n", m) + "\n");
            }
            default -> throw new CommandException("ERR unknown subcommand '" + x.str(1)
                    + "'. Try CLUSTER ADD id=host:port:raftport, CLUSTER REMOVE id, CLUSTER NODES.");
        }
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
