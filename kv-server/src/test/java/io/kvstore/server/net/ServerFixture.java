package io.kvstore.server.net;

import io.kvstore.server.ServerConfig;
import java.nio.file.Path;

/** Starts a server on 127.0.0.1 and an ephemeral port over a store in a test's temporary directory. */
final class ServerFixture implements AutoCloseable {
    final RedisServer server;
    final ServerConfig config;

    ServerFixture(Path dir, String... settings) throws InterruptedException {
        config = new ServerConfig();
        config.set("dir", dir.toString());
        config.set("port", "0");
        config.set("bind", "127.0.0.1");
        for (int i = 0; i < settings.length; i += 2) {
            config.set(settings[i], settings[i + 1]);
        }
        server = RedisServer.start(config);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop(-1);
    }
}
