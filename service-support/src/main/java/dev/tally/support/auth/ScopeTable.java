package dev.tally.support.auth;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scope of each RPC of a gRPC service, read from the {@code @RolesAllowed} on its
 * implementing method (looked up through the class hierarchy, so a CDI subclass works too). Used
 * to name the missing scope in PERMISSION_DENIED ({@link ScopeGate}) and, in each service's tests,
 * to prove that no RPC of the contract lacks a scope ({@link #unscoped}).
 */
public final class ScopeTable {

    private ScopeTable() {}

    /** Full method name ({@code tally.wallet.v1.WalletService/GetBalance}) to its roles, for every RPC that has them. */
    public static Map<String, List<String>> of(Class<?> implementation, ServiceDescriptor service) {
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            RolesAllowed roles = roles(implementation, javaName(method));
            if (roles != null) {
                scopes.put(method.getFullMethodName(), List.of(roles.value()));
            }
        }
        return scopes;
    }

    /** The RPCs of {@code service} whose implementing method has no {@code @RolesAllowed} with a known scope. */
    public static List<String> unscoped(Class<?> implementation, ServiceDescriptor service) {
        Map<String, List<String>> scoped = of(implementation, service);
        List<String> missing = new ArrayList<>();
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            List<String> roles = scoped.get(method.getFullMethodName());
            if (roles == null || roles.isEmpty() || !roles.stream().allMatch(Scopes::isKnown)) {
                missing.add(method.getFullMethodName());
            }
        }
        return missing;
    }

    /** {@code GetBalance} → {@code getBalance}: the name grpc-java and Quarkus give the implementing method. */
    static String javaName(MethodDescriptor<?, ?> method) {
        String name = method.getBareMethodName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static RolesAllowed roles(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && !m.isSynthetic() && !m.isBridge()) {
                    RolesAllowed roles = m.getAnnotation(RolesAllowed.class);
                    if (roles != null) {
                        return roles;
                    }
                }
            }
        }
        return null;
    }
}
