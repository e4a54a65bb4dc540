package dev.tally.invoice.domain;

import dev.tally.invoice.domain.ModelTerms.MeteredFeature;
import dev.tally.shared.money.Money;
import dev.tally.shared.plan.ConsumptionModel;
import dev.tally.shared.plan.Period;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lines of a subscription's PERIOD invoices, in display order:
 * <ol>
 * <li>BASE: the base price of the period that starts, in advance (absent after a cancellation);</li>
 * <li>usage of the period that ended, in arrears: METERED one OVERAGE line per feature with
 * overage ({@link OverageRule}); CREDITS and BALANCE one SHORTFALL line for exactly what the wallet
 * settled for that period (CREDITS at the plan's price per credit, BALANCE at 1 per unit of money).</li>
 * </ol>
 * Zero usage lines are left out. The first invoice of a subscription (at its start) has only the
 * BASE line; the last one (after cancellation) only usage.
 * <p>
 * Worked example (renewal of "$29/month including 50,000 tokens, $0.03 per 1,000 tokens", 80,500
 * tokens used in the period that ended, proportional): BASE 1 × 29.00 = 29.00 (next period),
 * OVERAGE 30.5 × 0.03 = 0.915 → 0.92 (ended period); total 29.92 USD.
 */
public final class PeriodInvoice {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private PeriodInvoice() {}

    /** The base price of a period, billed in advance. */
    public record NextBase(PlanVersion plan, Period period) {}

    /** Usage of the period that ended. */
    public sealed interface EndedUsage {
        PlanVersion plan();

        Period period();
    }

    /** METERED: units used per feature code over the period. */
    public record MeteredUsage(PlanVersion plan, Period period, Map<String, BigDecimal> usedUnits)
            implements EndedUsage {}

    /** CREDITS or BALANCE: what the wallet settled (claimed) as the period's shortfall, in its unit. */
    public record SettledShortfall(PlanVersion plan, Period period, Money settled) implements EndedUsage {}

    /** The lines of the invoice that opens a subscription: its first base price. */
    public static List<InvoiceLine> opening(NextBase first) {
        return List.of(base(first));
    }

    /**
     * The lines of the invoice that closes a period.
     *
     * @param next  the period that follows (null when the subscription ended with this period)
     * @param ended the usage of the period that ended (null when nothing is billed in arrears)
     */
    public static List<InvoiceLine> closing(NextBase next, EndedUsage ended) {
        List<InvoiceLine> lines = new ArrayList<>();
        if (next != null) {
            lines.add(base(next));
        }
        if (ended instanceof MeteredUsage metered) {
            lines.addAll(overage(metered));
        } else if (ended instanceof SettledShortfall shortfall) {
            InvoiceLine line = shortfall(shortfall);
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    static InvoiceLine base(NextBase next) {
        PlanTerms terms = next.plan().terms();
        String description = terms.displayName() + " ("
                + terms.interval().name().toLowerCase(Locale.ROOT) + "ly), " + range(next.period());
        return InvoiceLine.priced(
                LineType.BASE, description, null, BigDecimal.ONE, terms.basePrice(), null, null, next.period());
    }

    static List<InvoiceLine> overage(MeteredUsage usage) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (MeteredFeature feature : ((ModelTerms.Metered) usage.plan().terms().model()).meteredFeatures()) {
            BigDecimal used = usage.usedUnits().getOrDefault(feature.feature().code(), BigDecimal.ZERO);
            OverageRule.Overage overage = OverageRule.of(feature, used);
            if (overage.isNone()) {
                continue;
            }
            String unit = feature.feature().displayUnit().isEmpty()
                    ? "units"
                    : feature.feature().displayUnit() + "s";
            String description = feature.feature().displayName() + ": " + number(used) + " " + unit + " used, "
                    + number(feature.includedUnits()) + " included, " + number(overage.blocks()) + " × "
                    + number(feature.blockSizeUnits()) + " " + unit + " (" + range(usage.period()) + ")";
            lines.add(InvoiceLine.priced(
                    LineType.OVERAGE,
                    description,
                    feature.feature().code(),
                    overage.blocks(),
                    feature.pricePerBlock(),
                    overage.overageUnits(),
                    null,
                    usage.period()));
        }
        return lines;
    }

    static InvoiceLine shortfall(SettledShortfall shortfall) {
        if (!shortfall.settled().isPositive()) {
            return null;
        }
        PlanVersion plan = shortfall.plan();
        if (plan.model() == ConsumptionModel.CREDITS) {
            Money pricePerCredit = ((ModelTerms.Credits) plan.terms().model()).overagePricePerCredit();
            return InvoiceLine.priced(
                    LineType.SHORTFALL,
                    "Credits used beyond all grants: "
                            + number(shortfall.settled().amount()) + " credits (" + range(shortfall.period()) + ")",
                    null,
                    shortfall.settled().amount(),
                    pricePerCredit,
                    null,
                    null,
                    shortfall.period());
        }
        return InvoiceLine.priced(
                LineType.SHORTFALL,
                "Usage not covered by the balance (" + range(shortfall.period()) + ")",
                null,
                shortfall.settled().amount(),
                new Money(BigDecimal.ONE, plan.currency()),
                null,
                null,
                shortfall.period());
    }

    static String range(Period period) {
        return DAY.format(period.start()) + " to " + DAY.format(period.end());
    }

    /** A number for people: grouped thousands, every decimal kept (80,500; 30.5). */
    static String number(BigDecimal value) {
        DecimalFormat format = new DecimalFormat("#,##0.##########", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setMaximumFractionDigits(34);
        return format.format(value);
    }
}
