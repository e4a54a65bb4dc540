-- Every invoice line names the period it bills (invoice.proto, InvoiceLine.service_period), and
-- ListInvoices filters invoices by it. Purchase lines (CREDIT_PACK, TOP_UP) now carry the
-- subscription's open period when the purchase was made; credit-note lines the period of the line
-- they cancel.
--
-- Lines written before this version: purchase lines had no period. They get the subscription's
-- period in which their invoice was created (a purchase is made under an ACTIVE subscription, so
-- that period exists), and credit-note lines the period of the line they cancel (same position).
-- Lines of finalized invoices are frozen by invoice_line_freeze; the trigger is off for this
-- backfill only, which fills the empty period and changes nothing else (no amount, quantity or
-- text).
ALTER TABLE invoice_line DISABLE TRIGGER invoice_line_freeze;

UPDATE invoice_line l
   SET service_start = p.start_time, service_end = p.end_time
  FROM invoice i
  JOIN billing_period p ON p.subscription_id = i.subscription_id
                       AND p.start_time <= i.create_time AND i.create_time < p.end_time
 WHERE l.invoice_id = i.invoice_id AND i.kind = 'PURCHASE' AND l.service_start IS NULL;

UPDATE invoice_line l
   SET service_start = o.service_start, service_end = o.service_end
  FROM invoice i
  JOIN invoice_line o ON o.invoice_id = i.credited_invoice_id
 WHERE l.invoice_id = i.invoice_id AND o.position = l.position AND i.kind = 'CREDIT_NOTE'
   AND l.service_start IS NULL;

ALTER TABLE invoice_line ENABLE TRIGGER invoice_line_freeze;

-- From now on every line has a period. NOT VALID: a line written before this version that the
-- backfill could not place (none is expected) is left as it was rather than failing the upgrade;
-- every line written from now on is checked.
ALTER TABLE invoice_line ADD CONSTRAINT invoice_line_service_period
    CHECK (service_start IS NOT NULL AND service_end > service_start) NOT VALID;
