package dev.tally.invoice.grpc;

import dev.tally.common.v1.TimeRange;
import dev.tally.invoice.domain.CurrencyScale;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.proto.ProtoTime;
import java.math.BigDecimal;

/** Small value mappings every response uses: money, decimals, periods, times. */
final class Protos {

    private Protos() {}

    /** Exact money as the wallet keeps it (credits, balances): no trailing zeros ("12.5", "0"). */
    static dev.tally.common.v1.Money money(Money money) {
        return dev.tally.common.v1.Money.newBuilder()
                .setAmount(money.amountText())
                .setCurrencyCode(money.currency())
                .build();
    }

    /**
     * Invoice and plan money, at the currency's scale ({@link CurrencyScale#scaled}): a rounded amount
     * at exactly the scale ("50.50", JPY "1235"), a full-precision figure with every digit ("0.0025").
     */
    static dev.tally.common.v1.Money scaledMoney(Money money) {
        return dev.tally.common.v1.Money.newBuilder()
                .setAmount(CurrencyScale.scaled(money).toPlainString())
                .setCurrencyCode(money.currency())
                .build();
    }

    static String decimal(BigDecimal value) {
        return value == null ? "" : Money.plain(value);
    }

    static TimeRange range(Period period) {
        return TimeRange.newBuilder()
                .setStartTime(ProtoTime.timestamp(period.start()))
                .setEndTime(ProtoTime.timestamp(period.end()))
                .build();
    }
}
