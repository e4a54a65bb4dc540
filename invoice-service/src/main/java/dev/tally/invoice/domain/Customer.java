package dev.tally.invoice.domain;

import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A paying account; its id is the customer id every other service uses. Archived, never deleted:
 * an archived customer no longer changes and takes no new subscription.
 *
 * @param archiveTime null while active
 */
public record Customer(
        String customerId,
        String displayName,
        String email,
        String currency,
        Map<String, String> metadata,
        CustomerStatus status,
        Instant createTime,
        Instant updateTime,
        Instant archiveTime) {

    public Customer {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A new active customer. */
    public static Customer create(String customerId, NewCustomer customer, Instant now) {
        return new Customer(
                customerId,
                customer.displayName(),
                customer.email(),
                customer.currency(),
                customer.metadata(),
                CustomerStatus.ACTIVE,
                now,
                now,
                null);
    }

    public boolean isArchived() {
        return status == CustomerStatus.ARCHIVED;
    }

    /** The fields the change names, changed; an archived customer refuses any change (INVALID_STATE). */
    public Customer updated(CustomerChange change, Instant now) {
        if (isArchived()) {
            throw new TallyException(Reason.INVALID_STATE, "customer " + customerId + " is archived and cannot change");
        }
        return new Customer(
                customerId,
                change.displayName() != null ? change.displayName() : displayName,
                change.email() != null ? change.email() : email,
                currency,
                change.metadata() != null ? change.metadata() : metadata,
                status,
                createTime,
                now,
                archiveTime);
    }

    /** Archived now; an archived customer stays as it is. */
    public Customer archived(Instant now) {
        return isArchived()
                ? this
                : new Customer(
                        customerId,
                        displayName,
                        email,
                        currency,
                        metadata,
                        CustomerStatus.ARCHIVED,
                        createTime,
                        now,
                        now);
    }
}
