package dev.tally.system;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running system for every system-test class: a {@link SystemUnderTest} parameter (e.g. of a
 * {@code @BeforeAll} method) is the system the first class that asked for it started; it is kept in
 * JUnit's root store, so it is stopped once, after the last class of the run. Starting the system
 * (PostgreSQL and 8 service processes) is most of a class's cost; the classes are ordered
 * ({@code junit-platform.properties}: {@code @Order}) so that those asserting that nothing changes
 * while they run come before the scenarios that leave work behind.
 */
final class SharedSystem implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSystem.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SystemUnderTest.class;
    }

    @Override
    public SystemUnderTest resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(SystemUnderTest.class, key -> SystemUnderTest.start(), SystemUnderTest.class);
    }
}
