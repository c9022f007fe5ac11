package io.kvstore.jdbc.remote;

import io.kvstore.jdbc.TestUrls;
import io.kvstore.jdbc.remote.server.BlockingListener;
import io.kvstore.jdbc.remote.server.RemoteHost;
import io.kvstore.jdbc.remote.server.StoreConnections;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * An in-memory store served by the in-driver listener on 127.0.0.1 (ephemeral port), kept open by one embedded
 * connection for the fixture's life. {@link #remote()} connects through the protocol, {@link #embedded()} directly.
 */
public final class RemoteFixture implements AutoCloseable {
    public final String storeUrl = TestUrls.mem();
    public final Connection keeper;
    public final BlockingListener listener;
    public final String password;

    public RemoteFixture(String password) throws Exception {
        this.password = password;
        keeper = DriverManager.getConnection(storeUrl);
        RemoteHost host = new RemoteHost(StoreConnections.of(storeUrl, new Properties()), password, true, m -> { });
        listener = BlockingListener.start(host, InetAddress.getLoopbackAddress(), 0, 100);
    }

    public String remoteUrl() {
        return "jdbc:kvstore://127.0.0.1:" + listener.port();
    }

    public Connection remote() throws SQLException {
        Properties p = new Properties();
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(remoteUrl(), p);
    }

    public Connection embedded() throws SQLException {
        return DriverManager.getConnection(storeUrl);
    }

    @Override
    public void close() throws Exception {
        listener.close();
        keeper.close();
    }
}
