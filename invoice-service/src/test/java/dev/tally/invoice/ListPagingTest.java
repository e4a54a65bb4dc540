package dev.tally.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.Invoice;
import dev.tally.invoice.v1.ListCustomersRequest;
import dev.tally.invoice.v1.ListCustomersResponse;
import dev.tally.invoice.v1.ListInvoicesRequest;
import dev.tally.invoice.v1.ListInvoicesResponse;
import dev.tally.invoice.v1.ListPlansRequest;
import dev.tally.invoice.v1.ListPlansResponse;
import dev.tally.invoice.v1.ListSubscriptionsRequest;
import dev.tally.invoice.v1.ListSubscriptionsResponse;
import dev.tally.invoice.v1.Plan;
import dev.tally.invoice.v1.PurchaseCreditPackRequest;
import dev.tally.invoice.v1.Subscription;
import dev.tally.invoice.v1.UpdatePlanRequest;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every List RPC pages through all it lists, each row once and in order, with small pages (the
 * service's clock stands still in tests, so rows share their create time and the id orders them);
 * a token is refused with other filters than the ones it was issued for.
 */
@QuarkusTest
class ListPagingTest extends InvoiceTest {

    @Test
    void invoicesPageNewestFirstEachOnce() {
        Plan plan = createPlan(creditsPlan(unique("credits")));
        String customer = createCustomer();
        subscribe(customer, plan);
        for (int i = 0; i < 4; i++) {
            invoice.purchaseCreditPack(PurchaseCreditPackRequest.newBuilder()
                    .setIdempotencyKey(key())
                    .setCustomerId(customer)
                    .setCreditPackCode("pack_500")
                    .build());
        }
        ListInvoicesRequest all = ListInvoicesRequest.newBuilder()
                .setCustomerId(customer)
                .setPageSize(1000)
                .build();
        List<String> expected = invoice.listInvoices(all).getInvoicesList().stream()
                .map(Invoice::getInvoiceId)
                .toList();

        List<String> paged = walk(token -> {
            ListInvoicesResponse page = invoice.listInvoices(
                    all.toBuilder().setPageSize(2).setPageToken(token).build());
            return new Page(
                    page.getInvoicesList().stream().map(Invoice::getInvoiceId).toList(), page.getNextPageToken());
        });

        assertThat(expected).hasSize(5);
        assertThat(paged).isEqualTo(expected);
    }

    @Test
    void subscriptionsAndCustomersPageEachOnce() {
        Plan plan = createPlan(meteredPlan(
                unique("metered"),
                "29",
                "50000",
                "1000",
                "0.03",
                dev.tally.invoice.v1.OverageRounding.OVERAGE_ROUNDING_PROPORTIONAL));
        for (int i = 0; i < 5; i++) {
            subscribe(createCustomer(), plan);
        }
        ListSubscriptionsRequest subscriptions = ListSubscriptionsRequest.newBuilder()
                .setPlanId(plan.getPlanId())
                .build();
        List<String> subs = walk(token -> {
            ListSubscriptionsResponse page = invoice.listSubscriptions(
                    subscriptions.toBuilder().setPageSize(2).setPageToken(token).build());
            return new Page(
                    page.getSubscriptionsList().stream()
                            .map(Subscription::getSubscriptionId)
                            .toList(),
                    page.getNextPageToken());
        });
        assertThat(subs).hasSize(5).doesNotHaveDuplicates();
        assertThat(subs)
                .isEqualTo(invoice.listSubscriptions(subscriptions).getSubscriptionsList().stream()
                        .map(Subscription::getSubscriptionId)
                        .toList());

        List<String> customers = walk(token -> {
            ListCustomersResponse page = invoice.listCustomers(ListCustomersRequest.newBuilder()
                    .setPageSize(7)
                    .setPageToken(token)
                    .build());
            return new Page(
                    page.getCustomersList().stream()
                            .map(Customer::getCustomerId)
                            .toList(),
                    page.getNextPageToken());
        });
        assertThat(customers).doesNotHaveDuplicates().hasSize((int)
                count("SELECT count(*) FROM customer WHERE status = 'ACTIVE'"));
    }

    @Test
    void planVersionsPageInCodeAndVersionOrder() {
        Plan plan = createPlan(balancePlan(unique("balance"), "50"));
        for (int i = 0; i < 2; i++) {
            invoice.updatePlan(UpdatePlanRequest.newBuilder()
                    .setIdempotencyKey(key())
                    .setPlan(plan)
                    .build());
        }
        List<String> versions = walk(token -> {
            ListPlansResponse page = invoice.listPlans(ListPlansRequest.newBuilder()
                    .setPlanCode(plan.getPlanCode())
                    .setAllVersions(true)
                    .setPageSize(1)
                    .setPageToken(token)
                    .build());
            return new Page(
                    page.getPlansList().stream()
                            .map(p -> p.getPlanCode() + "@" + p.getPlanVersion())
                            .toList(),
                    page.getNextPageToken());
        });
        assertThat(versions)
                .containsExactly(plan.getPlanCode() + "@1", plan.getPlanCode() + "@2", plan.getPlanCode() + "@3");

        List<String> latest = walk(token -> {
            ListPlansResponse page = invoice.listPlans(ListPlansRequest.newBuilder()
                    .setIncludeArchived(true)
                    .setPageSize(3)
                    .setPageToken(token)
                    .build());
            return new Page(page.getPlansList().stream().map(Plan::getPlanCode).toList(), page.getNextPageToken());
        });
        assertThat(latest)
                .doesNotHaveDuplicates()
                .isSorted()
                .contains(plan.getPlanCode())
                .hasSize((int) count("SELECT count(*) FROM plan"));
    }

    @Test
    void aTokenOfOtherFiltersIsRefused() {
        createCustomer();
        createCustomer();
        String token = invoice.listCustomers(
                        ListCustomersRequest.newBuilder().setPageSize(1).build())
                .getNextPageToken();
        assertThat(token).isNotEmpty();

        Failure refused = failure(() -> invoice.listCustomers(ListCustomersRequest.newBuilder()
                .setPageSize(1)
                .setIncludeArchived(true)
                .setPageToken(token)
                .build()));

        assertThat(refused.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.fields()).containsExactly("page_token");
    }

    /** One page: its rows and the token of the next one. */
    private record Page(List<String> rows, String next) {}

    /** Every row of a list, page after page until the last (an empty next token). */
    private static List<String> walk(Function<String, Page> read) {
        List<String> rows = new ArrayList<>();
        String token = "";
        for (int pages = 0; pages < 1000; pages++) {
            Page page = read.apply(token);
            rows.addAll(page.rows());
            if (page.next().isEmpty()) {
                return rows;
            }
            token = page.next();
        }
        throw new AssertionError("the list did not end within 1000 pages");
    }
}
