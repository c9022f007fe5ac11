package io.kvstore.server.replication;

import io.kvstore.server.command.ClientSession;
import io.kvstore.server.command.Replication;
import io.kvstore.server.keyspace.Keyspace;
import io.kvstore.server.resp.RespWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * This server's membership of the Raft group: starts the Ratis server over the store's {@link KvStateMachine},
 * submits the keyspace's groups ({@link RaftWriteBackend}), and answers what the commands ask of replication
 * (the {@link Replication} contract: may this node write or read now, ROLE, INFO replication, WAIT).
 *
 * <p><b>When this node serves.</b> It runs writes and linearizable reads only while it is the leader and has
 * applied an entry of its current term: Ratis' first one ({@link #onLeaderReady}) or, after a fence, an empty
 * entry of its own (so the store holds every entry before anything it proposes: commands are evaluated against
 * exactly the log prefix their entry follows). It stops at once when it learns of another leader, and after any
 * failed or refused group ({@link #fence}, on the thread that sees the failure) until a fresh entry of its own is
 * applied; each stop starts a new epoch, and a ready signal or resync of an earlier epoch no longer counts. The
 * role is changed only under the keyspace lock, so it is constant during a command.
 *
 * <p><b>Timeouts</b> ({@link RaftTimeouts}, docs/replication.md): election timeout 400 to 800 ms, pre-vote, a
 * leader that stepped down may stand again after the maximum election timeout, request timeout 3 s, ReadIndex
 * reads.
 *
 * <p>Thread-safety: thread-safe; see above.
 */
public final class ReplicationNode implements Replication, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReplicationNode.class.getName());
    /** One group per store: every kvstore Raft group has this id. */
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(UUID.fromString("6b767374-6f72-6500-0000-000000000017"));

    private final Peer self;
    private final Keyspace keyspace;
    private final RaftServer server;
    private final ClientId clientId = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();
    private final ExecutorService events = Executors.newSingleThreadExecutor(daemon("kv-raft-events"));
    /**
     * Completes the backend's futures: never on a Ratis thread, which may hold Ratis' locks while the keyspace
     * sends its next group straight back into Ratis.
     */
    private final ExecutorService replies = Executors.newSingleThreadExecutor(daemon("kv-raft-replies"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("kv-raft-wait"));

    // ---- guarded by the keyspace lock ----
    /** The term in which this node became able to serve (its own entry applied), -1 when fenced. */
    private volatile long readyTerm = -1;
    private volatile boolean serving;
    /** Incremented whenever this node stops serving: a resync proposed in an earlier epoch does not count. */
    private long epoch;
    /** The epoch and term at which this node last learned it was elected (for {@link #onLeaderReady}). */
    private long electedEpoch = -1;
    private long electedTerm = -1;

    private ReplicationNode(Peer self, Keyspace keyspace, RaftServer server) {
        this.self = self;
        this.keyspace = keyspace;
        this.server = server;
    }

    /**
     * Starts this node's Raft server with its store and keyspace and binds {@code backend} to it.
     *
     * @param self this node (one of {@code peers})
     * @param peers the group's members when the group is first formed (after that, the membership stored in the
     *     Raft log wins)
     * @param raftDir where the Raft log and snapshots live (created if missing)
     */
    static ReplicationNode start(Peer self, List<Peer> peers, Path raftDir, Keyspace keyspace,
                                 RaftWriteBackend backend, RaftTimeouts timeouts) throws IOException {
        return start(self, peers, raftDir, keyspace, backend, timeouts, false);
    }

    /**
     * As above; with {@code join}, a node that has no Raft state yet starts outside any configuration and waits
     * for the leader to add it ({@code CLUSTER ADD} on the leader), catching up from a snapshot or the log.
     */
    static ReplicationNode start(Peer self, List<Peer> peers, Path raftDir, Keyspace keyspace,
                                 RaftWriteBackend backend, RaftTimeouts timeouts, boolean join) throws IOException {
        boolean existing = Files.isDirectory(raftDir) && hasContents(raftDir);
        Files.createDirectories(raftDir);
        RaftProperties p = properties(self, raftDir, timeouts);
        List<RaftPeer> raftPeers = new ArrayList<>();
        for (Peer peer : peers) {
            raftPeers.add(toRaftPeer(peer));
        }
        RaftGroup group = join && !existing ? RaftGroup.valueOf(GROUP_ID) : RaftGroup.valueOf(GROUP_ID, raftPeers);
        ReplicationNode[] holder = new ReplicationNode[1];
        KvStateMachine sm = new KvStateMachine(keyspace.store(), keyspace.lock(), new KvStateMachine.RoleListener() {
            @Override
            public void leaderChanged(RaftPeerId leader) {
                if (holder[0] != null) {
                    holder[0].onLeaderChanged(leader);
                }
            }

            @Override
            public void leaderReady() {
                if (holder[0] != null) {
                    holder[0].onLeaderReady();
                }
            }
        });
        RaftServer server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(self.id()))
                .setGroup(group)
                .setStateMachine(sm)
                .setProperties(p)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        ReplicationNode node = new ReplicationNode(self, keyspace, server);
        holder[0] = node;
        backend.bind(node);
        server.start();
        LOG.info(() -> "raft node " + self.id() + " started: raft port " + self.raftPort() + ", log in " + raftDir
                + ", group " + peers);
        return node;
    }

    static RaftPeer toRaftPeer(Peer peer) {
        return RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.raftAddress())
                .setClientAddress(peer.respAddress()).build();
    }

    private static boolean hasContents(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private static RaftProperties properties(Peer self, Path raftDir, RaftTimeouts t) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
        GrpcConfigKeys.Server.setHost(p, self.host());
        GrpcConfigKeys.Server.setPort(p, self.raftPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(t.electionMinMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(t.electionMaxMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(t.electionMinMillis(),
                TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(t.electionMaxMillis(),
                TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        // Pre-vote (Ratis' default, stated here because the timeouts rely on it): a node that was paused or cut off
        // asks first whether it could win, so it cannot depose a healthy leader by raising the term.
        RaftServerConfigKeys.LeaderElection.setPreVote(p, true);
        // A leader that stepped down for want of a majority's heartbeats skips elections for this long (Ratis'
        // default is 10 s: a 14 s failover was a new leader that stepped down once and then sat out 10 s).
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, TimeDuration.valueOf(t.electionMaxMillis(),
                TimeUnit.MILLISECONDS));
        // pending-request limits well above what the keyspace can have in flight (a refusal fences the leader)
        RaftServerConfigKeys.Write.setElementLimit(p, 4096);
        RaftServerConfigKeys.Write.setByteLimit(p, SizeInBytes.valueOf("1GB"));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, t.snapshotEntries());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        // a node being added must make progress within this time (a large store's snapshot or log takes a while)
        RaftServerConfigKeys.setStagingTimeout(p, TimeDuration.valueOf(5, TimeUnit.MINUTES));
        // The log worker forces on another thread and keeps appending meanwhile; an entry counts as flushed (for
        // this node's vote in a commit and its reply to the leader) only after a force that covered it completed.
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, Boolean.parseBoolean(System.getProperty(
                "kvstore.raft.asyncFlush", "true")));
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, t.snapshotEntries()));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(t.segmentBytes()));
        // one entry is one group of the keyspace (closed at 8 MiB at a command boundary): room for large values
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf((40 << 20) + 4096));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("40MB"));
        GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("48MB"));
        RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(p, SizeInBytes.valueOf("4MB"));
        return p;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread th = new Thread(r, name);
            th.setDaemon(true);
            return th;
        };
    }

    private RaftServer.Division division() throws IOException {
        return server.getDivision(GROUP_ID);
    }

    private DivisionInfo divisionInfo() {
        try {
            return division().getInfo();
        } catch (IOException e) {
            return null;
        }
    }

    // ---- the backend's requests ----

    /** The reply of an entry that the state machine skipped ({@link WriteCodec.Entry#appliesAt}). */
    static final String SKIPPED = "skipped";

    /**
     * The term a group evaluated now belongs to: this node's current leadership term while it serves, -1 when it
     * does not (the group must then not be submitted).
     */
    long servingTerm() {
        return serving ? readyTerm : -1;
    }

    /**
     * Appends {@code entry} to the log; completes once it is committed and applied here, exceptionally if Ratis
     * refuses or fails it or the state machine skipped it. A refusal is seen before this method returns (Ratis
     * appends or refuses within the call): the node is then fenced at once, before any later group can be
     * submitted, so no entry ever reaches the log after one of its own that did not.
     */
    CompletableFuture<Void> replicate(byte[] entry) {
        return submit(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)), RaftClientRequest.writeRequestType(),
                true);
    }

    /** Completes once a ReadIndex round confirms that this node leads (and has applied up to that index). */
    CompletableFuture<Void> confirmLeadership() {
        return submit(Message.EMPTY, RaftClientRequest.readRequestType(), false);
    }

    private CompletableFuture<Void> submit(Message m, RaftClientRequest.Type type, boolean write) {
        RaftClientRequest req = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(server.getId())
                .setGroupId(GROUP_ID)
                .setCallId(callIds.incrementAndGet())
                .setMessage(m)
                .setType(type)
                .build();
        CompletableFuture<Void> out = new CompletableFuture<>();
        CompletableFuture<RaftClientReply> raft;
        try {
            raft = server.submitClientRequestAsync(req);
        } catch (IOException | RuntimeException e) {
            raft = CompletableFuture.failedFuture(e);
        }
        if (write && raft.isDone() && !succeeded(raft)) {
            fence(); // refused, not appended: nothing after it may be
        }
        raft.whenCompleteAsync((reply, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else if (!reply.isSuccess()) {
                Exception x = reply.getException();
                out.completeExceptionally(x != null ? x : new IOException("raft request failed: " + reply));
            } else if (reply.getMessage() != null && SKIPPED.equals(reply.getMessage().getContent().toStringUtf8())) {
                out.completeExceptionally(new IOException("entry skipped: evaluated in an earlier term"));
            } else {
                out.complete(null);
            }
        }, replies);
        return out;
    }

    private static boolean succeeded(CompletableFuture<RaftClientReply> f) {
        try {
            return !f.isCompletedExceptionally() && f.getNow(null) != null && f.getNow(null).isSuccess();
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- role ----

    /**
     * After a failed or refused group: stops serving at once (on the calling thread, under the keyspace lock),
     * fails every write not yet resolved (outcome unknown), and proposes an empty entry; serving resumes once it
     * is applied (every entry before it, those of the failed pipeline included, is then in the store).
     */
    void fence() {
        stopServing("TRYAGAIN leadership changed before the write was confirmed: it may or may not have been applied");
        events.execute(this::resync);
    }

    private void onLeaderChanged(RaftPeerId leader) {
        LOG.info(() -> "raft leader is now " + leader + (self.id().equals(String.valueOf(leader)) ? " (this node)" : ""));
        events.execute(() -> {
            stopServing("TRYAGAIN leadership changed before the write was confirmed: it may or may not have been"
                    + " applied");
            if (leader != null && self.id().equals(leader.toString())) {
                DivisionInfo i = divisionInfo();
                keyspace.lock().lock();
                try {
                    electedEpoch = epoch;
                    electedTerm = i == null ? -1 : i.getCurrentTerm();
                } finally {
                    keyspace.lock().unlock();
                }
                resync();
            }
        });
    }

    /**
     * Ratis' first entry of this term is applied, and with it every entry before it (Ratis applies in log order and
     * says so from the applier): serve at once, without waiting for an entry of ours, unless this node stopped
     * serving since it was elected (then the resync decides). Nothing of this term was sent before: a node sends
     * groups only while it serves.
     */
    private void onLeaderReady() {
        events.execute(() -> {
            DivisionInfo i = divisionInfo();
            if (i == null || !i.isLeader()) {
                return;
            }
            keyspace.lock().lock();
            try {
                if (epoch == electedEpoch && i.getCurrentTerm() == electedTerm) {
                    setReadyTerm(electedTerm);
                }
            } finally {
                keyspace.lock().unlock();
            }
        });
    }

    /** Stops serving (a new epoch: any resync proposed before is void) and fails the unresolved writes. */
    private void stopServing(String why) {
        keyspace.lock().lock();
        try {
            epoch++;
            setReadyTerm(-1);
        } finally {
            keyspace.lock().unlock();
        }
        keyspace.failPending(why);
    }

    /**
     * Proposes an empty entry, ordered after every group sent so far; once it is applied, every earlier entry is
     * in the store: serve from then on, unless this node was fenced (or lost its leadership) meanwhile.
     */
    private void resync() {
        DivisionInfo i = divisionInfo();
        if (i == null || !i.isLeader()) {
            return;
        }
        long term = i.getCurrentTerm();
        long gen;
        keyspace.lock().lock();
        try {
            gen = epoch;
        } finally {
            keyspace.lock().unlock();
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] f = new CompletableFuture[1];
        keyspace.betweenSends(() -> f[0] = submit(Message.valueOf(UnsafeByteOperations.unsafeWrap(
                WriteCodec.encode(term, List.of()))), RaftClientRequest.writeRequestType(), false));
        f[0].whenComplete((ok, e) -> events.execute(() -> {
            if (e == null) {
                keyspace.lock().lock();
                try {
                    if (gen == epoch) {
                        setReadyTerm(term);
                    }
                } finally {
                    keyspace.lock().unlock();
                }
            } else {
                LOG.log(Level.FINE, "resync entry failed", e);
                DivisionInfo now = divisionInfo();
                if (now != null && now.isLeader() && now.getCurrentTerm() == term) {
                    timer.schedule(() -> events.execute(this::resync), 50, TimeUnit.MILLISECONDS);
                }
            }
        }));
    }

    /** Under the keyspace lock: records the ready term and recomputes whether this node serves. */
    private void setReadyTerm(long term) {
        readyTerm = term;
        DivisionInfo i = divisionInfo();
        boolean s = i != null && i.isLeader() && readyTerm >= 0 && readyTerm == i.getCurrentTerm();
        if (s != serving) {
            LOG.info(s ? "serving as the raft leader (term " + readyTerm + ")" : "not serving writes (not the ready leader)");
        }
        serving = s;
        keyspace.setLinearizableReads(s);
    }

    /** Whether this node runs writes and linearizable reads now. */
    public boolean isServing() {
        return serving;
    }

    private RaftPeer leaderPeer() {
        try {
            RaftServer.Division d = division();
            RaftPeerId id = d.getInfo().getLeaderId();
            return id == null ? null : d.getRaftConf().getPeer(id);
        } catch (IOException e) {
            return null;
        }
    }

    // ---- Replication ----

    @Override
    public String refuseWrite() {
        if (serving) {
            return null;
        }
        RaftPeer leader = leaderPeer();
        if (leader != null && !leader.getId().toString().equals(self.id())) {
            return "READONLY You can't write against a read only replica.";
        }
        return "TRYAGAIN no raft leader is ready yet; retry shortly";
    }

    @Override
    public String refuseRead(ClientSession client) {
        if (serving || client.staleReads) {
            return null;
        }
        RaftPeer leader = leaderPeer();
        if (leader != null && !leader.getId().toString().equals(self.id()) && leader.getClientAddress() != null) {
            return "MOVED 0 " + leader.getClientAddress();
        }
        return "TRYAGAIN no raft leader is ready yet; retry shortly";
    }

    @Override
    public void role(RespWriter out) {
        DivisionInfo i = divisionInfo();
        long applied = i == null ? 0 : i.getLastAppliedIndex();
        if (serving) {
            List<String[]> followers = followers();
            out.array(3).bulk("master").integer(applied).array(followers.size());
            for (String[] f : followers) {
                out.array(3).bulk(f[0]).bulk(f[1]).bulk(f[2]);
            }
            return;
        }
        RaftPeer leader = leaderPeer();
        String[] hp = leader == null || leader.getClientAddress() == null ? new String[] {"?", "-1"}
                : hostPort(leader.getClientAddress());
        out.array(5).bulk("slave").bulk(hp[0]).integer(Long.parseLong(hp[1]))
                .bulk(leader == null ? "connect" : "connected").integer(applied);
    }

    /** [host, port, commit index] of every other member, as this leader knows them. */
    private List<String[]> followers() {
        List<String[]> out = new ArrayList<>();
        try {
            RaftServer.Division d = division();
            for (CommitInfoProto c : d.getCommitInfos()) {
                String id = c.getServer().getId().toStringUtf8();
                if (id.equals(self.id())) {
                    continue;
                }
                RaftPeer peer = d.getRaftConf().getPeer(RaftPeerId.valueOf(id));
                String[] hp = peer == null || peer.getClientAddress() == null ? new String[] {"?", "-1"}
                        : hostPort(peer.getClientAddress());
                out.add(new String[] {hp[0], hp[1], String.valueOf(c.getCommitIndex()), id});
            }
        } catch (IOException e) {
            // no division: no followers to report
        }
        return out;
    }

    private static String[] hostPort(String address) {
        int c = address.lastIndexOf(':');
        return new String[] {address.substring(0, c), address.substring(c + 1)};
    }

    @Override
    public String info() {
        DivisionInfo i = divisionInfo();
        StringBuilder sb = new StringBuilder();
        long applied = i == null ? 0 : i.getLastAppliedIndex();
        if (serving) {
            List<String[]> followers = followers();
            sb.append("role:master\r\nconnected_slaves:").append(followers.size()).append("\r\n");
            for (int n = 0; n < followers.size(); n++) {
                String[] f = followers.get(n);
                sb.append("slave").append(n).append(":ip=").append(f[0]).append(",port=").append(f[1])
                        .append(",state=online,offset=").append(f[2]).append(",lag=0,node=").append(f[3]).append("\r\n");
            }
            sb.append("master_repl_offset:").append(applied).append("\r\n");
        } else {
            RaftPeer leader = leaderPeer();
            String[] hp = leader == null || leader.getClientAddress() == null ? new String[] {"?", "-1"}
                    : hostPort(leader.getClientAddress());
            sb.append("role:slave\r\nmaster_host:").append(hp[0]).append("\r\nmaster_port:").append(hp[1])
                    .append("\r\nmaster_link_status:").append(leader == null ? "down" : "up")
                    .append("\r\nslave_repl_offset:").append(applied)
                    .append("\r\nslave_read_only:1\r\n");
        }
        sb.append("kvstore_raft_node:").append(self.id()).append("\r\n");
        if (i != null) {
            sb.append("kvstore_raft_role:").append(i.getCurrentRole()).append("\r\n")
                    .append("kvstore_raft_term:").append(i.getCurrentTerm()).append("\r\n")
                    .append("kvstore_raft_leader:").append(i.getLeaderId() == null ? "" : i.getLeaderId()).append("\r\n")
                    .append("kvstore_raft_applied_index:").append(applied).append("\r\n");
        }
        return sb.toString();
    }

    @Override
    public CompletableFuture<Long> waitReplicas(long replicas, long timeoutMillis) {
        DivisionInfo i = divisionInfo();
        if (!serving || i == null) {
            return CompletableFuture.completedFuture(0L);
        }
        long target = i.getLastAppliedIndex();
        CompletableFuture<Long> result = new CompletableFuture<>();
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            long n = followers().stream().filter(f -> Long.parseLong(f[2]) >= target).count();
            if (n >= replicas || System.currentTimeMillis() >= deadline || !serving) {
                result.complete(n);
            } else {
                timer.schedule(poll[0], 5, TimeUnit.MILLISECONDS);
            }
        };
        timer.execute(poll[0]);
        return result;
    }

    @Override
    public CompletableFuture<String> changeMembership(String op, String node) {
        if (!serving) {
            return CompletableFuture.failedFuture(new io.kvstore.server.command.CommandException(refuseWrite()));
        }
        List<RaftPeer> peers;
        String id;
        try {
            peers = new ArrayList<>(division().getRaftConf().getCurrentPeers());
            if (op.equals("add")) {
                Peer p = Peer.parse(node);
                id = p.id();
                if (peers.stream().anyMatch(r -> r.getId().toString().equals(p.id()))) {
                    return CompletableFuture.failedFuture(new io.kvstore.server.command.CommandException(
                            "ERR node " + p.id() + " is already a member"));
                }
                peers.add(toRaftPeer(p));
            } else {
                id = node;
                if (!peers.removeIf(r -> r.getId().toString().equals(node))) {
                    return CompletableFuture.failedFuture(new io.kvstore.server.command.CommandException(
                            "ERR node " + node + " is not a member"));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new io.kvstore.server.command.CommandException("ERR " + e.getMessage()));
        }
        CompletableFuture<String> out = new CompletableFuture<>();
        try {
            server.setConfigurationAsync(new org.apache.ratis.protocol.SetConfigurationRequest(clientId, server.getId(),
                    GROUP_ID, callIds.incrementAndGet(), peers)).whenCompleteAsync((reply, e) -> {
                        if (e == null && reply.isSuccess()) {
                            LOG.info(() -> "membership changed: " + op + " " + id + "; members now " + peers);
                            out.complete("OK");
                        } else {
                            Throwable x = e != null ? e : reply.getException();
                            out.completeExceptionally(new io.kvstore.server.command.CommandException(
                                    "ERR membership change failed: " + x));
                        }
                    }, replies);
        } catch (IOException e) {
            out.completeExceptionally(new io.kvstore.server.command.CommandException("ERR " + e.getMessage()));
        }
        return out;
    }

    @Override
    public List<String> members() {
        List<String> lines = new ArrayList<>();
        try {
            RaftServer.Division d = division();
            RaftPeerId leader = d.getInfo().getLeaderId();
            for (RaftPeer p : d.getRaftConf().getCurrentPeers()) {
                lines.add(p.getId() + " " + p.getClientAddress() + " " + p.getAddress() + " "
                        + (p.getId().equals(leader) ? "leader" : "follower")
                        + (p.getId().toString().equals(self.id()) ? " myself" : ""));
            }
        } catch (IOException e) {
            lines.add("error " + e.getMessage());
        }
        return lines;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the raft server", e);
        }
        events.shutdownNow();
        timer.shutdownNow();
        replies.shutdown();
    }
}
