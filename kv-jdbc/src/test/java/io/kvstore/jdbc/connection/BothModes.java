package io.kvstore.jdbc.connection;

import io.kvstore.jdbc.remote.RemoteFixture;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Test extension for checks that must hold in both modes: an in-memory store served on 127.0.0.1 for the test
 * class's life ({@link RemoteFixture}), and {@link #each} to run a check on a new embedded and a new remote
 * connection to it (closed afterwards).
 */
final class BothModes implements BeforeAllCallback, AfterAllCallback {
    interface Check {
        void on(Connection c) throws Exception;
    }

    private RemoteFixture fx;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        fx = new RemoteFixture(null);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        fx.close();
    }

    /** A new embedded and a new remote connection, in that order; the caller closes them. */
    List<Connection> connections() throws Exception {
        return List.of(fx.embedded(), fx.remote());
    }

    /** Runs {@code check} on a new embedded, then a new remote connection. */
    void each(Check check) throws Exception {
        for (Connection c : connections()) {
            try (c) {
                check.on(c);
            }
        }
    }
}
