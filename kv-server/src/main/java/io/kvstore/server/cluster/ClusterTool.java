package io.kvstore.server.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./kvstore cluster status|add|remove}: membership of a Raft group of servers (docs/replication.md) from
 * the command line, through the server commands {@code CLUSTER NODES}, {@code CLUSTER ADD} and
 * {@code CLUSTER REMOVE}.
 *
 * <pre>
 *   ./kvstore cluster status [--server host:port[,host:port...]] [--password PW]
 *   ./kvstore cluster add    id=host:resp-port:raft-port [--server ...] [--password PW]
 *   ./kvstore cluster remove id                          [--server ...] [--password PW]
 * </pre>
 *
 * <p>{@code --server} names any members (default 127.0.0.1:6379); the first one that answers is asked. A change
 * sent to a follower is sent again to the leader it names ({@code CLUSTER NODES}); during an election
 * ({@code -TRYAGAIN}) it is retried for up to {@link #RETRY_MILLIS} ms. Exit status: 0 done, 1 the group refused
 * or could not be reached (one line on standard error says which node and why), 2 bad arguments.
 *
 * <p>Stateless; {@link #run} may be called from any thread.
 */
public final class ClusterTool {
    static final int RETRY_MILLIS = 10_000;
    private static final int CONNECT_MILLIS = 5_000;
    /** A node being added catches up first (the server's staging timeout is 5 minutes). */
    private static final int REPLY_MILLIS = 6 * 60_000;

    private ClusterTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    private static final String USAGE = String.join("\n",
            "usage: ./kvstore cluster status [--server host:port[,host:port...]] [--password PW]",
            "       ./kvstore cluster add id=host:resp-port:raft-port [--server ...] [--password PW]",
            "       ./kvstore cluster remove id [--server ...] [--password PW]",
            "",
            "Membership of a Raft group of kvstore servers (docs/replication.md#membership).",
            "  status   lists the members: id, client address, raft address, leader/follower",
            "  add      adds a node started with --raft-join yes; returns once the new configuration",
            "           is committed (the node catches up from the log or a snapshot first)",
            "  remove   removes a member by id (removing the leader makes it step down)",
            "  --server     members to ask, comma-separated (default 127.0.0.1:6379); the first that",
            "               answers is used; add/remove follow it to the leader",
            "  --password   sent with AUTH first (the servers' requirepass)",
            "Exit status: 0 done, 1 refused or unreachable, 2 bad arguments.");

    /** Runs the subcommand; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String sub = null;
        String operand = null;
        List<String[]> servers = new ArrayList<>();
        String password = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h") || a.equals("help")) {
                    out.println(USAGE);
                    return 0;
                } else if (a.equals("--server")) {
                    for (String s : value(args, ++i, a).split(",")) {
                        servers.add(hostPort(s.trim()));
                    }
                } else if (a.equals("--password")) {
                    password = value(args, ++i, a);
                } else if (a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + a);
                } else if (sub == null) {
                    sub = a;
                } else if (operand == null) {
                    operand = a;
                } else {
                    throw new IllegalArgumentException("unexpected argument " + a);
                }
            }
            if (sub == null) {
                throw new IllegalArgumentException("missing subcommand (status, add or remove)");
            }
            switch (sub) {
                case "status" -> {
                    if (operand != null) {
                        throw new IllegalArgumentException("status takes no argument");
                    }
                }
                case "add", "remove" -> {
                    if (operand == null) {
                        throw new IllegalArgumentException(sub + " needs " + (sub.equals("add")
                                ? "the node as id=host:resp-port:raft-port" : "the id of the node"));
                    }
                    if (sub.equals("add") && !operand.matches("[A-Za-z0-9_-]+=.+:\\d+:\\d+")) {
                        throw new IllegalArgumentException("add needs id=host:resp-port:raft-port, not " + operand);
                    }
                }
                default -> throw new IllegalArgumentException("unknown subcommand " + sub
                        + " (status, add or remove)");
            }
        } catch (IllegalArgumentException e) {
            err.println("kvstore cluster: " + e.getMessage());
            err.println("Try './kvstore cluster --help'.");
            return 2;
        }
        if (servers.isEmpty()) {
            servers.add(new String[] {"127.0.0.1", "6379"});
        }
        try {
            return sub.equals("status") ? status(servers, password, out)
                    : change(sub, operand, servers, password, out, err);
        } catch (Failure f) {
            err.println("kvstore cluster: " + f.getMessage());
            return 1;
        }
    }

    /** A reason to stop with exit status 1, already worded for the user. */
    private static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String[] hostPort(String s) {
        int c = s.lastIndexOf(':');
        if (c <= 0 || c == s.length() - 1) {
            throw new IllegalArgumentException("--server needs host:port, not " + s);
        }
        try {
            int port = Integer.parseInt(s.substring(c + 1));
            if (port <= 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + s);
        }
        return new String[] {s.substring(0, c), s.substring(c + 1)};
    }

    private static RespClient connect(String[] hp, String password) throws IOException {
        RespClient c = new RespClient(hp[0], Integer.parseInt(hp[1]), CONNECT_MILLIS, REPLY_MILLIS);
        if (password != null) {
            try {
                c.call("AUTH", password);
            } catch (IOException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /** The first server that answers CLUSTER NODES: its lines, and the address it was reached at. */
    private static List<String> nodes(List<String[]> servers, String password, String[] reached) throws Failure {
        List<String> problems = new ArrayList<>();
        for (String[] hp : servers) {
            try (RespClient c = connect(hp, password)) {
                Object r = c.call("CLUSTER", "NODES");
                reached[0] = hp[0];
                reached[1] = hp[1];
                List<String> lines = new ArrayList<>();
                for (String l : String.valueOf(r).split("\n")) {
                    if (!l.isBlank()) {
                        lines.add(l.trim());
                    }
                }
                return lines;
            } catch (RespClient.ErrorReply e) {
                problems.add(hp[0] + ":" + hp[1] + " answered -" + e.getMessage());
            } catch (IOException e) {
                problems.add("cannot reach " + hp[0] + ":" + hp[1] + " (" + e.getMessage() + ")");
            }
        }
        throw new Failure(String.join("; ", problems));
    }

    private static int status(List<String[]> servers, String password, PrintStream out) throws Failure {
        String[] reached = new String[2];
        List<String> lines = nodes(servers, password, reached);
        out.println("# members as seen by " + reached[0] + ":" + reached[1]);
        out.println("# id client-address raft-address role");
        lines.forEach(out::println);
        if (lines.stream().noneMatch(l -> l.contains(" leader"))) {
            out.println("# no leader known to this node (an election may be under way)");
        }
        return 0;
    }

    private static int change(String sub, String operand, List<String[]> servers, String password, PrintStream out,
                              PrintStream err) throws Failure {
        long deadline = System.currentTimeMillis() + RETRY_MILLIS;
        String[] target = null;
        String last = null;
        while (true) {
            String[] reached = new String[2];
            if (target == null) {
                List<String> lines = nodes(servers, password, reached);
                target = leaderOf(lines);
                if (target == null) {
                    last = reached[0] + ":" + reached[1] + " knows no leader (an election may be under way)";
                }
            }
            if (target != null) {
                try (RespClient c = connect(target, password)) {
                    Object r = c.call("CLUSTER", sub.toUpperCase(java.util.Locale.ROOT), operand);
                    out.println(r + " (" + sub + " " + operand + " on the leader " + target[0] + ":" + target[1] + ")");
                    return 0;
                } catch (RespClient.ErrorReply e) {
                    String m = e.getMessage();
                    if (m.startsWith("READONLY") || m.startsWith("TRYAGAIN") || m.startsWith("LOADING")) {
                        last = target[0] + ":" + target[1] + " is not the serving leader (-" + m + ")";
                        target = null; // ask again who leads
                    } else {
                        throw new Failure("the leader " + target[0] + ":" + target[1] + " refused: -" + m);
                    }
                } catch (IOException e) {
                    last = "cannot reach the leader " + target[0] + ":" + target[1] + " (" + e.getMessage() + ")";
                    target = null;
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new Failure(last + "; gave up after " + RETRY_MILLIS / 1000 + " s");
            }
            err.println("kvstore cluster: " + last + "; retrying");
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted");
            }
        }
    }

    /** host, port of the line {@code id host:port raft-address leader ...}, or null. */
    static String[] leaderOf(List<String> lines) {
        for (String l : lines) {
            String[] f = l.split(" ");
            if (f.length >= 4 && f[3].equals("leader")) {
                return hostPort(f[1]);
            }
        }
        return null;
    }
}
