package io.kvstore.calcite;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;

/**
 * Calcite's default type system except that values of different lengths in one VALUES list, UNION or CASE get a
 * VARCHAR type rather than a blank-padded CHAR type: otherwise {@code MERGE INTO kv USING (VALUES ('a', ..),
 * ('bb', ..))} would write the key {@code 'a '}. Named by {@link KvCalcite#connectionProperties()}. Stateless.
 */
public final class KvTypeSystem extends RelDataTypeSystemImpl {
    /** The instance the {@code typeSystem} connection property names. */
    public static final KvTypeSystem INSTANCE = new KvTypeSystem();

    private KvTypeSystem() {
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
