package io.kvstore.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.server.ServerConfig;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    private static final InetSocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 40000);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);

    @Test
    void admit_protectedModeWithoutPassword_refusesNonLoopback() {
        ConnectionLimits limits = new ConnectionLimits(new ServerConfig());
        assertTrue(limits.admit(REMOTE, 0).startsWith("DENIED"));
        assertNull(limits.admit(LOCAL, 0));
    }

    @Test
    void admit_passwordSetOrProtectedModeOff_admitsNonLoopback() {
        ServerConfig withPassword = new ServerConfig();
        withPassword.set("requirepass", "pw");
        assertNull(new ConnectionLimits(withPassword).admit(REMOTE, 0));
        ServerConfig open = new ServerConfig();
        open.set("protected-mode", "no");
        assertNull(new ConnectionLimits(open).admit(REMOTE, 0));
    }

    @Test
    void admit_atMaxClients_refuses() {
        ServerConfig c = new ServerConfig();
        c.set("maxclients", "3");
        assertEquals("ERR max number of clients reached", new ConnectionLimits(c).admit(LOCAL, 3));
        assertNull(new ConnectionLimits(c).admit(LOCAL, 2));
    }
}
