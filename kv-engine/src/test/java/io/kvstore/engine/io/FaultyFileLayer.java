package io.kvstore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A {@link FileLayer} for tests that simulates what a power loss does to data a program did not make durable,
 * and injects I/O errors. Shared fixture: the coordinator's and the reliability tests use it too.
 *
 * <p>What it remembers: every write and truncation through its channels since the file was last forced, and
 * every create, rename and delete since the directory was last synced. {@link #crash(CrashMode)} then makes
 * the files look as they would after a power loss: open channels die (every later call on them throws), and
 * un-forced data is dropped, torn or partly kept in random pages, and un-synced directory changes are undone
 * (a created file disappears, a rename is reverted, a deleted file comes back with its durable contents).
 * Afterwards the layer is usable again, as a rebooted machine would be.
 *
 * <p>Faults: {@link #failForces(int)} makes the next forces throw; the data they were meant to make durable
 * is then lost at a crash even if a later force succeeds (the Linux "fsyncgate" behaviour: after a failed
 * fsync the kernel marks the pages clean). {@link #failWritesAfter(long)} makes writes throw
 * {@code IOException("No space left on device")} once that many more bytes have been written (the write that
 * crosses the limit is short). {@link #failDirectorySyncs(int)} makes the next directory syncs throw.
 *
 * <p>Limitations: writes through a writable memory mapping are not supported (mapping throws); a file whose
 * deletion or replacement is undone comes back with its contents as of its last force (in every mode); a
 * rename across directories counts as a change of the target directory. The real {@code force} is not called
 * unless {@link #realForce(boolean)} is set, which keeps tests fast.
 *
 * <p>Thread-safety: safe for concurrent use; every operation, including the channels', holds this layer's
 * monitor, so I/O through it is serialised.
 */
public final class FaultyFileLayer implements FileLayer {
    /** What a crash does to un-forced writes. Un-synced directory changes are undone in every mode. */
    public enum CrashMode {
        /** Every un-forced write and truncation is lost. */
        DROP,
        /** Un-forced writes survive in order up to a random point, the write at that point in part (a torn write). */
        TEAR,
        /** Each 4 KiB page of each un-forced write survives or not at random (writes persisted out of order). */
        REORDER
    }

    static final int PAGE = 4096;

    private final FileLayer delegate;
    private final long seed;
    private final Random random;

    /** File states by current (absolute, normalized) path. Guarded by this. */
    private final Map<Path, FileState> files = new HashMap<>();
    /** Directory changes not yet known durable, oldest first. Guarded by this. */
    private final List<DirOp> dirOps = new ArrayList<>();
    private final Set<FaultyChannel> openChannels = new HashSet<>();

    private long writeBudget = Long.MAX_VALUE;
    private int forcesToFail;
    private int dirSyncsToFail;
    private boolean realForce;
    private long forceCount;
    private long dirSyncCount;
    private long bytesWritten;
    private int crashCount;

    /** Over the real file system, with a random seed (see {@link #seed()}). */
    public FaultyFileLayer() {
        this(FileLayer.DEFAULT, new Random().nextLong());
    }

    public FaultyFileLayer(long seed) {
        this(FileLayer.DEFAULT, seed);
    }

    public FaultyFileLayer(FileLayer delegate, long seed) {
        this.delegate = delegate;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** The seed of the random choices crashes make; print it when a test fails, to reproduce. */
    public long seed() {
        return seed;
    }

    // ---------------------------------------------------------------- fault controls

    /** The next {@code n} file forces throw {@code IOException}; their pending data is lost at the next crash. */
    public synchronized FaultyFileLayer failForces(int n) {
        forcesToFail = n;
        return this;
    }

    /** The next {@code n} directory syncs throw {@code IOException}; the changes stay un-synced. */
    public synchronized FaultyFileLayer failDirectorySyncs(int n) {
        dirSyncsToFail = n;
        return this;
    }

    /** After {@code bytes} more bytes have been written, writes throw "No space left on device". */
    public synchronized FaultyFileLayer failWritesAfter(long bytes) {
        writeBudget = bytes;
        return this;
    }

    /** Clears every injected fault (not the memory of un-forced data). */
    public synchronized FaultyFileLayer clearFaults() {
        writeBudget = Long.MAX_VALUE;
        forcesToFail = 0;
        dirSyncsToFail = 0;
        return this;
    }

    /** Whether a successful force also calls the real {@code force} (default false). */
    public synchronized FaultyFileLayer realForce(boolean on) {
        realForce = on;
        return this;
    }

    public synchronized long forceCount() {
        return forceCount;
    }

    public synchronized long directorySyncCount() {
        return dirSyncCount;
    }

    public synchronized long bytesWritten() {
        return bytesWritten;
    }

    public synchronized int crashCount() {
        return crashCount;
    }

    /** Bytes written but not yet forced, over all files. */
    public synchronized long unforcedBytes() {
        long n = 0;
        for (FileState s : files.values()) {
            for (Op op : s.log) {
                if (op.status != Status.DURABLE && op instanceof WriteOp w) {
                    n += w.data.length;
                }
            }
        }
        return n;
    }

    /** {@link #crash(CrashMode)} with {@link CrashMode#DROP}. */
    public void crash() throws IOException {
        crash(CrashMode.DROP);
    }

    /**
     * Simulates a power loss and a reboot: kills every open channel, undoes un-synced directory changes and
     * applies {@code mode} to un-forced data. Injected faults stay as they are.
     */
    public synchronized void crash(CrashMode mode) throws IOException {
        crashCount++;
        for (FaultyChannel ch : new ArrayList<>(openChannels)) {
            ch.dead = true;
            ch.delegate.close();
        }
        openChannels.clear();
        undoDirectoryChanges(mode);
        for (FileState s : files.values()) {
            if (!s.log.isEmpty()) {
                Image img = Image.read(delegate, s.path);
                for (int i = s.log.size() - 1; i >= 0; i--) {
                    s.log.get(i).undo(img);
                }
                redo(s.log, img, mode);
                img.writeTo(delegate, s.path);
                s.log.clear();
            }
        }
    }

    // ---------------------------------------------------------------- FileLayer

    @Override
    public synchronized FileChannel open(Path file, boolean create, boolean readOnly) throws IOException {
        Path p = norm(file);
        boolean existed = exists(p);
        FileChannel ch = delegate.open(p, create, readOnly);
        FileState s = files.computeIfAbsent(p, FileState::new);
        if (!existed) {
            dirOps.add(new CreateOp(p));
        }
        FaultyChannel fc = new FaultyChannel(ch, s);
        openChannels.add(fc);
        return fc;
    }

    @Override
    public synchronized void atomicMove(Path from, Path to) throws IOException {
        Path f = norm(from);
        Path t = norm(to);
        Image replaced = exists(t) ? durableImage(t) : null;
        delegate.atomicMove(f, t);
        FileState s = files.remove(f);
        if (s == null) {
            s = new FileState(f);
        }
        s.path = t;
        files.put(t, s);
        dirOps.add(new MoveOp(f, t, replaced));
    }

    @Override
    public synchronized void deleteIfExists(Path file) throws IOException {
        Path p = norm(file);
        if (!exists(p)) {
            return;
        }
        Image content = durableImage(p);
        delegate.deleteIfExists(p);
        files.remove(p);
        dirOps.add(new DeleteOp(p, content));
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        if (dirSyncsToFail > 0) {
            dirSyncsToFail--;
            throw new IOException("injected failure of directory sync " + dir);
        }
        dirSyncCount++;
        Path d = norm(dir);
        dirOps.removeIf(op -> op.dir().equals(d));
        if (realForce) {
            delegate.syncDirectory(d);
        }
    }

    @Override
    public synchronized List<String> list(Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public synchronized void createDirectories(Path dir) throws IOException {
        delegate.createDirectories(dir);
    }

    @Override
    public synchronized long size(Path file) throws IOException {
        return delegate.size(file);
    }

    // ---------------------------------------------------------------- crash machinery

    private void undoDirectoryChanges(CrashMode mode) throws IOException {
        int keep = mode == CrashMode.DROP ? 0 : random.nextInt(dirOps.size() + 1);
        for (int i = dirOps.size() - 1; i >= keep; i--) {
            dirOps.get(i).undo();
        }
        dirOps.clear();
    }

    /** Re-applies the ops that survive: durable ones always, pending ones as {@code mode} decides. */
    private void redo(List<Op> log, Image img, CrashMode mode) {
        List<Op> pending = new ArrayList<>();
        for (Op op : log) {
            if (op.status == Status.PENDING) {
                pending.add(op);
            }
        }
        int tornAt = mode == CrashMode.TEAR ? random.nextInt(pending.size() + 1) : -1;
        int pendingIndex = 0;
        for (Op op : log) {
            switch (op.status) {
                case DURABLE -> op.redo(img);
                case DOOMED -> { }
                case PENDING -> {
                    int idx = pendingIndex++;
                    if (mode == CrashMode.TEAR) {
                        if (idx < tornAt) {
                            op.redo(img);
                        } else if (idx == tornAt && op instanceof WriteOp w) {
                            w.redoRange(img, 0, random.nextInt(w.data.length + 1));
                        }
                    } else if (mode == CrashMode.REORDER) {
                        if (op instanceof WriteOp w) {
                            redoRandomPages(w, img);
                        } else if (random.nextBoolean()) {
                            op.redo(img);
                        }
                    }
                }
            }
        }
    }

    private void redoRandomPages(WriteOp w, Image img) {
        long end = w.pos + w.data.length;
        for (long pageStart = w.pos - Math.floorMod(w.pos, PAGE); pageStart < end; pageStart += PAGE) {
            long from = Math.max(pageStart, w.pos);
            long to = Math.min(pageStart + PAGE, end);
            if (random.nextBoolean()) {
                w.redoRange(img, (int) (from - w.pos), (int) (to - w.pos));
            }
        }
    }

    /** The file's contents as they would be after a DROP crash (only forced data). */
    private Image durableImage(Path p) throws IOException {
        Image img = Image.read(delegate, p);
        FileState s = files.get(p);
        if (s != null) {
            for (int i = s.log.size() - 1; i >= 0; i--) {
                s.log.get(i).undo(img);
            }
            for (Op op : s.log) {
                if (op.status == Status.DURABLE) {
                    op.redo(img);
                }
            }
        }
        return img;
    }

    private boolean exists(Path p) throws IOException {
        Path parent = p.getParent();
        return parent != null && delegate.list(parent).contains(p.getFileName().toString());
    }

    private static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }

    // ---------------------------------------------------------------- model

    private enum Status { PENDING, DURABLE, DOOMED }

    /** What this layer remembers about one file: its changes since the oldest one not known durable. */
    private static final class FileState {
        Path path;
        final List<Op> log = new ArrayList<>();

        FileState(Path path) {
            this.path = path;
        }

        void forced() {
            for (Op op : log) {
                if (op.status == Status.PENDING) {
                    op.status = Status.DURABLE;
                }
            }
            int firstNotDurable = 0;
            while (firstNotDurable < log.size() && log.get(firstNotDurable).status == Status.DURABLE) {
                firstNotDurable++;
            }
            log.subList(0, firstNotDurable).clear();
        }

        void forceFailed() {
            for (Op op : log) {
                if (op.status == Status.PENDING) {
                    op.status = Status.DOOMED;
                }
            }
        }
    }

    private abstract static class Op {
        Status status = Status.PENDING;

        abstract void undo(Image img);

        abstract void redo(Image img);
    }

    /** A write of {@code data} at {@code pos}; {@code old} is what it overwrote, {@code sizeBefore} the size then. */
    private static final class WriteOp extends Op {
        final long pos;
        final byte[] data;
        final byte[] old;
        final long sizeBefore;

        WriteOp(long pos, byte[] data, byte[] old, long sizeBefore) {
            this.pos = pos;
            this.data = data;
            this.old = old;
            this.sizeBefore = sizeBefore;
        }

        @Override
        void undo(Image img) {
            img.write(pos, old, 0, old.length);
            img.truncate(sizeBefore);
        }

        @Override
        void redo(Image img) {
            redoRange(img, 0, data.length);
        }

        void redoRange(Image img, int from, int to) {
            if (to > from) {
                img.write(pos + from, data, from, to - from);
            }
        }
    }

    /** A truncation from {@code newSize + tail.length} bytes down to {@code newSize}. */
    private static final class TruncateOp extends Op {
        final long newSize;
        final byte[] tail;

        TruncateOp(long newSize, byte[] tail) {
            this.newSize = newSize;
            this.tail = tail;
        }

        @Override
        void undo(Image img) {
            img.write(newSize, tail, 0, tail.length);
        }

        @Override
        void redo(Image img) {
            img.truncate(newSize);
        }
    }

    private interface DirOp {
        Path dir();

        void undo() throws IOException;
    }

    private final class CreateOp implements DirOp {
        final Path path;

        CreateOp(Path path) {
            this.path = path;
        }

        @Override
        public Path dir() {
            return path.getParent();
        }

        @Override
        public void undo() throws IOException {
            delegate.deleteIfExists(path);
            files.remove(path);
        }
    }

    private final class DeleteOp implements DirOp {
        final Path path;
        final Image content;

        DeleteOp(Path path, Image content) {
            this.path = path;
            this.content = content;
        }

        @Override
        public Path dir() {
            return path.getParent();
        }

        @Override
        public void undo() throws IOException {
            content.writeTo(delegate, path);
            files.remove(path);
        }
    }

    private final class MoveOp implements DirOp {
        final Path from;
        final Path to;
        final Image replaced;

        MoveOp(Path from, Path to, Image replaced) {
            this.from = from;
            this.to = to;
            this.replaced = replaced;
        }

        @Override
        public Path dir() {
            return to.getParent();
        }

        @Override
        public void undo() throws IOException {
            delegate.atomicMove(to, from);
            FileState s = files.remove(to);
            if (s != null) {
                s.path = from;
                files.put(from, s);
            }
            if (replaced != null) {
                replaced.writeTo(delegate, to);
            }
        }
    }

    /** A file's contents in memory, for replaying and undoing ops. */
    private static final class Image {
        byte[] bytes;
        int size;

        static Image read(FileLayer fs, Path p) throws IOException {
            Image img = new Image();
            try (FileChannel ch = fs.open(p, false, true)) {
                img.size = Math.toIntExact(ch.size());
                img.bytes = new byte[Math.max(img.size, 16)];
                FileIo.readFully(ch, 0, img.bytes, 0, img.size);
            }
            return img;
        }

        void write(long pos, byte[] src, int off, int len) {
            int end = Math.toIntExact(pos + len);
            if (end > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length * 2));
            }
            if (pos > size) {
                Arrays.fill(bytes, size, (int) pos, (byte) 0); // a hole reads as zeros
            }
            System.arraycopy(src, off, bytes, (int) pos, len);
            size = Math.max(size, end);
        }

        void truncate(long newSize) {
            if (newSize < size) {
                size = (int) newSize;
            }
        }

        void writeTo(FileLayer fs, Path p) throws IOException {
            try (FileChannel ch = fs.open(p, true, false)) {
                ch.truncate(0);
                FileIo.writeFully(ch, 0, bytes, 0, size);
            }
        }
    }

    /** A channel that records writes for {@link #crash} and injects faults. Every call holds the layer's monitor. */
    private final class FaultyChannel extends FileChannel {
        final FileChannel delegate;
        final FileState state;
        boolean dead;

        FaultyChannel(FileChannel delegate, FileState state) {
            this.delegate = delegate;
            this.state = state;
        }

        private void alive() throws IOException {
            if (dead) {
                throw new IOException("simulated crash: this channel belongs to a process that died");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                return delegate.read(dst);
            }
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                return delegate.read(dsts, offset, length);
            }
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                return delegate.read(dst, position);
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                long pos = delegate.position();
                int n = write(src, pos);
                delegate.position(pos + n);
                return n;
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            synchronized (FaultyFileLayer.this) {
                long total = 0;
                for (int i = offset; i < offset + length; i++) {
                    int want = srcs[i].remaining();
                    int n = write(srcs[i]);
                    total += n;
                    if (n < want) {
                        break;
                    }
                }
                return total;
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                int want = src.remaining();
                if (want == 0) {
                    return 0;
                }
                if (writeBudget <= 0) {
                    throw new IOException("No space left on device");
                }
                int n = (int) Math.min(want, writeBudget);
                byte[] data = new byte[n];
                src.get(data);
                long sizeBefore = delegate.size();
                byte[] old = new byte[(int) Math.max(0, Math.min(position + n, sizeBefore) - position)];
                FileIo.readFully(delegate, position, old, 0, old.length);
                FileIo.writeFully(delegate, position, data, 0, n);
                state.log.add(new WriteOp(position, data, old, sizeBefore));
                writeBudget -= n;
                bytesWritten += n;
                return n;
            }
        }

        @Override
        public long position() throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                return delegate.position();
            }
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                delegate.position(newPosition);
                return this;
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                return delegate.size();
            }
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                long before = delegate.size();
                if (size < before) {
                    byte[] tail = new byte[(int) (before - size)];
                    FileIo.readFully(delegate, size, tail, 0, tail.length);
                    delegate.truncate(size);
                    state.log.add(new TruncateOp(size, tail));
                } else {
                    delegate.truncate(size);
                }
                return this;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                if (forcesToFail > 0) {
                    forcesToFail--;
                    state.forceFailed();
                    throw new IOException("injected fsync failure (EIO) on " + state.path);
                }
                if (realForce) {
                    delegate.force(metaData);
                }
                forceCount++;
                state.forced();
            }
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
                long done = 0;
                while (done < count) {
                    buf.clear().limit((int) Math.min(buf.capacity(), count - done));
                    int n = delegate.read(buf, position + done);
                    if (n <= 0) {
                        break;
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        done += target.write(buf);
                    }
                }
                return done;
            }
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
                long done = 0;
                while (done < count) {
                    buf.clear().limit((int) Math.min(buf.capacity(), count - done));
                    int n = src.read(buf);
                    if (n <= 0) {
                        break;
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        done += write(buf, position + done);
                    }
                }
                return done;
            }
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                if (mode != MapMode.READ_ONLY) {
                    throw new UnsupportedOperationException("FaultyFileLayer cannot track writes through a mapping");
                }
                return delegate.map(mode, position, size);
            }
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            alive();
            return delegate.lock(position, size, shared); // may block: not under the layer's monitor
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            synchronized (FaultyFileLayer.this) {
                alive();
                return delegate.tryLock(position, size, shared);
            }
        }

        @Override
        protected void implCloseChannel() throws IOException {
            synchronized (FaultyFileLayer.this) {
                openChannels.remove(this);
                delegate.close();
            }
        }
    }
}
