package dev.tally.invoice.store;

import dev.tally.invoice.domain.Purchase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Purchases ({@code purchase}), keyed by (customer, idempotency key), in the current transaction. */
@ApplicationScoped
public class PurchaseStore {

    private static final String COLUMNS =
            "customer_id, idempotency_key, method, request_hash, request, invoice_id," + " create_time, complete_time";

    /** The purchase started with this key, or null; {@code lock}: locked until the transaction ends. */
    public Uni<Purchase> find(String customerId, String idempotencyKey, boolean lock) {
        return NativeSql.rows(
                        "SELECT " + COLUMNS + " FROM purchase WHERE customer_id = ?1 AND idempotency_key = ?2"
                                + (lock ? " FOR UPDATE" : ""),
                        customerId,
                        idempotencyKey)
                .map(rows -> rows.isEmpty() ? null : purchase(rows.get(0)));
    }

    /** Records a purchase as it starts (not complete yet). */
    public Uni<Void> insert(Purchase purchase) {
        return NativeSql.execute(
                        "INSERT INTO purchase (customer_id, idempotency_key, method, request_hash, request,"
                                + " invoice_id, create_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        purchase.customerId(),
                        purchase.idempotencyKey(),
                        purchase.method(),
                        purchase.requestHash(),
                        purchase.grant(),
                        purchase.invoiceId(),
                        NativeSql.timestamp(purchase.createTime()))
                .replaceWithVoid();
    }

    /** Records that the purchase's invoice is finalized. */
    public Uni<Void> complete(Purchase purchase) {
        return NativeSql.execute(
                        "UPDATE purchase SET complete_time = ?3 WHERE customer_id = ?1 AND idempotency_key = ?2",
                        purchase.customerId(),
                        purchase.idempotencyKey(),
                        NativeSql.timestamp(purchase.completeTime()))
                .replaceWithVoid();
    }

    private static Purchase purchase(Object[] row) {
        return new Purchase(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                (byte[]) row[3],
                (byte[]) row[4],
                (String) row[5],
                NativeSql.instant(row[6]),
                NativeSql.instant(row[7]));
    }
}
