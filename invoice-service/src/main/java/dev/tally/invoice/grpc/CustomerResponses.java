package dev.tally.invoice.grpc;

import dev.tally.invoice.store.CustomerEntity;
import dev.tally.invoice.v1.Customer;
import dev.tally.support.proto.ProtoTime;

/** Customers to {@code tally.invoice.v1.Customer}. */
final class CustomerResponses {

    private CustomerResponses() {
    }

    static Customer customer(CustomerEntity row) {
        Customer.Builder customer = Customer.newBuilder()
                .setCustomerId(row.customerId)
                .setDisplayName(row.displayName)
                .setEmail(row.email)
                .setCurrencyCode(row.currencyCode)
                .putAllMetadata(row.metadata == null ? java.util.Map.of() : row.metadata)
                .setStatus(Enums.customerStatus(row.status))
                .setCreateTime(ProtoTime.timestamp(row.createTime))
                .setUpdateTime(ProtoTime.timestamp(row.updateTime));
        if (row.archiveTime != null) {
            customer.setArchiveTime(ProtoTime.timestamp(row.archiveTime));
        }
        return customer.build();
    }
}
