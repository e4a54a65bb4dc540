package dev.tally.invoice.grpc;

import dev.tally.common.v1.TimeRange;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.Period;
import dev.tally.support.proto.ProtoTime;
import java.math.BigDecimal;

/** Small value mappings every response uses: money, decimals, periods, times. */
final class Protos {

    private Protos() {}

    static dev.tally.common.v1.Money money(Money money) {
        return dev.tally.common.v1.Money.newBuilder()
                .setAmount(money.amountText())
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
