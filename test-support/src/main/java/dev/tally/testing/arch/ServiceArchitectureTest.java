package dev.tally.testing.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The layering rule of every service (CONTRIBUTING.md), checked on its main classes. A service's
 * test is one line:
 * <pre>{@code
 * class ArchitectureTest extends ServiceArchitectureTest {
 *     ArchitectureTest() { super("dev.tally.wallet", "dev.tally.wallet.v1"); }
 * }
 * }</pre>
 * <pre>
 *   grpc     validate, map proto &lt;-&gt; domain values, nothing else; nothing imports it
 *    |
 *   app      the one application layer: a use case, its transaction, domain rules, store, clients
 *    |          (job, health, metrics: the other entry points, which also go through app)
 *    v
 *   domain   plain Java rules                     &lt;--  store (SQL; domain values in and out,
 *   client   gRPC clients of other services              no contract types)
 *   config   configuration
 * </pre>
 * No package cycles. Each rule is its own test, so a failure names the rule it breaks.
 */
public abstract class ServiceArchitectureTest {

    /** The packages a service may have directly below its base package. */
    public static final String[] LAYERS = {
        "grpc", "app", "domain", "store", "client", "job", "health", "metrics", "config"
    };

    private final String base;
    private final String[] ownContracts;
    private final JavaClasses classes;

    /**
     * @param base        the service's base package, e.g. {@code dev.tally.wallet}
     * @param ownContracts the Java packages of the contracts it serves, e.g. {@code dev.tally.wallet.v1}
     */
    protected ServiceArchitectureTest(String base, String... ownContracts) {
        this.base = base;
        this.ownContracts = Stream.of(ownContracts).map(c -> c + "..").toArray(String[]::new);
        this.classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(base);
    }

    @TestFactory
    Stream<DynamicTest> theServiceFollowsTheLayeringRule() {
        return rules().entrySet().stream()
                .map(rule -> DynamicTest.dynamicTest(
                        rule.getKey(), () -> rule.getValue().check(classes)));
    }

    /** Every rule, by the name its test has. */
    protected Map<String, ArchRule> rules() {
        Map<String, ArchRule> rules = new LinkedHashMap<>();
        String[] layerPackages =
                Stream.of(LAYERS).map(l -> base + "." + l + "..").toArray(String[]::new);
        rules.put(
                "every class is in one of the layers",
                classes()
                        .that()
                        .resideInAPackage(base + "..")
                        .and()
                        .resideOutsideOfPackages(ownContracts)
                        .should()
                        .resideInAnyPackage(layerPackages)
                        .because("a newcomer finds each kind of code in the same place in every service"));
        rules.put(
                "layers call down only",
                layeredArchitecture()
                        .consideringOnlyDependenciesInLayers()
                        // a service need not have every layer (wallet-service calls no other service: no client)
                        .withOptionalLayers(true)
                        .layer("grpc")
                        .definedBy(base + ".grpc..")
                        .layer("app")
                        .definedBy(base + ".app..")
                        .layer("entry")
                        .definedBy(base + ".job..", base + ".health..", base + ".metrics..")
                        .layer("client")
                        .definedBy(base + ".client..")
                        .layer("store")
                        .definedBy(base + ".store..")
                        .layer("domain")
                        .definedBy(base + ".domain..")
                        .layer("config")
                        .definedBy(base + ".config..")
                        .whereLayer("grpc")
                        .mayNotBeAccessedByAnyLayer()
                        .whereLayer("entry")
                        .mayNotBeAccessedByAnyLayer()
                        .whereLayer("app")
                        .mayOnlyBeAccessedByLayers("grpc", "entry")
                        .whereLayer("store")
                        .mayOnlyBeAccessedByLayers("app")
                        .whereLayer("client")
                        .mayOnlyBeAccessedByLayers("app")
                        .whereLayer("domain")
                        .mayOnlyBeAccessedByLayers("grpc", "app", "entry", "client", "store", "config")
                        .because("grpc maps, app orchestrates, domain decides, store and client reach the outside"));
        rules.put(
                "domain is plain Java",
                noClasses()
                        .that()
                        .resideInAPackage(base + ".domain..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(
                                "io.quarkus..",
                                "io.smallrye..",
                                "io.vertx..",
                                "io.netty..",
                                "jakarta..",
                                "org.hibernate..",
                                "io.grpc..",
                                "com.google.protobuf..",
                                "com.google.rpc..",
                                "dev.tally.*.v1..",
                                "org.eclipse.microprofile..",
                                "org.jboss..")
                        .because("a domain rule is unit-testable without Quarkus, a database or the contracts"));
        rules.put(
                "store speaks domain values, not contracts",
                noClasses()
                        .that()
                        .resideInAPackage(base + ".store..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(
                                "dev.tally.*.v1..", "io.grpc..", "com.google.protobuf..", "com.google.rpc..")
                        .because("stored replies reach the store as bytes; the grpc layer owns the contract"));
        rules.put(
                "only grpc speaks the service's own contract",
                noClasses()
                        .that()
                        .resideInAnyPackage(
                                base + ".app..",
                                base + ".domain..",
                                base + ".store..",
                                base + ".job..",
                                base + ".health..",
                                base + ".metrics..",
                                base + ".config..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(ownContracts)
                        .because(
                                "requests are validated and mapped, and responses built, in grpc (*Requests / *Responses)"));
        rules.put(
                "no package cycles", slices().matching(base + ".(*)..").should().beFreeOfCycles());
        return rules;
    }
}
