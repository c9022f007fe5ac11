package io.kvstore.calcite;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.util.Map;
import java.util.Objects;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * The schema of one {@link KvSession}: table {@code kv} ({@link KvTable}), its metadata {@code kv_meta}
 * ({@link KvMetaTable}, expiry updatable), the read-only tables
 * {@code kv_stats} and {@code kv_snapshot} ({@link KvStatsTable}), and the functions {@code TEXT(varbinary)},
 * {@code BYTES(varchar)} and {@code KEY_BYTES(key)} ({@link KvFunctions}). Immutable; safe to share between threads as far as the session is.
 */
public final class KvSchema extends AbstractSchema {
    private final KvSession session;
    private final Map<String, Table> tables;
    /** Whether the functions are {@link KvFunctionSignature}s (for the lean path), not implementable functions. */
    private final boolean signaturesOnly;

    public KvSchema(KvSession session) {
        this(session, false);
    }

    /**
     * A schema whose functions are, with {@code signaturesOnly}, {@link KvFunctionSignature}s: enough to validate and
     * plan, not to generate code ({@link KvLeanPlanner}).
     */
    KvSchema(KvSession session, boolean signaturesOnly) {
        this.signaturesOnly = signaturesOnly;
        this.session = Objects.requireNonNull(session, "session");
        this.tables = Map.of(
                "kv", new KvTable(session),
                "kv_meta", new KvMetaTable(session),
                "kv_stats", new KvStatsTable(session, false),
                "kv_snapshot", new KvStatsTable(session, true));
    }

    public KvSession session() {
        return session;
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }

    @Override
    protected Multimap<String, Function> getFunctionMultimap() {
        if (signaturesOnly) {
            return Signatures.ALL;
        }
        return ImmutableMultimap.of(
                "text", ScalarFunctionImpl.create(KvFunctions.class, "text"),
                "bytes", ScalarFunctionImpl.create(KvFunctions.class, "bytes"),
                "key_bytes", ScalarFunctionImpl.create(KvFunctions.class, "keyBytes"));
    }

    /** The functions' signatures, built once. */
    private static final class Signatures {
        static final Multimap<String, Function> ALL = ImmutableMultimap.of(
                "text", KvFunctionSignature.of("text"),
                "bytes", KvFunctionSignature.of("bytes"),
                "key_bytes", KvFunctionSignature.of("keyBytes"));
    }
}
