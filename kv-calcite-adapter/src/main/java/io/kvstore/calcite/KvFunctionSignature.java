package io.kvstore.calcite;

import java.lang.reflect.Method;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.impl.ReflectiveFunctionBase;

/**
 * One of {@link KvFunctions} as the validator sees it: its parameters and return type, read from the Java method as
 * Calcite's {@code ScalarFunctionImpl} reads them, but without the code-generation implementor that
 * {@code ScalarFunctionImpl} builds on creation (which loads and initializes Calcite's whole table of operator
 * implementations). Used by {@link KvLeanPlanner}'s schema, whose plans are run by the driver's executors, never by
 * generated code. Immutable.
 */
final class KvFunctionSignature extends ReflectiveFunctionBase implements ScalarFunction {
    private KvFunctionSignature(Method method) {
        super(method);
    }

    /** The signature of {@code KvFunctions.name}. */
    static KvFunctionSignature of(String name) {
        for (Method m : KvFunctions.class.getMethods()) {
            if (m.getName().equals(name)) {
                return new KvFunctionSignature(m);
            }
        }
        throw new IllegalArgumentException("no function " + name);
    }

    @Override
    public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
        return typeFactory.createJavaType(method.getReturnType());
    }
}
