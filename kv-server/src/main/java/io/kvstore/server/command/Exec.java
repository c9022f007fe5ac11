package io.kvstore.server.command;

import io.kvstore.server.keyspace.Keyspace;
import io.kvstore.server.resp.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One command being executed: its arguments, its client, where its reply goes, and the server. Handed to a
 * {@link CommandHandler} under the keyspace lock.
 */
public final class Exec {
    public final ServerState server;
    public final Keyspace keyspace;
    public final ClientSession client;
    public final byte[][] args;
    public final RespWriter out;
    /** Set by commands whose reply comes later (SAVE, SHUTDOWN, DEBUG SLEEP); see {@link #replyLater}. */
    CompletableFuture<?> later;
    Consumer<RespWriter> laterReply;

    Exec(ServerState server, ClientSession client, byte[][] args, RespWriter out) {
        this.server = server;
        this.keyspace = server.keyspace();
        this.client = client;
        this.args = args;
        this.out = out;
    }

    public int argc() {
        return args.length;
    }

    public byte[] arg(int i) {
        return args[i];
    }

    public String str(int i) {
        return new String(args[i], StandardCharsets.UTF_8);
    }

    /** Argument {@code i} in lower case, for keyword comparison. */
    public String keyword(int i) {
        return str(i).toLowerCase(Locale.ROOT);
    }

    /** Argument {@code i} as a Redis integer; {@code ERR value is not an integer or out of range} otherwise. */
    public long integer(int i) {
        Long v = Numbers.parseLong(args[i]);
        if (v == null) {
            throw CommandException.NOT_INTEGER;
        }
        return v;
    }

    /**
     * The reply is written by {@code reply} once {@code future} completes normally (an exceptional completion
     * answers its message as an error); the connection keeps the order of replies meanwhile.
     */
    /** The deferred reply's future, or null. */
    public CompletableFuture<?> later() {
        return later;
    }

    public Consumer<RespWriter> laterReply() {
        return laterReply;
    }

    public void replyLater(CompletableFuture<?> future, Consumer<RespWriter> reply) {
        this.later = future;
        this.laterReply = reply;
    }
}
