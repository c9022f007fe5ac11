package io.kvstore.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.stateful.Action;
import net.jqwik.api.stateful.ActionSequence;

/**
 * Property-based state-machine test: random sequences of writes, transactions, snapshots, clean reopens and
 * simulated crashes against a plain map model. After every action the store must agree with the model.
 */
class KvStoreStateMachineTest {

    /** The system under test and its model. */
    static final class State {
        final Path dir;
        final Map<String, String> model = new HashMap<>();
        KvStore store;

        State() {
            try {
                dir = Files.createTempDirectory("kv-sm");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = open();
        }

        KvStore open() {
            return KvStore.open(dir, KvOptions.builder().syncPolicy(SyncPolicy.NONE).walSegmentBytes(4096)
                    .snapshotWalBytes(0).build());
        }

        void check() {
            if (store.stats().count() != model.size()) {
                throw new AssertionError("count " + store.stats().count() + " != model " + model.size());
            }
            for (Map.Entry<String, String> e : model.entrySet()) {
                byte[] v = store.get(e.getKey().getBytes(UTF_8));
                if (v == null || !new String(v, UTF_8).equals(e.getValue())) {
                    throw new AssertionError("key " + e.getKey() + ": expected " + e.getValue() + " got "
                            + (v == null ? null : new String(v, UTF_8)));
                }
            }
            Map<String, String> seen = new HashMap<>();
            store.forEach((k, v) -> seen.put(new String(k, UTF_8), new String(v, UTF_8)));
            if (!seen.equals(model)) {
                throw new AssertionError("iteration " + seen + " != model " + model);
            }
        }

        void dispose() {
            store.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp dir cleanup is best effort
            }
        }
    }

    @Property(tries = 40)
    void anySequence_storeMatchesModel(@ForAll("sequences") ActionSequence<State> actions) {
        State state = new State();
        try {
            actions.withInvariant("matches model", State::check).run(state);
        } finally {
            state.dispose();
        }
    }

    @Provide
    Arbitrary<ActionSequence<State>> sequences() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e", "f", "", "long-key-0123456789");
        Arbitrary<String> values = Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(40);
        Arbitrary<Action<State>> put = Combinators.combine(keys, values).as(Put::new);
        Arbitrary<Action<State>> delete = keys.map(Delete::new);
        Arbitrary<Action<State>> txn = Combinators.combine(keys.list().ofMinSize(1).ofMaxSize(4),
                values, Arbitraries.of(true, false)).as(Txn::new);
        return Arbitraries.sequences(Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, put),
                net.jqwik.api.Tuple.of(3, delete),
                net.jqwik.api.Tuple.of(2, txn),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Snapshot())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Reopen())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Crash()))))
                .ofSize(40);
    }

    record Put(String key, String value) implements Action<State> {
        @Override
        public State run(State s) {
            s.store.put(key.getBytes(UTF_8), value.getBytes(UTF_8));
            s.model.put(key, value);
            return s;
        }
    }

    record Delete(String key) implements Action<State> {
        @Override
        public State run(State s) {
            boolean removed = s.store.delete(key.getBytes(UTF_8));
            if (removed != (s.model.remove(key) != null)) {
                throw new AssertionError("delete result for " + key);
            }
            return s;
        }
    }

    /** Puts each key (value + index), deletes the first one, then commits or rolls back. */
    record Txn(List<String> keys, String value, boolean commit) implements Action<State> {
        @Override
        public State run(State s) {
            Map<String, String> staged = new HashMap<>(s.model);
            try (KvTransaction t = s.store.begin()) {
                for (int i = 0; i < keys.size(); i++) {
                    t.put(keys.get(i).getBytes(UTF_8), (value + i).getBytes(UTF_8));
                    staged.put(keys.get(i), value + i);
                }
                t.delete(keys.get(0).getBytes(UTF_8));
                staged.remove(keys.get(0));
                if (commit) {
                    t.commit();
                    s.model.clear();
                    s.model.putAll(staged);
                }
            }
            return s;
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

    static final class Reopen implements Action<State> {
        @Override
        public State run(State s) {
            s.store.close();
            s.store = s.open();
            return s;
        }

        @Override
        public String toString() {
            return "Reopen";
        }
    }

    /** kill -9 equivalent: written but unforced data stays in the page cache, so nothing acknowledged is lost. */
    static final class Crash implements Action<State> {
        @Override
        public State run(State s) {
            s.store.simulateCrash();
            s.store = s.open();
            return s;
        }

        @Override
        public String toString() {
            return "Crash";
        }
    }
}
