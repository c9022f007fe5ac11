package io.kvstore.calcite;

import java.util.Map;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Builds a {@link KvSchema} from a Calcite model. The operand {@code "session"} must hold a {@link KvSession}
 * object (models built in code), for example with {@code rootSchema.add("kvstore",
 * new KvSchemaFactory().create(rootSchema, "kvstore", Map.of("session", session)))}. JSON models cannot carry a
 * live store; use {@link KvCalcite#connect} there.
 */
public final class KvSchemaFactory implements SchemaFactory {
    /** Public no-argument constructor, as Calcite's model handler requires. */
    public KvSchemaFactory() {
    }

    @Override
    public Schema create(SchemaPlus parentSchema, String name, Map<String, Object> operand) {
        Object session = operand.get("session");
        if (!(session instanceof KvSession)) {
            throw new IllegalArgumentException("operand 'session' must be a " + KvSession.class.getName()
                    + ", was " + (session == null ? "missing" : session.getClass().getName()));
        }
        return new KvSchema((KvSession) session);
    }
}
