package io.kvstore.server.command;

import io.kvstore.server.resp.RespWriter;
import java.util.concurrent.CompletableFuture;

/**
 * What the commands ask of the server's replication: whether this node may run a write or a read now, and what
 * ROLE, INFO replication and WAIT answer. {@link #STANDALONE} is one node without peers (today's server); the Raft
 * implementation is {@code io.kvstore.server.replication.ReplicationNode}.
 *
 * <p>Thread-safety: {@link #refuseWrite()} and {@link #refuseRead} are called under the keyspace lock, and their
 * answer holds for the whole command (an implementation changes its role under that lock). The others may be called
 * from any thread.
 */
public interface Replication {
    /** Null if this node may run a write now, else the error reply (a Redis error line without '-'). */
    String refuseWrite();

    /** Null if this node may answer a read for {@code client} now, else the error reply. */
    String refuseRead(ClientSession client);

    /** Writes the ROLE reply. */
    void role(RespWriter out);

    /** The body of INFO's {@code # Replication} section (lines ending in CRLF). */
    String info();

    /**
     * Completes with the number of other nodes that hold every write acknowledged so far, once at least
     * {@code replicas} do or after {@code timeoutMillis} (0: no limit).
     */
    CompletableFuture<Long> waitReplicas(long replicas, long timeoutMillis);

    /**
     * Changes the group's membership (on the leader): {@code add} a node given as {@code id=host:resp-port:raft-port}
     * or {@code remove} one by id. Completes with a status line once the new configuration is committed, or
     * exceptionally with a {@link CommandException}.
     */
    default CompletableFuture<String> changeMembership(String op, String node) {
        return CompletableFuture.failedFuture(new CommandException("ERR This instance has cluster support disabled"));
    }

    /** One line per member: {@code id host:resp-port raft-address role}; null when not replicated. */
    default java.util.List<String> members() {
        return null;
    }

    /** One node, no peers. */
    Replication STANDALONE = new Replication() {
        @Override
        public String refuseWrite() {
            return null;
        }

        @Override
        public String refuseRead(ClientSession client) {
            return null;
        }

        @Override
        public void role(RespWriter out) {
            out.array(3).bulk("master").integer(0).array(0);
        }

        @Override
        public String info() {
            return "role:master\r\nconnected_slaves:0\r\n";
        }

        @Override
        public CompletableFuture<Long> waitReplicas(long replicas, long timeoutMillis) {
            return CompletableFuture.completedFuture(0L);
        }
    };
}
