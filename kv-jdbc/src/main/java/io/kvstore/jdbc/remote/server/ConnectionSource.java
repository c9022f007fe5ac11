package io.kvstore.jdbc.remote.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where a remote session's embedded connection comes from: the served store, with the connection options the
 * client gave ({@code fastPath}, {@code statementCacheSize}, and any store options, which must match the served
 * store's or the open fails with 55006 as it would embedded).
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection open(Properties clientOptions) throws SQLException;
}
