package dev.tally.usage.ingest;

import dev.tally.common.v1.Money;
import dev.tally.common.v1.TimeRange;
import dev.tally.support.proto.Decimals;
import dev.tally.support.proto.ProtoTime;
import dev.tally.usage.domain.EventCharge;
import dev.tally.usage.domain.MeteredSplit;
import dev.tally.shared.plan.Period;
import dev.tally.usage.domain.TokenCost;
import dev.tally.usage.v1.BalanceCharge;
import dev.tally.usage.v1.Charge;
import dev.tally.usage.v1.CreditsCharge;
import dev.tally.usage.v1.DebitStatus;
import dev.tally.usage.v1.MeteredCharge;
import dev.tally.usage.v1.MeteredRemaining;
import dev.tally.usage.v1.Remaining;
import dev.tally.usage.v1.WalletRemaining;

import java.math.BigDecimal;

/** The usage contract's messages for charges, costs, periods and balances, from domain values. */
public final class EventMessages {

    private EventMessages() {
    }

    public static Money money(BigDecimal amount, String currency) {
        return Money.newBuilder().setAmount(Decimals.text(amount)).setCurrencyCode(currency).build();
    }

    public static TimeRange range(Period period) {
        return TimeRange.newBuilder().setStartTime(ProtoTime.timestamp(period.start()))
                .setEndTime(ProtoTime.timestamp(period.end())).build();
    }

    /** The charge of an event ({@code split} for METERED, {@code shortfall} once the wallet answered, else null). */
    public static Charge charge(EventCharge c, MeteredSplit split, BigDecimal shortfall) {
        Charge.Builder b = Charge.newBuilder().setUnits(Decimals.text(c.units()));
        switch (c.model()) {
            case METERED -> b.setMetered(MeteredCharge.newBuilder()
                    .setIncludedUnits(Decimals.text(split == null ? BigDecimal.ZERO : split.included()))
                    .setOverageUnits(Decimals.text(split == null ? BigDecimal.ZERO : split.overage())));
            case CREDITS -> {
                CreditsCharge.Builder credits = CreditsCharge.newBuilder().setCreditsPerUnit(Decimals.text(c.rate()))
                        .setAmount(money(c.amount(), "CREDITS"));
                if (shortfall != null) {
                    credits.setShortfall(money(shortfall, "CREDITS"));
                }
                b.setCredits(credits);
            }
            case BALANCE -> {
                BalanceCharge.Builder balance = BalanceCharge.newBuilder().setAmount(money(c.amount(), c.currency()));
                if (c.tokenCost() != null) {
                    balance.setCost(money(c.tokenCost().providerCost(), c.tokenCost().costCurrency()))
                            .setMargin(Decimals.text(c.margin()))
                            .setMarginAmount(money(c.marginAmount(), c.currency()));
                } else {
                    balance.setUnitPrice(money(c.rate(), c.currency()));
                }
                if (shortfall != null) {
                    balance.setShortfall(money(shortfall, c.currency()));
                }
                b.setBalance(balance);
            }
        }
        return b.build();
    }

    /** The charge with the wallet's shortfall added (credits and balance charges). */
    public static Charge withShortfall(Charge charge, BigDecimal shortfall) {
        if (shortfall == null) {
            return charge;
        }
        return switch (charge.getConsumptionModelCase()) {
            case CREDITS -> charge.toBuilder().setCredits(charge.getCredits().toBuilder()
                    .setShortfall(money(shortfall, "CREDITS"))).build();
            case BALANCE -> charge.toBuilder().setBalance(charge.getBalance().toBuilder()
                    .setShortfall(money(shortfall, charge.getBalance().getAmount().getCurrencyCode()))).build();
            case METERED, CONSUMPTIONMODEL_NOT_SET -> charge;
        };
    }

    public static dev.tally.usage.v1.TokenCost tokenCost(TokenCost cost) {
        return dev.tally.usage.v1.TokenCost.newBuilder().setModelId(cost.modelId()).setPriceVersionId(cost.priceVersionId())
                .setProviderCost(money(cost.providerCost(), cost.costCurrency()))
                .setLongContextTier(cost.longContextTier()).setBatch(cost.batch()).build();
    }

    /** What is left of a METERED feature's allowance after {@code usedAfter} units this period. */
    public static Remaining metered(BigDecimal includedUnits, BigDecimal usedAfter) {
        return Remaining.newBuilder().setMetered(MeteredRemaining.newBuilder()
                .setIncludedUnitsLeft(Decimals.text(MeteredSplit.includedLeft(includedUnits, usedAfter)))
                .setOverageUnits(Decimals.text(MeteredSplit.overage(includedUnits, usedAfter)))).build();
    }

    /** A wallet balance: {@code available} (and held, shortfall when known). */
    public static Remaining wallet(boolean credits, String unit, BigDecimal available, BigDecimal held, BigDecimal shortfall) {
        WalletRemaining.Builder w = WalletRemaining.newBuilder().setAvailable(money(available, unit));
        if (held != null) {
            w.setHeld(money(held, unit));
        }
        if (shortfall != null) {
            w.setShortfall(money(shortfall, unit));
        }
        return credits ? Remaining.newBuilder().setCredits(w).build() : Remaining.newBuilder().setBalance(w).build();
    }

    public static DebitStatus debitStatus(String status) {
        return switch (status) {
            case "NOT_REQUIRED" -> DebitStatus.DEBIT_STATUS_NOT_REQUIRED;
            case "PENDING" -> DebitStatus.DEBIT_STATUS_PENDING;
            case "APPLIED" -> DebitStatus.DEBIT_STATUS_APPLIED;
            case "FAILED" -> DebitStatus.DEBIT_STATUS_FAILED;
            default -> throw new IllegalStateException("unknown debit status " + status);
        };
    }
}
