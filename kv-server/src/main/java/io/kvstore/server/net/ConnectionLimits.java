package io.kvstore.server.net;

import io.kvstore.server.ServerConfig;
import java.net.InetSocketAddress;

/**
 * Who may connect: at most {@code maxclients} clients, and while protected mode is on and no password is set,
 * only clients on the loopback interface (Redis' protected mode). Thread-safe (reads the live settings).
 */
final class ConnectionLimits {
    private final ServerConfig config;

    ConnectionLimits(ServerConfig config) {
        this.config = config;
    }

    /** The error reply refusing a new client, or null to admit it. */
    String admit(InetSocketAddress remote, int connected) {
        if (connected >= config.maxClients()) {
            return "ERR max number of clients reached";
        }
        if (config.protectedMode() && config.requirePass() == null && !remote.getAddress().isLoopbackAddress()) {
            return "DENIED Running in protected mode because protected mode is enabled and no password is set for"
                    + " the default user. In this mode connections are only accepted from the loopback interface."
                    + " Either set a password (requirepass) or disable protected mode (protected-mode no) and make"
                    + " sure the port is not reachable from untrusted networks.";
        }
        return null;
    }
}
