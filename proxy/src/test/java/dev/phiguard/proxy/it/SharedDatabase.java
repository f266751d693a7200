package dev.phiguard.proxy.it;

import dev.phiguard.sampledata.EmbeddedTarget;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one embedded PostgreSQL with the synthetic patients for the whole test run (kept in JUnit's root
 * store, stopped when the run ends) and hands it to test classes as a parameter.
 */
public final class SharedDatabase implements ParameterResolver {
    static final long PATIENTS = 2_000;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("phiguard.embedded-target", key -> new Resource(
                        EmbeddedTarget.builder().patients(PATIENTS).seed(42).start()), Resource.class)
                .target();
    }

    private record Resource(EmbeddedTarget target) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            target.close();
        }
    }
}
