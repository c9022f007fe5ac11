package io.kvstore.calcite;

import io.kvstore.engine.KvTransaction;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.core.JoinRelType;

/**
 * Runtime of {@link KvLookupJoin}, called from generated code (public for that reason only; not an API).
 * Streams: one input row in, at most one output row out, one engine {@code get} per row (SEMI remembers the keys
 * it returned). Immutable.
 */
public final class KvLookupJoinSpec {
    private final KvTable table;
    private final int inputKey;
    private final boolean left;
    private final boolean semi;

    KvLookupJoinSpec(KvTable table, int inputKey, JoinRelType joinType) {
        this.table = table;
        this.inputKey = inputKey;
        this.left = joinType == JoinRelType.LEFT;
        this.semi = joinType == JoinRelType.SEMI;
    }

    /** Rows of {@code input} joined to their kv row (input fields, then key and value). */
    public Enumerable<Object[]> join(DataContext root, Enumerable<Object[]> input) {
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new JoinEnumerator(root, input.enumerator());
            }
        };
    }

    private final class JoinEnumerator implements Enumerator<Object[]> {
        private final KvAbortCheck abort;
        private final Enumerator<Object[]> input;
        private Object[] current;
        /** SEMI only: keys already returned. */
        private final Set<ByteBuffer> seen = new HashSet<>();

        JoinEnumerator(DataContext root, Enumerator<Object[]> input) {
            this.abort = new KvAbortCheck(root);
            this.input = input;
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            KvTransaction tx = table.session().transaction();
            while (input.moveNext()) {
                abort.check();
                Object[] in = input.current();
                byte[] key = KvKeySource.keyBytes(in[inputKey]);
                byte[] value = null;
                if (key != null) {
                    table.entriesRead().increment();
                    value = tx != null ? tx.get(key) : table.session().store().get(key);
                }
                if (value == null && !left) {
                    continue;
                }
                if (semi) {
                    if (seen.add(ByteBuffer.wrap(key))) {
                        current = KvEnumerator.row(key, value);
                        return true;
                    }
                    continue;
                }
                Object[] out = new Object[in.length + 2];
                System.arraycopy(in, 0, out, 0, in.length);
                if (value != null) {
                    Object[] kv = KvEnumerator.row(key, value);
                    out[in.length] = kv[0];
                    out[in.length + 1] = kv[1];
                }
                current = out;
                return true;
            }
            current = null;
            return false;
        }

        @Override
        public void reset() {
            input.reset();
            current = null;
            seen.clear();
        }

        @Override
        public void close() {
            input.close();
        }
    }
}
