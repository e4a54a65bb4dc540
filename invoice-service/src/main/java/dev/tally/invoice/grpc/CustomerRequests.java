package dev.tally.invoice.grpc;

import dev.tally.invoice.domain.CustomerChange;
import dev.tally.invoice.domain.NewCustomer;
import dev.tally.invoice.grpc.Pages.Listing;
import dev.tally.invoice.grpc.Validated.Keyed;
import dev.tally.invoice.v1.ArchiveCustomerRequest;
import dev.tally.invoice.v1.CreateCustomerRequest;
import dev.tally.invoice.v1.Customer;
import dev.tally.invoice.v1.GetCustomerRequest;
import dev.tally.invoice.v1.ListCustomersRequest;
import dev.tally.invoice.v1.UpdateCustomerRequest;
import dev.tally.support.error.Violations;
import dev.tally.support.idempotency.RequestKey;
import dev.tally.support.proto.Identifiers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Customer requests to validated commands; INVALID_ARGUMENT with every bad field otherwise. */
final class CustomerRequests {

    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final List<String> UPDATABLE = List.of("display_name", "email", "metadata");

    private CustomerRequests() {}

    static Keyed<NewCustomer> create(CreateCustomerRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            NewCustomer customer = customer(v, request.hasCustomer(), request.getCustomer());
            return v.isEmpty()
                    ? new Keyed<>(
                            customer, Validated.serviceKey(request.getIdempotencyKey(), "CreateCustomer", request))
                    : null;
        });
    }

    static Keyed<CustomerChange> update(UpdateCustomerRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            CustomerChange change = change(v, request);
            return v.isEmpty()
                    ? new Keyed<>(
                            change,
                            Validated.customerKey(
                                    change.customerId(), request.getIdempotencyKey(), "UpdateCustomer", request))
                    : null;
        });
    }

    static Keyed<String> archive(ArchiveCustomerRequest request) {
        return Validated.of(v -> {
            RequestKey.check(v, RequestKey.FIELD, request.getIdempotencyKey());
            String id = Identifiers.required(v, "customer_id", request.getCustomerId());
            return v.isEmpty()
                    ? new Keyed<>(
                            id, Validated.customerKey(id, request.getIdempotencyKey(), "ArchiveCustomer", request))
                    : null;
        });
    }

    static String get(GetCustomerRequest request) {
        return Validated.of(v -> Identifiers.required(v, "customer_id", request.getCustomerId()));
    }

    /** ListCustomers: whether archived customers are listed too. */
    static Listing<Boolean> list(ListCustomersRequest request) {
        return Validated.of(v -> Pages.listing(
                v,
                request.getIncludeArchived(),
                request.getPageSize(),
                request.getPageToken(),
                "ListCustomers|" + request.getIncludeArchived()));
    }

    private static NewCustomer customer(Violations v, boolean present, Customer customer) {
        if (!present) {
            v.add("customer", "must be set");
            return null;
        }
        String id = customer.getCustomerId().isEmpty() ? null : customer.getCustomerId();
        v.check(
                id != null && !CUSTOMER_ID.matcher(id).matches(),
                "customer.customer_id",
                "must be 1-128 characters of A-Z, a-z, 0-9, '_', '.', ':' and '-' (or empty: generated)");
        String name = PlanRequests.displayName(v, "customer.display_name", customer.getDisplayName(), true);
        email(v, customer.getEmail());
        String currency = PlanRequests.currency(v, "customer.currency_code", customer.getCurrencyCode());
        metadata(v, customer.getMetadataMap());
        return v.isEmpty()
                ? new NewCustomer(
                        id, name, customer.getEmail(), currency, new LinkedHashMap<>(customer.getMetadataMap()))
                : null;
    }

    private static CustomerChange change(Violations v, UpdateCustomerRequest request) {
        if (!request.hasCustomer()) {
            v.add("customer", "must be set");
        }
        String id = Identifiers.required(
                v, "customer.customer_id", request.getCustomer().getCustomerId());
        if (!request.hasUpdateMask() || request.getUpdateMask().getPathsCount() == 0) {
            v.add("update_mask", "must name the fields to update: display_name, email, metadata");
            return null;
        }
        Customer c = request.getCustomer();
        String name = null;
        String email = null;
        Map<String, String> metadata = null;
        List<String> paths = request.getUpdateMask().getPathsList();
        for (int i = 0; i < paths.size(); i++) {
            switch (paths.get(i)) {
                case "display_name" ->
                    name = PlanRequests.displayName(v, "customer.display_name", c.getDisplayName(), true);
                case "email" -> {
                    email(v, c.getEmail());
                    email = c.getEmail();
                }
                case "metadata" -> {
                    metadata(v, c.getMetadataMap());
                    metadata = new LinkedHashMap<>(c.getMetadataMap());
                }
                default ->
                    v.add(
                            "update_mask.paths[" + i + "]",
                            "'" + paths.get(i) + "' cannot be updated; updatable: " + String.join(", ", UPDATABLE));
            }
        }
        return v.isEmpty() ? new CustomerChange(id, name, email, metadata) : null;
    }

    private static void email(Violations v, String email) {
        v.check(
                !email.isEmpty()
                        && (email.length() > 254 || !EMAIL.matcher(email).matches()),
                "customer.email",
                "must be an e-mail address such as billing@example.com (or empty)");
    }

    private static void metadata(Violations v, Map<String, String> metadata) {
        v.check(metadata.size() > 50, "customer.metadata", "must hold at most 50 entries");
        metadata.forEach((key, value) -> {
            v.check(
                    key.isEmpty() || key.length() > 64,
                    "customer.metadata[" + key + "]",
                    "keys must be 1-64 characters");
            v.check(value.length() > 512, "customer.metadata[" + key + "]", "values must be at most 512 characters");
        });
    }
}
