package dev.tally.invoice.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A credit pack purchase or top-up in progress or done: recorded before the wallet grant, completed
 * with the invoice, so a crash between the two is finished by a retry with the same key (or by the
 * job) with the same wallet key and the same invoice id.
 */
@Entity
@Table(name = "purchase")
@IdClass(PurchaseEntity.Key.class)
public class PurchaseEntity {

    @Id
    public String customerId;
    @Id
    public String idempotencyKey;
    public String method;
    public byte[] requestHash;
    public byte[] request;
    public String invoiceId;
    public Instant createTime;
    public Instant completeTime;

    /** The primary key: (customer_id, idempotency_key). */
    public static class Key implements Serializable {
        public String customerId;
        public String idempotencyKey;

        public Key() {
        }

        public Key(String customerId, String idempotencyKey) {
            this.customerId = customerId;
            this.idempotencyKey = idempotencyKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && customerId.equals(k.customerId) && idempotencyKey.equals(k.idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(customerId, idempotencyKey);
        }
    }
}
