package io.kvstore.jdbc.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvstore.engine.KvReplicationException;
import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.remote.server.BlockingListener;
import io.kvstore.jdbc.remote.server.ClusterRole;
import io.kvstore.jdbc.remote.server.RemoteHost;
import io.kvstore.jdbc.remote.server.StoreConnections;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The driver's side of a replicated group, against in-process listeners that play the members' roles
 * ({@link ClusterRole}): the multi-host URL skips hosts that are down or refuse as followers, a follower refuses a
 * leader session with 25006 naming the leader and accepts a {@code staleReads} one, and rows whose leadership
 * confirmation fails are not sent.
 */
class MultiHostConnectTest {
    /** A listener over a fresh in-memory store whose role is a follower (leader "h:1") until {@code leads} is set. */
    private static final class Member implements AutoCloseable {
        final String storeUrl = TestUrls.mem();
        final Connection keeper;
        final BlockingListener listener;
        final AtomicBoolean leads = new AtomicBoolean();
        final AtomicBoolean deposed = new AtomicBoolean();

        Member() throws Exception {
            keeper = DriverManager.getConnection(storeUrl);
            RemoteHost host = new RemoteHost(StoreConnections.of(storeUrl, new Properties()), null, true, m -> { });
            host.setClusterRole(new ClusterRole() {
                @Override
                public void checkLeader() {
                    if (!leads.get()) {
                        throw new KvReplicationException(KvReplicationException.Outcome.NOT_LEADER,
                                "this node is a follower (leader: h:1)", "h:1", null);
                    }
                }

                @Override
                public void confirmRead() {
                    if (deposed.get()) {
                        throw new KvReplicationException(KvReplicationException.Outcome.UNAVAILABLE,
                                "lost its leadership before the read was confirmed", null, null);
                    }
                    checkLeader();
                }
            });
            listener = BlockingListener.start(host, InetAddress.getLoopbackAddress(), 0, 10);
        }

        String address() {
            return "127.0.0.1:" + listener.port();
        }

        @Override
        public void close() throws Exception {
            listener.close();
            keeper.close();
        }
    }

    private static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void connect_multiHostUrl_skipsDeadHostAndFollower_reachesLeader() throws Exception {
        try (Member follower = new Member(); Member leader = new Member()) {
            leader.leads.set(true);
            String url = "jdbc:kvstore://127.0.0.1:" + deadPort() + "," + follower.address() + "," + leader.address();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO kv (key, value) VALUES ('k', BYTES('v'))");
            }
            try (Connection direct = DriverManager.getConnection(leader.storeUrl); Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM kv WHERE key = 'k'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the write reached the leader's store");
            }
        }
    }

    @Test
    void connect_followerOnly_refused25006NamingLeader_staleReadsAccepted() throws Exception {
        try (Member follower = new Member()) {
            String url = "jdbc:kvstore://" + follower.address();
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
            assertEquals("25006", e.getSQLState());
            assertTrue(e.getMessage().contains("h:1"), e.getMessage());
            try (Connection c = DriverManager.getConnection(url + ";staleReads=true"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM kv")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void connect_noMemberLeads_failsAfterConnectTimeoutWith08001() throws Exception {
        try (Member a = new Member(); Member b = new Member()) {
            SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:kvstore://" + a.address() + "," + b.address() + ";connectTimeout=1"));
            assertEquals("08001", e.getSQLState());
            assertTrue(e.getMessage().contains("25006"), e.getMessage());
        }
    }

    @Test
    void query_leaderDeposedBeforeConfirmation_rowsNotSent40001() throws Exception {
        try (Member leader = new Member()) {
            leader.leads.set(true);
            try (Connection c = DriverManager.getConnection("jdbc:kvstore://" + leader.address());
                 Statement s = c.createStatement()) {
                leader.deposed.set(true);
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT count(*) FROM kv"));
                assertEquals("40001", e.getSQLState());
                assertEquals(0, s.executeUpdate("DELETE FROM kv WHERE key = 'absent'"), "updates carry no rows");
            }
        }
    }

    @Test
    void connection_leaderGone_failsOnceThenGoesOnOnNewLeaderWithItsPreparedStatement() throws Exception {
        try (Member a = new Member(); Member b = new Member()) {
            a.leads.set(true);
            try (Connection c = DriverManager.getConnection("jdbc:kvstore://" + a.address() + "," + b.address());
                 java.sql.PreparedStatement ins = c.prepareStatement("INSERT INTO kv (key, value) VALUES (?, ?)")) {
                c.setAutoCommit(false);
                ins.setString(1, "k1");
                ins.setString(2, "v");
                ins.executeUpdate();
                c.commit();
                ins.setString(1, "k2");
                ins.executeUpdate();
                a.listener.close(); // the leader dies with a transaction open
                a.leads.set(false);
                b.leads.set(true);
                SQLException e = assertThrows(SQLException.class, c::commit);
                assertTrue(Set.of("08006", "40003").contains(e.getSQLState()), e.getSQLState());
                assertTrue(!c.isClosed(), "a multi-host connection stays open for new transactions");
                ins.setString(1, "k3");
                ins.executeUpdate(); // a new session on b, still in manual-commit mode
                c.commit();
                assertTrue(!c.getAutoCommit());
            }
            try (Connection direct = DriverManager.getConnection(b.storeUrl); Statement s = direct.createStatement();
                 ResultSet rs = s.executeQuery("SELECT key FROM kv")) {
                assertTrue(rs.next());
                assertEquals("k3", rs.getString(1));
                assertTrue(!rs.next());
            }
        }
    }

    @Test
    void query_nodeBecameFollower_25006ThenNextCallOnNewLeader() throws Exception {
        try (Member a = new Member(); Member b = new Member()) {
            a.leads.set(true);
            try (Connection direct = DriverManager.getConnection(b.storeUrl); Statement s = direct.createStatement()) {
                s.executeUpdate("INSERT INTO kv (key, value) VALUES ('on-b', BYTES('x'))");
            }
            try (Connection c = DriverManager.getConnection("jdbc:kvstore://" + a.address() + "," + b.address());
                 Statement s = c.createStatement()) {
                a.leads.set(false);
                b.leads.set(true);
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT count(*) FROM kv"));
                assertEquals("25006", e.getSQLState());
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM kv WHERE key = 'on-b'")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "the session moved to b");
                }
            }
        }
    }
}
