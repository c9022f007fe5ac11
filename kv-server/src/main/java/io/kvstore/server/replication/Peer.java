package io.kvstore.server.replication;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One member of the Raft group as the {@code --peers} option names it: {@code id=host:respPort:raftPort}, for
 * example {@code n1=127.0.0.1:6379:7379}. The RESP port is where clients reach the node (a follower's redirect
 * names the leader's); the Raft port is where the nodes talk to each other (Ratis over gRPC). Immutable.
 *
 * @param id the node's name (letters, digits, '-', '_')
 * @param host host name or address, for both ports
 * @param respPort the Redis protocol port
 * @param raftPort the Raft port
 */
public record Peer(String id, String host, int respPort, int raftPort) {

    /** {@code host:raftPort}, as Ratis addresses peers. */
    public String raftAddress() {
        return host + ":" + raftPort;
    }

    /** {@code host:respPort}, as clients address the node. */
    public String respAddress() {
        return host + ":" + respPort;
    }

    /** The {@code --peers} form of this peer. */
    @Override
    public String toString() {
        return id + "=" + host + ":" + respPort + ":" + raftPort;
    }

    /**
     * Parses a comma-separated peer list.
     *
     * @throws IllegalArgumentException a malformed entry, a bad port or a repeated id (the message says which)
     */
    public static List<Peer> parseList(String spec) {
        List<Peer> peers = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            Peer peer = parse(p);
            if (!ids.add(peer.id())) {
                throw new IllegalArgumentException("peers: node " + peer.id() + " is named twice");
            }
            peers.add(peer);
        }
        return peers;
    }

    /** Parses one {@code id=host:respPort:raftPort}. */
    public static Peer parse(String p) {
        int eq = p.indexOf('=');
        String[] hp = eq < 0 ? new String[0] : p.substring(eq + 1).split(":");
        if (eq <= 0 || hp.length != 3 || hp[0].isEmpty()) {
            throw new IllegalArgumentException("peers: '" + p + "' is not id=host:resp-port:raft-port");
        }
        String id = p.substring(0, eq).trim();
        if (!id.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("peers: node id '" + id + "' may hold only letters, digits, - and _");
        }
        return new Peer(id, hp[0], port(p, hp[1]), port(p, hp[2]));
    }

    private static int port(String p, String s) {
        try {
            int port = Integer.parseInt(s);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("peers: bad port '" + s + "' in '" + p + "'");
    }
}
