package io.kvstore.server.replication;

import io.kvstore.engine.KvCursor;
import io.kvstore.engine.KvStore;
import io.kvstore.engine.KvTransaction;
import io.kvstore.engine.SyncPolicy;
import io.kvstore.server.keyspace.Write;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

/**
 * The Raft state machine over the store: applies each committed entry (a group of writes' results, see
 * {@link WriteCodec}) to the store as one engine transaction, in log order, on every node; its snapshot is a dump
 * of the store ({@link SnapshotFile}) that a lagging or new follower installs.
 *
 * <p><b>Which entries take effect.</b> An entry applies only if the log holds it in the term the leader evaluated it
 * in ({@link WriteCodec.Entry#appliesAt}); otherwise it is skipped, on every node alike (the decision depends
 * only on the entry), and its leader learns that from the reply ({@link ReplicationNode#SKIPPED}). See
 * {@link RaftWriteBackend} for why.
 *
 * <p><b>Applied index.</b> Entries are results (new values, absolute expiry times, deletions), so applying a
 * suffix of the log again over a state that already holds it gives the same state: nothing is counted twice (an
 * INCR entry holds the new number, not "+1"). The applied index that Ratis resumes from after a restart is the
 * latest snapshot's; the store is durable up to at least that index before the snapshot file exists (its own
 * log under {@code ALWAYS}, else an engine snapshot taken first). Entries at or below the applied index are
 * skipped.
 *
 * <p><b>Snapshot installation.</b> {@link #pause()} and {@link #reinitialize()} follow Ratis' life cycle
 * (RUNNING, PAUSING, PAUSED, STARTING, RUNNING). Loading replaces the store's contents with the snapshot's under
 * the keyspace lock; a marker file makes an interrupted load start again at the next start-up.
 *
 * <p><b>Thread-safety.</b> Ratis calls apply and takeSnapshot from its one state machine updater thread; each
 * apply also holds the keyspace lock so that commands see an entry all at once.
 */
final class KvStateMachine extends BaseStateMachine {
    private static final Logger LOG = Logger.getLogger(KvStateMachine.class.getName());
    private static final String LOADING_MARKER = "loading-snapshot";
    private static final int BATCH = 10_000;

    private final KvStore store;
    private final ReentrantLock keyspaceLock;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    /** Serializes applies, snapshots and loads. */
    private final ReentrantLock applyLock = new ReentrantLock();
    private final RoleListener roles;

    /** Told of role changes (from Ratis threads; must not block). */
    interface RoleListener {
        void leaderChanged(RaftPeerId leader);

        void leaderReady();
    }

    KvStateMachine(KvStore store, ReentrantLock keyspaceLock, RoleListener roles) {
        this.store = store;
        this.keyspaceLock = keyspaceLock;
        this.roles = roles;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            SingleFileSnapshotInfo s = storage.loadLatestSnapshot();
            if (s != null) {
                if (Files.exists(markerFile())) {
                    LOG.warning("a snapshot load was interrupted: loading " + s.getFile().getPath() + " again");
                    load(s);
                } else {
                    setLastAppliedTermIndex(s.getTermIndex());
                }
            }
        });
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return storage.getLatestSnapshot();
    }

    @Override
    public void pause() {
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
            lc.transition(LifeCycle.State.PAUSING);
            lc.transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        LifeCycle lc = getLifeCycle();
        lc.transition(LifeCycle.State.STARTING);
        SingleFileSnapshotInfo s = storage.loadLatestSnapshot();
        if (s != null) {
            load(s);
        }
        lc.transition(LifeCycle.State.RUNNING);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        applyLock.lock();
        try {
            if (entry.getIndex() <= getLastAppliedTermIndex().getIndex()) {
                return CompletableFuture.completedFuture(Message.EMPTY); // already in the store
            }
            WriteCodec.Entry decoded = WriteCodec.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
            List<Write> writes = decoded.writes();
            boolean applies = decoded.appliesAt(entry.getTerm());
            keyspaceLock.lock();
            try {
                if (applies && !writes.isEmpty()) {
                    try (KvTransaction tx = store.begin()) {
                        for (Write w : writes) {
                            if (w.value() == null) {
                                tx.delete(w.key());
                            } else {
                                tx.put(w.key(), w.value(), w.expires());
                            }
                        }
                        tx.commit();
                    }
                }
                updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
            } finally {
                keyspaceLock.unlock();
            }
            if (!applies) {
                LOG.fine(() -> "skipped log entry " + entry.getIndex() + ": evaluated in term " + decoded.term()
                        + ", logged in term " + entry.getTerm());
                return CompletableFuture.completedFuture(Message.valueOf(ReplicationNode.SKIPPED));
            }
            return CompletableFuture.completedFuture(Message.EMPTY);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "cannot apply log entry " + entry.getIndex() + ": this node stops applying", e);
            return CompletableFuture.failedFuture(e);
        } finally {
            applyLock.unlock();
        }
    }

    /** A read request's body: nothing to compute, the leader's ReadIndex check before it is the point. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    @Override
    public long takeSnapshot() throws IOException {
        applyLock.lock();
        try {
            TermIndex ti = getLastAppliedTermIndex();
            if (ti == null || ti.getIndex() <= 0) {
                return RaftLog.INVALID_LOG_INDEX;
            }
            long start = System.nanoTime();
            if (store.options().syncPolicy() != SyncPolicy.ALWAYS) {
                store.snapshot(); // the store must be durable up to ti before the log below it can go
            }
            File file = storage.getSnapshotFile(ti.getTerm(), ti.getIndex());
            Path tmp = file.toPath().resolveSibling(file.getName() + ".writing");
            long n = SnapshotFile.write(store, ti.getTerm(), ti.getIndex(), tmp);
            Files.move(tmp, file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
            forceDirectory(file.toPath().getParent());
            storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), ti));
            storage.cleanupOldSnapshots(new org.apache.ratis.statemachine.SnapshotRetentionPolicy() {
                @Override
                public int getNumSnapshotsRetained() {
                    return 2;
                }
            });
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.info(() -> "raft snapshot at index " + ti.getIndex() + " (term " + ti.getTerm() + "): " + n
                    + " keys in " + ms + " ms");
            return ti.getIndex();
        } finally {
            applyLock.unlock();
        }
    }

    /** Replaces the store's contents with snapshot {@code s} and makes them durable. */
    private void load(SingleFileSnapshotInfo s) throws IOException {
        Path file = s.getFile().getPath();
        applyLock.lock();
        try {
            Files.createDirectories(markerFile().getParent());
            Files.write(markerFile(), new byte[0]);
            long start = System.nanoTime();
            SnapshotFile.Header h;
            keyspaceLock.lock();
            try {
                clearStore();
                List<Object[]> batch = new ArrayList<>();
                h = SnapshotFile.read(file, (k, v, exp) -> {
                    batch.add(new Object[] {k, v, exp});
                    if (batch.size() >= BATCH) {
                        putAll(batch);
                    }
                });
                putAll(batch);
            } finally {
                keyspaceLock.unlock();
            }
            store.snapshot();
            Files.delete(markerFile());
            setLastAppliedTermIndex(TermIndex.valueOf(h.term(), h.index()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.info(() -> "installed raft snapshot " + file.getFileName() + ": " + h.count() + " keys in " + ms + " ms");
        } finally {
            applyLock.unlock();
        }
    }

    private void clearStore() {
        while (true) {
            List<byte[]> keys = new ArrayList<>();
            KvCursor c = store.cursor();
            while (keys.size() < BATCH && c.next()) {
                keys.add(c.key());
            }
            if (keys.isEmpty()) {
                return;
            }
            try (KvTransaction tx = store.begin()) {
                keys.forEach(tx::delete);
                tx.commit();
            }
        }
    }

    private void putAll(List<Object[]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try (KvTransaction tx = store.begin()) {
            for (Object[] e : batch) {
                tx.put((byte[]) e[0], (byte[]) e[1], (Long) e[2]);
            }
            tx.commit();
        }
        batch.clear();
    }

    private Path markerFile() {
        return storage.getSnapshotFile(0, 0).toPath().resolveSibling(LOADING_MARKER);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot force directory " + dir, e);
        }
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        roles.leaderChanged(newLeaderId);
    }

    @Override
    public void notifyLeaderReady() {
        roles.leaderReady();
    }
}
