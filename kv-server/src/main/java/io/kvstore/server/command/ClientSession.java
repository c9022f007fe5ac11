package io.kvstore.server.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection's state as the commands see it: identity, protocol version, authentication, the MULTI queue
 * and the watched keys. Fields are read and written under the keyspace lock (by the commands), except
 * {@link #lastInteractionNanos} which the connection updates (volatile) and {@link #commandClockNanos}, which only
 * the connection's event loop touches.
 */
public final class ClientSession {
    public final long id;
    public final String addr;
    public final String laddr;
    public final long createdNanos = System.nanoTime();
    /** {@link System#nanoTime()} when the connection last read a request (once per read burst). */
    public volatile long lastInteractionNanos = createdNanos;
    /**
     * Where the next command's time starts ({@link System#nanoTime()}): set by the connection when a read burst
     * begins and by {@link Dispatcher#execute} when a command ends, so that a pipeline's commands, run back to back,
     * read the clock once each instead of twice (on some virtual machines a clock read costs as much as a GET).
     */
    public long commandClockNanos = createdNanos;
    /** Asks the connection to close (CLIENT KILL, SHUTDOWN); safe from any thread. */
    public final Runnable kill;

    public String name;
    public String libName = "";
    public String libVer = "";
    public int protocol = 2;
    public boolean authenticated;
    public String lastCommand = "NULL";
    /** Set by QUIT: close after this reply. */
    public boolean closeAfterReply;

    /** READONLY was sent: reads may be answered by a follower (stale reads, see docs/replication.md). */
    public boolean staleReads;

    /** Queued commands between MULTI and EXEC; null outside MULTI. */
    public List<byte[][]> multi;
    /** A command failed to queue: EXEC answers EXECABORT. */
    public boolean multiError;
    public final List<byte[]> watched = new ArrayList<>();
    /** A watched key was written since WATCH. */
    public boolean dirty;
    public final Runnable onWatchedTouch = () -> dirty = true;

    /** Open SCAN cursors by id (bounded; the oldest is dropped). */
    public final Map<Long, Object> scans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
            return size() > 16;
        }
    };
    public long nextScanId = 1;

    public ClientSession(long id, String addr, String laddr, boolean authenticated, Runnable kill) {
        this.id = id;
        this.addr = addr;
        this.laddr = laddr;
        this.authenticated = authenticated;
        this.kill = kill;
    }

    /** The line CLIENT LIST and CLIENT INFO print for this client. */
    public String infoLine() {
        long now = System.nanoTime();
        return "id=" + id + " addr=" + addr + " laddr=" + laddr + " fd=-1 name=" + (name == null ? "" : name)
                + " age=" + (now - createdNanos) / 1_000_000_000L + " idle="
                + (now - lastInteractionNanos) / 1_000_000_000L
                + " flags=" + (multi != null ? "x" : "N") + " db=0 sub=0 psub=0 ssub=0 multi="
                + (multi != null ? multi.size() : -1) + " watch=" + watched.size() + " qbuf=0 qbuf-free=0 argv-mem=0"
                + " multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r cmd=" + lastCommand
                + " user=default redir=-1 resp=" + protocol + " lib-name=" + libName + " lib-ver=" + libVer;
    }
}
