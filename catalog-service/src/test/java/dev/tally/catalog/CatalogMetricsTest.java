package dev.tally.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.catalog.metrics.CatalogMetrics;
import dev.tally.testing.Waits;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalog's tally_* metrics on /q/metrics, sampled from the database after the startup seed. */
@QuarkusTest
class CatalogMetricsTest {

    @Inject
    CatalogMetrics metrics;

    @Test
    void syncRunsAndPriceTableAgeAppearOnTheMetricsEndpoint() {
        await("the catalog is seeded and ready")
                .atMost(Waits.PATIENTLY)
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        metrics.sample().await().atMost(Duration.ofSeconds(10));

        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(value(body, "tally_catalog_sync_runs\\{state=\"SUCCEEDED\"\\}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(body, "tally_catalog_sync_runs\\{state=\"FAILED\"\\}")).isGreaterThanOrEqualTo(0);
        double age = value(body, "tally_catalog_price_table_age_seconds");
        assertThat(age).as("the seed just succeeded").isBetween(0.0, 600.0);
        assertThat(value(body, "tally_catalog_price_table_revision")).isGreaterThanOrEqualTo(1);
        assertThat(value(body, "tally_catalog_models")).isGreaterThan(500);
    }

    private static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + "\\s+(\\S+)$").matcher(body);
        assertThat(m.find())
                .as(series + " in\n"
                        + body.lines().filter(l -> l.startsWith("tally_")).toList())
                .isTrue();
        return Double.parseDouble(m.group(1));
    }
}
