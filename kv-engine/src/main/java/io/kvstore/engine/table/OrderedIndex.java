package io.kvstore.engine.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The store's ordered index: every live {@link EntryRecord}, in ascending unsigned byte order of the keys, as a
 * copy-on-write B+-tree over references to the records (no key copies). It stands beside {@link HashTable}, which
 * stays the point-lookup path; this index answers ranges, prefixes, ordered and reverse scans and range counts.
 *
 * <p><b>Concurrency.</b> One writer, any number of readers. The mutating methods ({@link #put}, {@link #removeKey},
 * {@link #publish}, {@link #discardUnpublished}, {@link #clear}) must be called by one thread at a time (the
 * commit leader); the index does not check this. Readers ({@link #records}, {@link #count}, {@link #first},
 * {@link #size}) take the published root once and walk it: a published node is never written again, so a reader
 * sees a consistent, point-in-time order (the state at one {@link #publish()}, or later) without retries or
 * validation, for as long as it holds on to it.
 *
 * <p><b>Deferred edits.</b> Applying a commit's few edits to the tree at once would copy a root-to-leaf path per
 * commit (about 2 KB at a million keys, the larger part of a single-key commit's cost). So the edits of a small
 * commit group are only noted ({@link #put} and {@link #removeKey} add them to the writer's staged list), and
 * {@link #publish()} moves them to a list of committed edits under a lock. They are applied to the tree, with
 * transient nodes so that a node is copied once for all of them, and published, when that list is long (1,024
 * edits or 1 MiB of records) or by the first reader that needs the index: a reader that finds committed edits not
 * yet applied applies them under the lock before it takes the root. So every reader still sees every edit published
 * before it started, and a writer with no ordered readers pays a path copy per 1,024 edits, not per commit. A
 * group with many edits (64 or more: loads, large transactions) applies them to the working tree directly, as they
 * come, after applying and publishing what was pending. The lock is held only to move or apply edits; readers
 * that find nothing pending take no lock.
 *
 * <p><b>Writes: transient copy-on-write.</b> The writer changes a private working root. A node reachable from a
 * published root is copied before its first change (the path from the root down is copied along); a node that
 * was created since the last {@link #publish()} carries the writer's current edit token and is changed in place.
 * {@link #publish()} makes the working root visible with a release store and starts a new token, which freezes
 * every node created so far. So a commit group of thousands of inserts copies each touched node once, not once
 * per insert, and a single write copies one path (about 4 nodes at a million keys). This is the "transient" idea
 * of persistent data structures (Clojure's transients); the B+-tree shape follows the textbook.
 *
 * <p><b>Layout.</b> Leaves hold up to {@value #LEAF_CAPACITY} records; inner nodes up to {@value #INNER_CAPACITY}
 * children, each child but the first with a separator: a reference to a record whose key is the smallest key of
 * that child's subtree when the separator was made (the record may since have been replaced or removed; only its
 * key is used). A node that overflows at its end (keys arriving in ascending order, as when a snapshot written in
 * key order is loaded) splits by starting a new, almost empty node, so sequential loading fills nodes completely;
 * elsewhere it splits in halves. A node that falls below a quarter of its capacity merges with a neighbour when
 * both fit in one node; an empty node is removed. Comparing a key with a record compares the bytes in place.
 *
 * <p><b>Cost.</b> About {@code 5 / fill} bytes per entry for the leaf arrays (a reference and a one-byte key
 * fingerprint per entry) plus the nodes' headers (5.4 bytes for sequential loads, about 7.5 after random inserts).
 * A search reads records only where the cheaper data cannot decide: an inner node compares the key with its
 * abbreviated separators ({@link Abbrev}) and reads a separator's record only on a tie; a leaf finds a key it holds
 * by its fingerprint (one record read, plus a false match for about one search in four) and places a key it does
 * not hold by binary search ({@code log2(64)} record reads). Every record read is a likely cache miss on a large
 * index, so a replacement (an update of an existing key) costs about two instead of {@code log2(n)}.
 */
public final class OrderedIndex {
    static final int LEAF_CAPACITY = 64;
    static final int INNER_CAPACITY = 64;
    /** A group with this many edits applies them to the working tree as they come ({@link #goDirect}). */
    static final int DIRECT_AT = 64;
    /** Committed edits are applied once there are this many (or {@link #APPLY_AT_BYTES}), if no reader did. */
    static final int APPLY_AT = 1024;
    /** Bytes of records held by committed, unapplied edits (superseded records stay alive until then). */
    static final long APPLY_AT_BYTES = 1 << 20;
    /**
     * Heap bytes {@link #memoryUsed()} counts for each put waiting in {@link #pending}: above what an entry costs
     * the tree on average (about 9 bytes in leaves two-thirds full, 12.5 right after splits, plus inner nodes),
     * so that a memory limit is not overrun by edits the tree has not taken yet.
     */
    static final long PENDING_PUT_BYTES = 16;
    private static final VarHandle ROOT;

    static {
        try {
            ROOT = MethodHandles.lookup().findVarHandle(OrderedIndex.class, "root", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A leaf ({@code children == null}: {@code recs[0, n)} are records in key order) or an inner node
     * ({@code children[0, n)} with separators {@code recs[1, n)}; {@code recs[0]} unused). Written only while its
     * {@code edit} is the writer's current token; frozen once published.
     */
    static final class Node {
        final Object edit;
        int n;
        /** Entries in this subtree. */
        long size;
        final byte[][] recs;
        final Node[] children;
        /**
         * Leaves: {@code fps[i]} is the {@link #fingerprint} of {@code recs[i]}'s key, kept in step with
         * {@code recs[0, n)}; null for inner nodes.
         */
        final byte[] fps;
        /**
         * Inner nodes: the separators abbreviated ({@link Abbrev}), or null until a search needs them. Set by
         * whoever searches the node (readers too: a racy write of an immutable object, safely published by its
         * final fields; two threads compute the same value); cleared by every change of the node's separators.
         */
        Abbrev abbrev;

        Node(Object edit, int capacity, boolean leaf) {
            this.edit = edit;
            this.recs = new byte[capacity][];
            this.children = leaf ? null : new Node[capacity];
            this.fps = leaf ? new byte[capacity] : null;
        }

        boolean isLeaf() {
            return children == null;
        }

        Node copy(Object token) {
            Node c = new Node(token, recs.length, isLeaf());
            c.n = n;
            c.size = size;
            System.arraycopy(recs, 0, c.recs, 0, n);
            if (children != null) {
                System.arraycopy(children, 0, c.children, 0, n);
                c.abbrev = abbrev; // same separators
            } else {
                System.arraycopy(fps, 0, c.fps, 0, n);
            }
            return c;
        }
    }

    /** The published root (read with acquire by readers). */
    @SuppressWarnings("unused") // through ROOT
    private volatile Node root;
    /** Writer only: the working root (equal to the published one right after {@link #publish()}). */
    private Node work;
    /** Writer only: the token of nodes the writer may change in place. */
    private Object edit = new Object();
    /** Writer only: separator of the node split off by the last {@code insert} that split. */
    private byte[] splitKey;
    /** Writer only: whether the last {@code insert} added an entry (false: it replaced one). */
    private boolean inserted;
    /** Writer only: entries in the working tree, and nodes by kind (for {@link #memoryUsed()}). */
    private long size;
    private long leaves;
    private long inners;
    /**
     * Writer only: the right spine of the working tree (root to last leaf), all editable, while
     * {@link #spineRoot} is {@link #work}; lets an append past the last key skip the descent. Any other change
     * clears {@link #spineRoot}.
     */
    private final Node[] spine = new Node[32];
    private int spineDepth;
    private Node spineRoot;
    private volatile long publishedMemory;
    /** Writer only: {@link #size}, {@link #leaves} and {@link #inners} at the last {@link #publish()}. */
    private final long[] publishedCounts = new long[3];

    /**
     * Held to change the tree while edits are deferred: by the writer to move its staged edits to
     * {@link #pending} (and apply them), by a reader to apply {@link #pending}. In direct mode the writer changes
     * the tree without it: then nothing is pending, so no reader touches the tree.
     */
    private final Object lock = new Object();
    /** Writer only: edits of the current group, not yet committed ({@link #publish}). */
    private final Edits staged = new Edits();
    /** Committed edits not yet applied to the tree (guarded by {@link #lock}). */
    private final Edits pending = new Edits();
    /** Whether {@link #pending} holds edits (written under {@link #lock}; readers check it without). */
    private volatile boolean unapplied;
    /** {@link #PENDING_PUT_BYTES} for each put in {@link #pending} (written under {@link #lock}). */
    private volatile long pendingMemory;
    /** Writer only: whether the current group's edits go to the working tree as they come. */
    private boolean direct;
    private final int directAt;
    private final int applyAt;

    public OrderedIndex() {
        this(DIRECT_AT, APPLY_AT);
    }

    /** With other thresholds of deferred edits (tests: small ones exercise every transition). */
    OrderedIndex(int directAt, int applyAt) {
        this.directAt = directAt;
        this.applyAt = applyAt;
        clear();
    }

    // ------------------------------------------------------------------------------------------ writer

    /**
     * Inserts {@code record}, or replaces the record with the same key. Writer only; not visible to readers
     * before {@link #publish()}.
     *
     * @param record a well-formed entry record
     */
    public void put(byte[] record) {
        if (direct) {
            applyPut(record);
        } else {
            stage(record, false);
        }
    }

    private void applyPut(byte[] record) {
        int off = KeyBytes.keyOffset(record);
        int len = EntryRecord.keyLength(record);
        if (appendFast(record, off, len)) {
            return;
        }
        spineRoot = null;
        Node r = editable(work);
        work = r;
        Node right = insert(r, record, off, len);
        if (right != null) {
            Node top = new Node(edit, INNER_CAPACITY, false);
            inners++;
            top.children[0] = r;
            top.children[1] = right;
            top.recs[1] = splitKey;
            top.n = 2;
            top.size = r.size + right.size;
            work = top;
        }
    }

    /**
     * Appends {@code record} to the last leaf when its key is above every key and the right spine is editable
     * with room in the leaf (ascending loads: a snapshot in key order, sequential keys). False when it did not.
     */
    private boolean appendFast(byte[] rec, int off, int len) {
        if (spineRoot != work) {
            if (!buildSpine()) {
                return false;
            }
        }
        Node leaf = spine[spineDepth];
        int n = leaf.n;
        if (n == 0 || n == leaf.recs.length || compareRecordKey(leaf.recs[n - 1], rec, off, len) >= 0) {
            return false;
        }
        leaf.recs[n] = rec;
        leaf.fps[n] = fingerprint(rec, off, len);
        leaf.n = n + 1;
        leaf.size++;
        for (int d = 0; d < spineDepth; d++) {
            spine[d].size++;
        }
        size++;
        return true;
    }

    /** Records the right spine of the working tree if every node on it is editable. */
    private boolean buildSpine() {
        Node node = work;
        int d = 0;
        while (node.edit == edit) {
            spine[d] = node;
            if (node.isLeaf()) {
                spineDepth = d;
                spineRoot = work;
                return true;
            }
            node = node.children[node.n - 1];
            d++;
        }
        return false;
    }

    /** Removes {@code key}, if present. Writer only. */
    public void removeKey(byte[] key) {
        if (direct) {
            applyRemove(key, 0, key.length);
        } else {
            stage(key, true);
        }
    }

    /** Notes an edit of the current group; a group that reaches {@link #directAt} edits goes direct. */
    private void stage(byte[] item, boolean removal) {
        staged.add(item, removal);
        if (staged.n >= directAt) {
            goDirect();
        }
    }

    /**
     * Applies and publishes the committed edits, then this group's staged ones to the working tree, and sends the
     * group's further edits there too (until {@link #publish} or {@link #discardUnpublished}). Writer only.
     */
    private void goDirect() {
        synchronized (lock) {
            applyPendingAndPublish();
        }
        direct = true;
        apply(staged);
        staged.clear();
    }

    /** Applies {@code edits} to the working tree, in order. Writer, or a reader holding {@link #lock}. */
    private void apply(Edits edits) {
        for (int i = 0; i < edits.n; i++) {
            byte[] item = edits.items[i];
            if (edits.removals[i]) {
                applyRemove(item, 0, item.length);
            } else {
                applyPut(item);
            }
        }
    }

    /** Applies {@link #pending} and publishes the working tree. Holding {@link #lock}, not in direct mode. */
    private void applyPendingAndPublish() {
        if (pending.n > 0) {
            apply(pending);
            pending.clear();
            unapplied = false;
        }
        publishRoot(); // before pendingMemory drops: memoryUsed() never misses the applied edits
        pendingMemory = 0;
    }

    /**
     * Applies the committed edits that wait for a reader, so that {@link #memoryUsed()} is the tree's own figure
     * rather than an estimate (the commit leader, at a memory limit). Writer only. Returns whether there were any.
     */
    public boolean applyPending() {
        if (direct || !unapplied) {
            return false;
        }
        synchronized (lock) {
            if (!unapplied) {
                return false;
            }
            applyPendingAndPublish();
            return true;
        }
    }

    private void applyRemove(byte[] key, int off, int len) {
        if (!contains(work, key, off, len)) {
            return;
        }
        spineRoot = null;
        Node r = editable(work);
        work = r;
        delete(r, key, off, len);
        while (!r.isLeaf() && r.n == 1) {
            r = r.children[0];
            inners--;
        }
        if (!r.isLeaf() && r.n == 0) {
            r = new Node(edit, LEAF_CAPACITY, true);
            inners--;
            leaves++;
        }
        work = r;
    }

    /**
     * Commits every change since the last call: readers that start after this returns see all of them, at once
     * (they may be applied to the tree later, by such a reader). Writer only.
     */
    public void publish() {
        if (direct) {
            synchronized (lock) {
                publishRoot();
            }
            direct = false;
            return;
        }
        if (staged.n == 0) {
            return;
        }
        synchronized (lock) {
            pending.addAll(staged);
            if (pending.n >= applyAt || pending.bytes >= APPLY_AT_BYTES) {
                applyPendingAndPublish();
            } else {
                pendingMemory += PENDING_PUT_BYTES * staged.puts;
                unapplied = true;
            }
        }
        staged.clear();
    }

    /** Makes the working tree the published one and starts a new edit token (freezing every node so far). */
    private void publishRoot() {
        if (ROOT.getAcquire(this) != work) {
            publishedMemory = memoryOf(leaves, inners, size);
            publishedCounts[0] = size;
            publishedCounts[1] = leaves;
            publishedCounts[2] = inners;
            ROOT.setRelease(this, work);
        }
        edit = new Object();
    }

    /**
     * Drops every change since the last {@link #publish()}: the working tree becomes the published one again
     * (used when the writes those changes belong to were not committed after all). Readers are unaffected: they
     * never saw the changes. Writer only.
     */
    public void discardUnpublished() {
        staged.clear();
        if (!direct) {
            return; // the working tree holds committed edits only
        }
        synchronized (lock) { // readers that apply pending edits later see the restored tree
            Node published = (Node) ROOT.getAcquire(this);
            if (work != published) {
                work = published;
                size = publishedCounts[0];
                leaves = publishedCounts[1];
                inners = publishedCounts[2];
            }
            spineRoot = null;
            edit = new Object();
        }
        direct = false;
    }

    /** Removes everything, pending edits too, and publishes the empty index. Writer only. */
    public void clear() {
        staged.clear();
        direct = false;
        synchronized (lock) {
            pending.clear();
            unapplied = false;
            pendingMemory = 0;
            edit = new Object();
            spineRoot = null;
            work = new Node(edit, LEAF_CAPACITY, true);
            size = 0;
            leaves = 1;
            inners = 0;
            publishRoot();
        }
    }

    /**
     * The published root, after applying the committed edits that wait for a reader ({@link #pending}), so that
     * it holds every edit published before this call.
     */
    private Node root() {
        if (unapplied) {
            synchronized (lock) {
                if (unapplied) {
                    applyPendingAndPublish();
                }
            }
        }
        return (Node) ROOT.getAcquire(this);
    }

    /** Entries in the published index. */
    public long size() {
        return sizeOf(root());
    }

    /**
     * Estimated heap bytes of the published index's nodes and arrays (the records are the hash table's, and
     * counted there), plus {@link #PENDING_PUT_BYTES} for each committed put not yet applied to the tree.
     */
    public long memoryUsed() {
        long pendingBytes = pendingMemory; // first: once it reads 0, publishedMemory holds those edits
        return publishedMemory + pendingBytes;
    }

    private static long memoryOf(long leaves, long inners, long size) {
        long leafBytes = 48 + HashTable.referenceArrayBytes(LEAF_CAPACITY) + 16 + LEAF_CAPACITY;
        long innerBytes = 48 + 2 * HashTable.referenceArrayBytes(INNER_CAPACITY)
                + 16 + 16 + 8L * INNER_CAPACITY + 24; // the abbreviated separators, once a search made them
        return 32 + leaves * leafBytes + inners * innerBytes;
    }

    private Node editable(Node node) {
        if (node.edit == edit) {
            return node;
        }
        return node.copy(edit); // replaces the frozen original in the working tree
    }

    /** Inserts into the editable subtree {@code node}; returns a new right sibling if it split (its separator in {@link #splitKey}). */
    private Node insert(Node node, byte[] rec, int off, int len) {
        if (node.isLeaf()) {
            byte fp = fingerprint(rec, off, len);
            int pos = leafFind(node, rec, off, len, fp);
            if (pos >= 0) {
                node.recs[pos] = rec; // same key, same fingerprint
                inserted = false;
                return null;
            }
            size++;
            inserted = true;
            return insertAt(node, -pos - 1, rec, null, fp);
        }
        int i = childIndexKey(node, rec, off, len);
        Node child = editable(node.children[i]);
        node.children[i] = child;
        Node right = insert(child, rec, off, len);
        if (inserted) {
            node.size++;
        }
        if (right == null) {
            return null;
        }
        return insertAt(node, i + 1, splitKey, right, (byte) 0);
    }

    /**
     * Puts {@code rec} (a leaf's record with its key's fingerprint {@code fp}, or an inner node's separator with its
     * {@code child}) at {@code pos} of the editable {@code node}, splitting it when full. Returns the new right
     * node of a split, or null.
     */
    private Node insertAt(Node node, int pos, byte[] rec, Node child, byte fp) {
        if (child != null) {
            node.abbrev = null; // an inner node's separators change
        }
        int n = node.n;
        int cap = node.recs.length;
        if (n < cap) {
            System.arraycopy(node.recs, pos, node.recs, pos + 1, n - pos);
            node.recs[pos] = rec;
            if (child != null) {
                System.arraycopy(node.children, pos, node.children, pos + 1, n - pos);
                node.children[pos] = child;
            } else {
                System.arraycopy(node.fps, pos, node.fps, pos + 1, n - pos);
                node.fps[pos] = fp;
            }
            node.n = n + 1;
            if (child == null) {
                node.size++;
            }
            return null;
        }
        boolean leaf = node.isLeaf();
        Node right = new Node(edit, cap, leaf);
        if (leaf) {
            leaves++;
        } else {
            inners++;
        }
        // appending at the end: keep this node full and start the next (sequential loads fill every node)
        if (pos == n) {
            right.recs[0] = rec;
            if (child != null) {
                right.children[0] = child;
                right.size = child.size;
                node.size -= child.size;
            } else {
                right.fps[0] = fp;
                right.size = 1;
            }
            right.n = 1;
            splitKey = rec;
            if (!leaf) {
                right.recs[0] = null;
            }
            return right;
        }
        int keep = (n + 1) / 2;
        // the n + 1 entries in order are recs[0, pos), rec, recs[pos, n); the first `keep` stay here
        byte[][] all = new byte[n + 1][];
        Node[] kids = child == null ? null : new Node[n + 1];
        System.arraycopy(node.recs, 0, all, 0, pos);
        all[pos] = rec;
        System.arraycopy(node.recs, pos, all, pos + 1, n - pos);
        if (kids != null) {
            System.arraycopy(node.children, 0, kids, 0, pos);
            kids[pos] = child;
            System.arraycopy(node.children, pos, kids, pos + 1, n - pos);
        }
        System.arraycopy(all, 0, node.recs, 0, keep);
        Arrays.fill(node.recs, keep, n, null);
        int moved = n + 1 - keep;
        System.arraycopy(all, keep, right.recs, 0, moved);
        if (kids != null) {
            System.arraycopy(kids, 0, node.children, 0, keep);
            Arrays.fill(node.children, keep, n, null);
            System.arraycopy(kids, keep, right.children, 0, moved);
        } else {
            // the fingerprints in the same order: fps[0, pos), fp, fps[pos, n)
            byte[] fps = new byte[n + 1];
            System.arraycopy(node.fps, 0, fps, 0, pos);
            fps[pos] = fp;
            System.arraycopy(node.fps, pos, fps, pos + 1, n - pos);
            System.arraycopy(fps, 0, node.fps, 0, keep);
            System.arraycopy(fps, keep, right.fps, 0, moved);
        }
        node.n = keep;
        right.n = moved;
        if (leaf) {
            node.size = keep;
            right.size = moved;
        } else {
            long s = 0;
            for (int i = 0; i < moved; i++) {
                s += right.children[i].size;
            }
            right.size = s;
            node.size -= s;
        }
        // a leaf's separator is its first record; an inner node's is the separator of its first child, which
        // moves up (recs[0] of an inner node is unused)
        splitKey = right.recs[0];
        if (!leaf) {
            right.recs[0] = null;
        }
        return right;
    }

    /** Deletes from the editable subtree {@code node}, which contains the key. */
    private void delete(Node node, byte[] key, int off, int len) {
        if (node.isLeaf()) {
            int pos = leafFind(node, key, off, len, fingerprint(key, off, len));
            removeAt(node, pos);
            size--;
            return;
        }
        int i = childIndexKey(node, key, off, len);
        Node child = editable(node.children[i]);
        node.children[i] = child;
        delete(child, key, off, len);
        node.size--;
        int min = child.recs.length / 4;
        if (child.n == 0) {
            removeChild(node, i);
        } else if (child.n < min && node.n > 1) {
            int j = i + 1 < node.n ? i + 1 : i - 1;
            Node other = node.children[j];
            if (child.n + other.n <= child.recs.length * 3 / 4) {
                int l = Math.min(i, j);
                Node left = editable(node.children[l]);
                node.children[l] = left;
                Node right = node.children[l + 1];
                merge(left, right, node.recs[l + 1]);
                removeChild(node, l + 1);
            }
        }
    }

    /** Appends {@code right}'s entries to the editable {@code left} ({@code sep} separates them in the parent). */
    private void merge(Node left, Node right, byte[] sep) {
        int n = left.n;
        System.arraycopy(right.recs, 0, left.recs, n, right.n);
        if (!left.isLeaf()) {
            left.abbrev = null;
            left.recs[n] = sep; // the first child of right gets the parent's separator
            System.arraycopy(right.children, 0, left.children, n, right.n);
        } else {
            System.arraycopy(right.fps, 0, left.fps, n, right.n);
        }
        left.n = n + right.n;
        left.size += right.size;
    }

    private void removeChild(Node node, int i) {
        node.abbrev = null;
        Node gone = node.children[i];
        if (gone.isLeaf()) {
            leaves--;
        } else {
            inners--;
        }
        int n = node.n;
        if (i == 0 && n > 1) {
            // the second child becomes the first: its separator is no longer needed
            System.arraycopy(node.children, 1, node.children, 0, n - 1);
            System.arraycopy(node.recs, 2, node.recs, 1, n - 2);
        } else {
            System.arraycopy(node.children, i + 1, node.children, i, n - i - 1);
            System.arraycopy(node.recs, i + 1, node.recs, i, n - i - 1);
        }
        node.n = n - 1;
        node.children[n - 1] = null;
        node.recs[n - 1] = null;
        if (node.n > 0) {
            node.recs[0] = null;
        }
    }

    private static void removeAt(Node node, int pos) {
        int n = node.n;
        System.arraycopy(node.recs, pos + 1, node.recs, pos, n - pos - 1);
        System.arraycopy(node.fps, pos + 1, node.fps, pos, n - pos - 1);
        node.recs[n - 1] = null;
        node.n = n - 1;
        node.size--;
    }

    private static boolean contains(Node node, byte[] key, int off, int len) {
        while (!node.isLeaf()) {
            node = node.children[childIndexKey(node, key, off, len)];
        }
        return leafFind(node, key, off, len, fingerprint(key, off, len)) >= 0;
    }

    // ------------------------------------------------------------------------------------------ search

    /** Compares the key of record {@code rec} with {@code key[off, off + len)}, unsigned bytewise. */
    static int compareRecordKey(byte[] rec, byte[] key, int off, int len) {
        int ro = KeyBytes.keyOffset(rec);
        int rl = EntryRecord.keyLength(rec);
        return Arrays.compareUnsigned(rec, ro, ro + rl, key, off, off + len);
    }

    /** A one-byte digest of {@code key[off, off + len)} (from the top of the key's 64-bit hash). */
    static byte fingerprint(byte[] key, int off, int len) {
        return (byte) (KeyBytes.hash(key, off, len) >>> 56);
    }

    /**
     * {@link #leafSearchKey}, finding a key the leaf holds by its fingerprint {@code fp}: the leaf's fingerprints
     * lie in one array, so only the records whose fingerprint matches are read (one, plus a false match for about
     * one search in four), instead of one record per step of a binary search. A key the leaf does not hold is
     * then placed by the binary search.
     */
    private static int leafFind(Node leaf, byte[] key, int off, int len, byte fp) {
        byte[] fps = leaf.fps;
        for (int i = 0, n = leaf.n; i < n; i++) {
            if (fps[i] == fp && compareRecordKey(leaf.recs[i], key, off, len) == 0) {
                return i;
            }
        }
        return leafSearchKey(leaf, key, off, len); // negative: a key the leaf holds matched its fingerprint above
    }

    /**
     * Position of the key in the leaf, or {@code -(insertion point) - 1}. The last record is compared first, so an
     * append (ascending inserts) costs one comparison.
     */
    private static int leafSearchKey(Node leaf, byte[] key, int off, int len) {
        int hi = leaf.n - 1;
        if (hi < 0) {
            return -1;
        }
        int c = compareRecordKey(leaf.recs[hi], key, off, len);
        if (c <= 0) {
            return c == 0 ? hi : -(hi + 1) - 1;
        }
        int lo = 0;
        hi--;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            c = compareRecordKey(leaf.recs[mid], key, off, len);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    /**
     * The child whose subtree holds the key: the last child whose separator is at most the key (0 if none). The
     * search compares the key with the node's {@link Abbrev abbreviated separators} and reads a separator's record
     * only where the abbreviations are equal, so a descent costs a few record reads instead of one per comparison.
     */
    static int childIndexKey(Node node, byte[] key, int off, int len) {
        return childIndex(node, key, off, len, true);
    }

    /**
     * The child whose subtree holds the keys just below {@code key}: the last child whose separator is below it (0
     * if none). Searched as {@link #childIndexKey}.
     */
    static int childIndexBelow(Node node, byte[] key, int len) {
        return childIndex(node, key, 0, len, false);
    }

    /** The last child whose separator is below the key, or with {@code orEqual} at most the key (0 if none). */
    private static int childIndex(Node node, byte[] key, int off, int len, boolean orEqual) {
        int n = node.n;
        if (n <= 1) {
            return 0;
        }
        Abbrev a = node.abbrev;
        if (a == null) {
            a = Abbrev.of(node);
            node.abbrev = a;
        }
        int p = a.prefix.length;
        int c = Arrays.compareUnsigned(key, off, off + Math.min(len, p), a.prefix, 0, p);
        if (c != 0) {
            return c < 0 ? 0 : n - 1; // below or above every separator
        }
        long k = Abbrev.bytesAt(key, off + p, len - p);
        int lo = 1;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int cmp = Long.compareUnsigned(a.keys[mid], k);
            if (cmp == 0) {
                cmp = compareRecordKey(node.recs[mid], key, off, len);
            }
            if (cmp < 0 || cmp == 0 && orEqual) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return lo - 1;
    }

    /**
     * The separators of an inner node, abbreviated: their common prefix, and for each separator the 8 bytes of its
     * key after that prefix as an unsigned big-endian number (zeros past the key's end). Abbreviations in strict
     * order imply the keys' order (the bytes before are equal; a key that ends sorts first, as its zero padding
     * does); equal abbreviations decide nothing, and the search compares the keys. Immutable.
     *
     * <p>Cost: one read of every separator's record when made, about {@code 8 * n + prefix} bytes; made again
     * only after the node's separators change (splits and merges of its children), which is rare next to searches.
     */
    static final class Abbrev {
        private static final VarHandle LONG_BE =
                MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

        final byte[] prefix;
        /** Index i for separator i (index 0 unused, as recs[0] of an inner node). */
        final long[] keys;

        private Abbrev(byte[] prefix, long[] keys) {
            this.prefix = prefix;
            this.keys = keys;
        }

        static Abbrev of(Node node) {
            int n = node.n;
            byte[] first = node.recs[1];
            int fo = KeyBytes.keyOffset(first);
            int fl = EntryRecord.keyLength(first);
            int p = fl;
            for (int i = 2; i < n && p > 0; i++) {
                byte[] r = node.recs[i];
                int ro = KeyBytes.keyOffset(r);
                int m = Arrays.mismatch(first, fo, fo + p, r, ro, ro + Math.min(p, EntryRecord.keyLength(r)));
                if (m >= 0) {
                    p = m;
                }
            }
            long[] keys = new long[n];
            for (int i = 1; i < n; i++) {
                byte[] r = node.recs[i];
                keys[i] = bytesAt(r, KeyBytes.keyOffset(r) + p, EntryRecord.keyLength(r) - p);
            }
            return new Abbrev(Arrays.copyOfRange(first, fo, fo + p), keys);
        }

        /** The 8 bytes of {@code b} from {@code from} as an unsigned big-endian number, zeros past {@code len}. */
        static long bytesAt(byte[] b, int from, int len) {
            if (len >= 8) {
                return (long) LONG_BE.get(b, from);
            }
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (i < len ? b[from + i] & 0xFF : 0);
            }
            return v;
        }
    }

    // ------------------------------------------------------------------------------------------ readers

    /**
     * The records with keys in a range, in ascending (or, with {@code descending}, descending) key order, as of
     * the latest {@link #publish()} when this is called (a consistent snapshot, whatever the writer does
     * meanwhile). Lock-free; the iterator is for one thread.
     *
     * @param low lower bound, or null for none
     * @param lowInclusive whether a key equal to {@code low} is in the range
     * @param high upper bound, or null for none
     * @param highInclusive whether a key equal to {@code high} is in the range
     */
    public Iterator<byte[]> records(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive,
                                    boolean descending) {
        Node r = root();
        return descending ? new Descending(r, low, lowInclusive, high, highInclusive)
                : new Ascending(r, low, lowInclusive, high, highInclusive);
    }

    /** All records in ascending key order, as of the latest publish (what a snapshot writes). */
    public Iterator<byte[]> records() {
        return records(null, false, null, false, false);
    }

    /**
     * Number of entries with keys in a range, in the published index. Walks the leaves of the range without
     * dereferencing records except at its two ends.
     */
    public long count(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
        Node r = root();
        if (low == null && high == null) {
            return sizeOf(r);
        }
        // bounds that cross give a negative difference: the range is empty
        return Math.max(0, rank(r, high, highInclusive, true) - rank(r, low, !lowInclusive, false));
    }

    /**
     * Number of entries with key below {@code key} (or at most {@code key} with {@code orEqual}); with a null key,
     * 0 ({@code atEnd} false) or the size ({@code atEnd} true).
     */
    private static long rank(Node node, byte[] key, boolean orEqual, boolean atEnd) {
        if (key == null) {
            return atEnd ? sizeOf(node) : 0;
        }
        long before = 0;
        int len = key.length;
        while (!node.isLeaf()) {
            int i = orEqual ? childIndexKey(node, key, 0, len) : childIndexBelow(node, key, len);
            Node[] kids = node.children;
            for (int j = 0; j < i; j++) {
                before += kids[j].size;
            }
            node = node.children[i];
        }
        int pos = leafSearchKey(node, key, 0, len);
        if (pos >= 0) {
            return before + (orEqual ? pos + 1 : pos);
        }
        return before + (-pos - 1);
    }

    private static long sizeOf(Node node) {
        return node.size;
    }

    /** The first (or, with {@code last}, the last) record of the published index, or null when empty. */
    public byte[] first(boolean last) {
        Node node = root();
        while (!node.isLeaf()) {
            node = node.children[last ? node.n - 1 : 0];
        }
        return node.n == 0 ? null : node.recs[last ? node.n - 1 : 0];
    }

    /** Shared by both directions: the path from the root to the current leaf. */
    private abstract static class Walk implements Iterator<byte[]> {
        final Node[] nodes = new Node[16];
        final int[] pos = new int[16];
        int depth;
        final byte[] low;
        final boolean lowInclusive;
        final byte[] high;
        final boolean highInclusive;
        byte[] next;

        Walk(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
            this.low = low;
            this.lowInclusive = lowInclusive;
            this.high = high;
            this.highInclusive = highInclusive;
        }

        final boolean aboveLow(byte[] rec) {
            if (low == null) {
                return true;
            }
            int c = compareRecordKey(rec, low, 0, low.length);
            return c > 0 || (c == 0 && lowInclusive);
        }

        final boolean belowHigh(byte[] rec) {
            if (high == null) {
                return true;
            }
            int c = compareRecordKey(rec, high, 0, high.length);
            return c < 0 || (c == 0 && highInclusive);
        }

        @Override
        public final boolean hasNext() {
            return next != null;
        }

        @Override
        public final byte[] next() {
            byte[] r = next;
            if (r == null) {
                throw new NoSuchElementException();
            }
            advance();
            return r;
        }

        abstract void advance();
    }

    private static final class Ascending extends Walk {
        Ascending(Node root, byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
            super(low, lowInclusive, high, highInclusive);
            Node node = root;
            int d = 0;
            while (!node.isLeaf()) {
                // keys >= low start in the last child whose separator is below low; keys > low, at most low
                int i = low == null ? 0 : lowInclusive ? childIndexBelow(node, low, low.length)
                        : childIndexKey(node, low, 0, low.length);
                nodes[d] = node;
                pos[d] = i;
                d++;
                node = node.children[i];
            }
            nodes[d] = node;
            int p = 0;
            if (low != null) {
                p = leafSearchKey(node, low, 0, low.length);
                p = p >= 0 ? (lowInclusive ? p : p + 1) : -p - 1;
            }
            pos[d] = p - 1;
            depth = d;
            advance();
        }

        @Override
        void advance() {
            int d = depth;
            Node leaf = nodes[d];
            int p = ++pos[d];
            if (p >= leaf.n) {
                // up to the first ancestor with a next child, then down its leftmost path
                int u = d - 1;
                while (u >= 0 && pos[u] + 1 >= nodes[u].n) {
                    u--;
                }
                if (u < 0) {
                    next = null;
                    pos[d] = leaf.n;
                    return;
                }
                Node node = nodes[u].children[++pos[u]];
                for (int k = u + 1; k < d; k++) {
                    nodes[k] = node;
                    pos[k] = 0;
                    node = node.children[0];
                }
                nodes[d] = node;
                pos[d] = 0;
                leaf = node;
                p = 0;
                if (leaf.n == 0) {
                    next = null;
                    return;
                }
            }
            byte[] r = leaf.recs[p];
            next = belowHigh(r) ? r : null;
        }
    }

    private static final class Descending extends Walk {
        Descending(Node root, byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
            super(low, lowInclusive, high, highInclusive);
            Node node = root;
            int d = 0;
            while (!node.isLeaf()) {
                int i = high == null ? node.n - 1 : highInclusive ? childIndexKey(node, high, 0, high.length)
                        : childIndexBelow(node, high, high.length);
                nodes[d] = node;
                pos[d] = i;
                d++;
                node = node.children[i];
            }
            nodes[d] = node;
            int p = node.n;
            if (high != null) {
                p = leafSearchKey(node, high, 0, high.length);
                p = p >= 0 ? (highInclusive ? p + 1 : p) : -p - 1;
            }
            pos[d] = p; // advance() moves to p - 1
            depth = d;
            advance();
        }

        @Override
        void advance() {
            int d = depth;
            Node leaf = nodes[d];
            int p = --pos[d];
            if (p < 0) {
                int u = d - 1;
                while (u >= 0 && pos[u] == 0) {
                    u--;
                }
                if (u < 0) {
                    next = null;
                    pos[d] = 0;
                    return;
                }
                Node node = nodes[u].children[--pos[u]];
                for (int k = u + 1; k < d; k++) {
                    nodes[k] = node;
                    pos[k] = node.n - 1;
                    node = node.children[node.n - 1];
                }
                nodes[d] = node;
                leaf = node;
                p = node.n - 1;
                pos[d] = p;
                if (p < 0) {
                    next = null;
                    return;
                }
            }
            byte[] r = leaf.recs[p];
            next = aboveLow(r) ? r : null;
        }
    }

    // ------------------------------------------------------------------------------------------ test hooks

    /**
     * Checks the working tree's invariants (writer only; for tests): order within and across nodes, separators,
     * node counts and size.
     *
     * @throws AssertionError when one does not hold
     */
    void check() {
        applyEverything();
        long[] counts = new long[3];
        checkNode(work, null, null, counts, 0, depthOf(work));
        if (counts[0] != size || counts[1] != leaves || counts[2] != inners) {
            throw new AssertionError("counters: size " + counts[0] + "/" + size + " leaves " + counts[1] + "/"
                    + leaves + " inners " + counts[2] + "/" + inners);
        }
    }

    private static int depthOf(Node n) {
        int d = 0;
        while (!n.isLeaf()) {
            n = n.children[0];
            d++;
        }
        return d;
    }

    private static void checkNode(Node node, byte[] lowRec, byte[] highRec, long[] counts, int d, int depth) {
        if (node.isLeaf()) {
            if (d != depth) {
                throw new AssertionError("leaves at different depths");
            }
            counts[0] += node.n;
            counts[1]++;
            if (node.size != node.n) {
                throw new AssertionError("leaf size");
            }
            for (int i = 0; i < node.n; i++) {
                byte[] r = node.recs[i];
                if (i > 0 && cmp(node.recs[i - 1], r) >= 0) {
                    throw new AssertionError("leaf out of order");
                }
                if ((lowRec != null && cmp(r, lowRec) < 0) || (highRec != null && cmp(r, highRec) >= 0)) {
                    throw new AssertionError("record outside its separators");
                }
                if (node.fps[i] != fingerprint(r, KeyBytes.keyOffset(r), EntryRecord.keyLength(r))) {
                    throw new AssertionError("leaf fingerprint " + i + " out of step with its record");
                }
            }
            return;
        }
        counts[2]++;
        if (node.n < 1) {
            throw new AssertionError("empty inner node");
        }
        Abbrev a = node.abbrev;
        if (a != null && node.n >= 2) {
            Abbrev fresh = Abbrev.of(node);
            if (!Arrays.equals(a.prefix, fresh.prefix) || !Arrays.equals(a.keys, fresh.keys)) {
                throw new AssertionError("stale abbreviated separators");
            }
        }
        long s = 0;
        for (int i = 0; i < node.n; i++) {
            s += node.children[i].size;
        }
        if (s != node.size) {
            throw new AssertionError("inner size " + node.size + " != " + s);
        }
        for (int i = 0; i < node.n; i++) {
            byte[] lo = i == 0 ? lowRec : node.recs[i];
            byte[] hi = i + 1 < node.n ? node.recs[i + 1] : highRec;
            checkNode(node.children[i], lo, hi, counts, d + 1, depth);
        }
    }

    private static int cmp(byte[] a, byte[] b) {
        int bo = KeyBytes.keyOffset(b);
        return compareRecordKey(a, b, bo, EntryRecord.keyLength(b));
    }

    /** Entries in the working tree (writer only). */
    long workingSize() {
        applyEverything();
        return size;
    }

    /** Applies the pending and the staged edits to the working tree (test hooks: the tree then holds them all). */
    private void applyEverything() {
        if (!direct) {
            goDirect();
        }
    }

    /** Whether committed edits wait for a reader to apply them (tests). */
    boolean hasUnapplied() {
        return unapplied;
    }

    /**
     * A growable list of edits in order: records to put, or keys to remove. Not thread-safe: the writer's staged
     * list is its own, the pending list is guarded by the index's lock.
     */
    private static final class Edits {
        byte[][] items = new byte[16][];
        boolean[] removals = new boolean[16];
        int n;
        /** Sum of the items' lengths. */
        long bytes;
        /** Items that are puts. */
        int puts;

        void add(byte[] item, boolean removal) {
            if (n == items.length) {
                items = Arrays.copyOf(items, n * 2);
                removals = Arrays.copyOf(removals, n * 2);
            }
            items[n] = item;
            removals[n] = removal;
            n++;
            bytes += item.length;
            if (!removal) {
                puts++;
            }
        }

        void addAll(Edits other) {
            for (int i = 0; i < other.n; i++) {
                add(other.items[i], other.removals[i]);
            }
        }

        /** Empties the list, dropping its references (and its arrays when a burst grew them). */
        void clear() {
            if (items.length > 4096) {
                items = new byte[16][];
                removals = new boolean[16];
            } else {
                Arrays.fill(items, 0, n, null);
            }
            n = 0;
            bytes = 0;
            puts = 0;
        }
    }
}
