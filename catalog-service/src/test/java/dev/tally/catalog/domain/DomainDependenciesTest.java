package dev.tally.catalog.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pricing and lookup rules use nothing but the JDK (lookup also uses pricing), so issue 8 can
 * move them unchanged into a plain-Java module shared with usage-service: no Quarkus, no gRPC, no
 * service-support, and no sync, manual-price or other catalog classes.
 */
class DomainDependenciesTest {

    private static final Path DOMAIN = Path.of("src/main/java/dev/tally/catalog/domain");
    private static final Pattern REFERENCE = Pattern.compile("\\b((?:java|javax|jakarta|io|com|org|dev)\\.[a-z][\\w.]*\\.[A-Z]\\w*)");

    @Test
    void pricingUsesOnlyTheJdk() throws IOException {
        assertThat(foreignReferences("pricing", List.of("java.", "dev.tally.catalog.domain.pricing."))).isEmpty();
    }

    @Test
    void lookupUsesOnlyTheJdkAndPricing() throws IOException {
        assertThat(foreignReferences("lookup", List.of("java.", "dev.tally.catalog.domain.lookup.",
                "dev.tally.catalog.domain.pricing."))).isEmpty();
    }

    /** Every qualified class name (imports and inline) in the package's sources outside {@code allowed}. */
    private static List<String> foreignReferences(String pkg, List<String> allowed) throws IOException {
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOMAIN.resolve(pkg))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    String name = m.group(1);
                    if (allowed.stream().noneMatch(name::startsWith)) {
                        foreign.add(file.getFileName() + ": " + name);
                    }
                }
            }
        }
        assertThat(DOMAIN.resolve(pkg)).isDirectory();
        return foreign;
    }
}
