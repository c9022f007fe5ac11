package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.stateful.Action;
import net.jqwik.api.stateful.ActionSequence;

/**
 * Property-based state-machine test of expiry: random writes with and without expiry times, expiry changes,
 * transactions, a controllable clock moving forward, sweeps, snapshots, clean reopens, salvage opens and simulated
 * crashes, against a model that knows each key's value and expiry time. After every action every read path of the
 * store (get, exists, TTL, counts, full and range cursors in both orders) must agree with the model's entries that
 * are unexpired at the clock's time: an expired entry is absent at once and never comes back.
 */
class KvStoreExpiryStateMachineTest {
    static final long T0 = 1_700_000_000_000L;

    /** Value and absolute expiry (0: none). */
    record Entry(String value, long expires) {
        boolean liveAt(long now) {
            return expires == 0 || expires > now;
        }
    }

    static final class State {
        final Path dir;
        final AtomicLong clock = new AtomicLong(T0);
        final Map<String, Entry> model = new TreeMap<>();
        KvStore store;

        State() {
            try {
                dir = Files.createTempDirectory("kv-ttl-sm");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = open(false);
        }

        KvStore open(boolean salvage) {
            return KvStore.open(dir, KvOptions.builder().syncPolicy(SyncPolicy.NONE).walSegmentBytes(4096)
                    .snapshotWalBytes(0).expirySweepMillis(0).clock(clock::get).salvage(salvage).build());
        }

        long now() {
            return clock.get();
        }

        Entry live(String key) {
            Entry e = model.get(key);
            return e != null && e.liveAt(now()) ? e : null;
        }

        TreeMap<String, Entry> liveModel() {
            TreeMap<String, Entry> m = new TreeMap<>();
            model.forEach((k, e) -> {
                if (e.liveAt(now())) {
                    m.put(k, e);
                }
            });
            return m;
        }

        void check() {
            TreeMap<String, Entry> live = liveModel();
            for (String k : KEYS) {
                Entry e = live.get(k);
                byte[] v = store.get(k.getBytes(UTF_8));
                String got = v == null ? null : new String(v, UTF_8);
                if (!java.util.Objects.equals(got, e == null ? null : e.value())) {
                    throw new AssertionError("get " + k + " at +" + (now() - T0) + ": expected " + e + " got " + got);
                }
                if (store.exists(k.getBytes(UTF_8)) != (e != null)) {
                    throw new AssertionError("exists " + k);
                }
                long ttl = store.ttlMillis(k.getBytes(UTF_8));
                long expectedTtl = e == null ? -2 : e.expires() == 0 ? -1 : e.expires() - now();
                if (ttl != expectedTtl) {
                    throw new AssertionError("ttl " + k + ": expected " + expectedTtl + " got " + ttl);
                }
            }
            if (store.count() != live.size()) {
                throw new AssertionError("count " + store.count() + " != " + live.size());
            }
            KeyRange bc = KeyRange.closed("b".getBytes(UTF_8), "d".getBytes(UTF_8));
            long inRange = live.subMap("b", true, "d", true).size();
            if (store.count(bc) != inRange) {
                throw new AssertionError("range count " + store.count(bc) + " != " + inRange);
            }
            List<String> asc = keys(store.cursor(KeyRange.all(), false));
            if (!asc.equals(new ArrayList<>(live.keySet()))) {
                throw new AssertionError("ascending cursor " + asc + " != " + live.keySet());
            }
            List<String> desc = keys(store.cursor(KeyRange.all(), true));
            if (!desc.equals(new ArrayList<>(live.descendingKeySet()))) {
                throw new AssertionError("descending cursor " + desc);
            }
            List<String> any = keys(store.cursor());
            any.sort(null);
            if (!any.equals(asc)) {
                throw new AssertionError("hash-order cursor " + any);
            }
        }

        void dispose() {
            store.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    static final List<String> KEYS = List.of("a", "b", "c", "d", "e", "long-key-0123456789");

    static List<String> keys(KvCursor c) {
        List<String> out = new ArrayList<>();
        while (c.next()) {
            out.add(c.key(UTF_8));
        }
        return out;
    }

    @Property(tries = 60)
    void anySequence_storeMatchesModelWithExpiry(@ForAll("sequences") ActionSequence<State> actions) {
        State state = new State();
        try {
            actions.withInvariant("matches model", State::check).run(state);
        } finally {
            state.dispose();
        }
    }

    @Provide
    Arbitrary<ActionSequence<State>> sequences() {
        Arbitrary<String> keys = Arbitraries.of(KEYS);
        Arbitrary<String> values = Arbitraries.strings().alpha().ofMaxLength(12);
        Arbitrary<Long> ttls = Arbitraries.longs().between(1, 120);
        Arbitrary<Long> offsets = Arbitraries.longs().between(-10, 120);
        return Arbitraries.sequences(Arbitraries.frequencyOf(
                Tuple.of(3, Combinators.combine(keys, values).as(Put::new)),
                Tuple.of(5, Combinators.combine(keys, values, ttls).as(PutTtl::new)),
                Tuple.of(1, Combinators.combine(keys, values).as(PutKeepTtl::new)),
                Tuple.of(3, Combinators.combine(keys, offsets).as(ExpireAt::new)),
                Tuple.of(1, keys.map(Persist::new)),
                Tuple.of(2, keys.map(Delete::new)),
                Tuple.of(2, Combinators.combine(keys, keys, values, ttls, offsets).as(Txn::new)),
                Tuple.of(4, Arbitraries.longs().between(0, 80).map(Advance::new)),
                Tuple.of(1, Arbitraries.just(new Sweep())),
                Tuple.of(1, Arbitraries.just(new Snapshot())),
                Tuple.of(1, Arbitraries.of(false, true).map(Reopen::new)),
                Tuple.of(2, Arbitraries.just(new Crash()))))
                .ofSize(50);
    }

    record Put(String key, String value) implements Action<State> {
        @Override
        public State run(State s) {
            s.store.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
            s.model.put(key, new Entry(value, 0));
            return s;
        }
    }

    record PutTtl(String key, String value, long ttl) implements Action<State> {
        @Override
        public State run(State s) {
            s.store.putWithTtl(key.getBytes(UTF_8), value.getBytes(UTF_8), ttl);
            s.model.put(key, new Entry(value, s.now() + ttl));
            return s;
        }
    }

    record PutKeepTtl(String key, String value) implements Action<State> {
        @Override
        public State run(State s) {
            Entry cur = s.live(key);
            s.store.put(key.getBytes(UTF_8), value.getBytes(UTF_8), KvStore.KEEP_EXPIRY);
            s.model.put(key, new Entry(value, cur == null ? 0 : cur.expires()));
            return s;
        }
    }

    record ExpireAt(String key, long offset) implements Action<State> {
        @Override
        public State run(State s) {
            long at = s.now() + offset;
            Entry cur = s.live(key);
            boolean r = s.store.expireAt(key.getBytes(UTF_8), at);
            if (r != (cur != null)) {
                throw new AssertionError("expireAt result " + r);
            }
            if (cur != null) {
                if (at <= s.now()) {
                    s.model.remove(key);
                } else {
                    s.model.put(key, new Entry(cur.value(), at));
                }
            }
            return s;
        }
    }

    record Persist(String key) implements Action<State> {
        @Override
        public State run(State s) {
            Entry cur = s.live(key);
            boolean r = s.store.persist(key.getBytes(UTF_8));
            boolean expected = cur != null && cur.expires() != 0;
            if (r != expected) {
                throw new AssertionError("persist result " + r);
            }
            if (expected) {
                s.model.put(key, new Entry(cur.value(), 0));
            }
            return s;
        }
    }

    record Delete(String key) implements Action<State> {
        @Override
        public State run(State s) {
            Entry cur = s.live(key);
            boolean r = s.store.delete(key.getBytes(UTF_8));
            if (r != (cur != null)) {
                throw new AssertionError("delete result " + r + " for " + cur);
            }
            s.model.remove(key);
            return s;
        }
    }

    /** A transaction: a put with a TTL of one key and an expiry change of another, committed. */
    record Txn(String putKey, String expireKey, String value, long ttl, long offset) implements Action<State> {
        @Override
        public State run(State s) {
            Map<String, Entry> staged = new TreeMap<>(s.model);
            long now = s.now();
            try (KvTransaction t = s.store.begin()) {
                t.put(putKey.getBytes(UTF_8), value.getBytes(UTF_8), now + ttl);
                staged.put(putKey, new Entry(value, now + ttl));
                Entry cur = staged.get(expireKey);
                cur = cur != null && cur.liveAt(now) ? cur : null;
                boolean r = t.expireAt(expireKey.getBytes(UTF_8), Math.max(1, now + offset));
                if (r != (cur != null)) {
                    throw new AssertionError("txn expireAt result " + r);
                }
                if (cur != null) {
                    if (now + offset <= now) {
                        staged.remove(expireKey);
                    } else {
                        staged.put(expireKey, new Entry(cur.value(), now + offset));
                    }
                }
                t.commit();
            }
            s.model.clear();
            s.model.putAll(staged);
            return s;
        }
    }

    record Advance(long millis) implements Action<State> {
        @Override
        public State run(State s) {
            s.clock.addAndGet(millis);
            return s;
        }
    }

    static final class Sweep implements Action<State> {
        @Override
        public State run(State s) {
            s.store.sweepExpired();
            long present = s.store.stats().count();
            long live = s.liveModel().size();
            if (present != live) {
                throw new AssertionError("after a sweep " + present + " entries are present, " + live + " live");
            }
            return s;
        }

        @Override
        public String toString() {
            return "Sweep";
        }
    }

    static final class Snapshot implements Action<State> {
        @Override
        public State run(State s) {
            s.store.snapshot();
            return s;
        }

        @Override
        public String toString() {
            return "Snapshot";
        }
    }

    record Reopen(boolean salvage) implements Action<State> {
        @Override
        public State run(State s) {
            s.store.close();
            s.store = s.open(salvage);
            return s;
        }
    }

    /** kill -9 equivalent; nothing expired may come back, whether its removal was logged or not. */
    static final class Crash implements Action<State> {
        @Override
        public State run(State s) {
            s.store.simulateCrash();
            s.store = s.open(false);
            long present = s.store.stats().count();
            long live = s.liveModel().size();
            if (present != live) {
                throw new AssertionError("after recovery " + present + " entries are loaded, " + live + " live");
            }
            return s;
        }

        @Override
        public String toString() {
            return "Crash";
        }
    }
}
