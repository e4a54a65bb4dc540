package dev.tally.invoice.grpc;

import dev.tally.invoice.domain.Customer;
import dev.tally.invoice.v1.ArchiveCustomerResponse;
import dev.tally.invoice.v1.CreateCustomerResponse;
import dev.tally.invoice.v1.GetCustomerResponse;
import dev.tally.invoice.v1.ListCustomersResponse;
import dev.tally.invoice.v1.UpdateCustomerResponse;
import dev.tally.support.idempotency.Replies;
import dev.tally.support.proto.Paging;
import dev.tally.support.proto.ProtoTime;
import java.util.List;

/** Customers to {@code tally.invoice.v1.Customer} and the customer responses. */
final class CustomerResponses {

    static final Replies<CreateCustomerResponse> CREATE = Replies.of(
            CreateCustomerResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<UpdateCustomerResponse> UPDATE = Replies.of(
            UpdateCustomerResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());
    static final Replies<ArchiveCustomerResponse> ARCHIVE = Replies.of(
            ArchiveCustomerResponse.parser(),
            r -> r.toBuilder().setDuplicate(true).build());

    private CustomerResponses() {}

    static CreateCustomerResponse created(Customer customer) {
        return CreateCustomerResponse.newBuilder()
                .setCustomer(customer(customer))
                .build();
    }

    static UpdateCustomerResponse updated(Customer customer) {
        return UpdateCustomerResponse.newBuilder()
                .setCustomer(customer(customer))
                .build();
    }

    static ArchiveCustomerResponse archived(Customer customer) {
        return ArchiveCustomerResponse.newBuilder()
                .setCustomer(customer(customer))
                .build();
    }

    static GetCustomerResponse got(Customer customer) {
        return GetCustomerResponse.newBuilder().setCustomer(customer(customer)).build();
    }

    static ListCustomersResponse list(List<Customer> found, Pages.Listing<?> listing) {
        Paging.Page<Customer> page = listing.page(found, Customer::customerId);
        return ListCustomersResponse.newBuilder()
                .addAllCustomers(
                        page.items().stream().map(CustomerResponses::customer).toList())
                .setNextPageToken(page.nextPageToken())
                .build();
    }

    static dev.tally.invoice.v1.Customer customer(Customer customer) {
        dev.tally.invoice.v1.Customer.Builder out = dev.tally.invoice.v1.Customer.newBuilder()
                .setCustomerId(customer.customerId())
                .setDisplayName(customer.displayName())
                .setEmail(customer.email())
                .setCurrencyCode(customer.currency())
                .putAllMetadata(customer.metadata())
                .setStatus(Enums.customerStatus(customer.status()))
                .setCreateTime(ProtoTime.timestamp(customer.createTime()))
                .setUpdateTime(ProtoTime.timestamp(customer.updateTime()));
        if (customer.archiveTime() != null) {
            out.setArchiveTime(ProtoTime.timestamp(customer.archiveTime()));
        }
        return out.build();
    }
}
