package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.app.CloseFaults;
import dev.tally.invoice.domain.PeriodStep;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.InvoiceLineType;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.Subscription;
import dev.tally.testing.PostgresResource;
import dev.tally.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 6: exactly one invoice, one settlement and one set of grants per period, with two
 * instances of the job running at once, and after a crash injected after each step of the close
 * (after the step's effect but before its record, and after its record committed), then a rerun.
 */
@QuarkusTest
class ExactlyOnceCloseTest extends InvoiceTest {

    private static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant AFTER_GRACE = APRIL_1.plus(Duration.ofHours(1));

    @Inject
    CloseFaults faults;

    @AfterEach
    void disarm() {
        faults.disarm();
    }

    static Stream<Arguments> crashes() {
        return Stream.of(PeriodStep.USAGE, PeriodStep.SETTLE, PeriodStep.EXPIRE, PeriodStep.INVOICE)
                .flatMap(step -> Stream.of(CloseFaults.Moment.values()).map(moment -> Arguments.of(step, moment)));
    }

    @ParameterizedTest(name = "crash {1} of {0}, then a rerun")
    @MethodSource("crashes")
    void aCrashAfterAnyStepThenARerunBillsOnce(PeriodStep step, CloseFaults.Moment moment) {
        String customer = createCustomer();
        Subscription sub = dueForClose(customer);
        faults.arm(sub.getSubscriptionId() + "/0", step, moment);

        assertThat(runJob().failed()).isPositive(); // the injected crash
        assertThat(runJob().failed()).isZero(); // the rerun completes the close

        assertClosedOnce(customer, sub);
    }

    @Test
    void twoJobInstancesAtOnceBillOnce() throws Throwable {
        String customer = createCustomer();
        Subscription sub = dueForClose(customer);

        VertxContextSupport.subscribeAndAwait(
                () -> Uni.combine().all().unis(job.runOnce(), job.runOnce()).asTuple());
        runJob();

        assertClosedOnce(customer, sub);
    }

    @Test
    void aPeriodAnotherReplicaIsClosingIsLeftToIt() throws Exception {
        String customer = createCustomer();
        Subscription sub = dueForClose(customer);
        TestDatabase pg = TestDatabase.get();
        String db = PostgresResource.currentDatabase();
        try (Connection other = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password())) {
            other.setAutoCommit(false);
            try (PreparedStatement lock =
                    other.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, "close:" + sub.getSubscriptionId() + "/0");
                lock.execute();
            }
            assertThat(runJob().busy()).isPositive(); // the "other replica" holds the period's lock
            assertThat(periodInvoices(customer)).hasSize(1);
            other.rollback();
        }
        runJob();
        assertClosedOnce(customer, sub);
    }

    /** A BALANCE subscription whose March is past its grace, with 6.00 of shortfall to settle. */
    private Subscription dueForClose(String customer) {
        Plan plan = createPlan(balancePlan(unique("balance"), "50"));
        Subscription sub = subscribe(customer, plan).getSubscription();
        clock.set(APRIL_1);
        runJob();
        wallet.setShortfall(customer, "USD", "6.00");
        clock.set(AFTER_GRACE);
        return sub;
    }

    private void assertClosedOnce(String customer, Subscription sub) {
        List<Invoice> invoices = periodInvoices(customer);
        assertThat(invoices).hasSize(2); // opening + March's close
        Invoice closing = invoices.get(0);
        assertThat(closing.getLinesList())
                .extracting(l -> l.getLineType() + " " + l.getAmount().getAmount())
                .containsExactly(
                        InvoiceLineType.INVOICE_LINE_TYPE_BASE + " 50.00",
                        InvoiceLineType.INVOICE_LINE_TYPE_SHORTFALL + " 6.00");
        assertThat(closing.getInvoiceNumber()).isNotEmpty();
        assertThat(wallet.applied("SettleShortfall", customer)).hasSize(1); // one settlement (replays allowed)
        assertThat(wallet.applied("ExpireGrants", customer)).hasSize(1);
        assertThat(wallet.applied("GrantCredits", customer)).hasSize(2); // March and April, once each
        assertThat(count("SELECT count(*) FROM invoice WHERE subscription_id = '" + sub.getSubscriptionId()
                        + "' AND closes_period_index = 0"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM period_step WHERE period_id = '" + sub.getSubscriptionId() + "/0'"))
                .isEqualTo(5); // GRANT + the four close steps
        // numbers stay gap-free whatever rolled back (a crash inside the INVOICE step undoes its number too)
        assertThat(
                        count(
                                "SELECT max(right(invoice_number, 6)::int) FROM invoice WHERE invoice_number LIKE 'TALLY-2026-%'"))
                .isEqualTo(count("SELECT count(*) FROM invoice WHERE invoice_number LIKE 'TALLY-2026-%'"));
    }
}
