package io.kvstore.jdbc.remote.server;

import io.kvstore.jdbc.KvDriver;
import io.kvstore.jdbc.KvOption;
import io.kvstore.jdbc.KvUrl;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/** {@link ConnectionSource}s over a served store. */
public final class StoreConnections {
    private StoreConnections() {
    }

    /**
     * Embedded connections on the store of {@code base} (shared through the driver's store registry): each with
     * {@code base}'s options overlaid by the client's. A client store option that differs from the open store's
     * fails with 55006, as a second embedded connection asking for it would.
     */
    public static ConnectionSource of(KvUrl base) {
        Properties given = new Properties();
        for (Map.Entry<KvOption, String> e : base.givenOptions().entrySet()) {
            if (e.getKey() != KvOption.AUTO_SERVER) {
                given.setProperty(e.getKey().key(), e.getValue());
            }
        }
        String url = base.url();
        return client -> {
            Properties p = new Properties();
            p.putAll(given);
            p.putAll(client);
            return KvDriver.openEmbedded(KvUrl.parse(url, p));
        };
    }

    /** Convenience for tests and tools: {@link #of(KvUrl)} of a parsed URL. */
    public static ConnectionSource of(String url, Properties options) throws SQLException {
        return of(KvUrl.parse(url, options));
    }
}
