/**
 * Remote mode: the driver's client of a kvstore server's JDBC listener ({@code jdbc:kvstore://host:port}, several
 * hosts for a replicated group). {@link io.kvstore.jdbc.remote.RemoteConnection},
 * {@link io.kvstore.jdbc.remote.RemoteStatement} and {@link io.kvstore.jdbc.remote.RemotePreparedStatement} extend the
 * base both modes share ({@link io.kvstore.jdbc.connection.AbstractConnection},
 * {@link io.kvstore.jdbc.connection.AbstractStatement}, {@link io.kvstore.jdbc.connection.ParameterSetters}), so
 * options, warnings, parameter conversion and SQLStates are those of embedded mode; what they add is sending each
 * execution, transaction call and metadata call to the server ({@link io.kvstore.jdbc.remote.RemoteChannel}), which
 * runs it on an embedded connection of its own. {@code protocol} is the wire format, {@code server} the listener
 * and sessions on the server's side.
 */
package io.kvstore.jdbc.remote;
