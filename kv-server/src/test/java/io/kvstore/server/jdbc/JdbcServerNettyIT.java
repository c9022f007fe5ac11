package io.kvstore.server.jdbc;

/** {@link JdbcServerIT}'s tests with {@code jdbc-io netty}. */
class JdbcServerNettyIT extends JdbcServerIT {
    @Override
    String io() {
        return "netty";
    }
}
