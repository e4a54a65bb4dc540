package dev.tally.catalog.domain.manual;

import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.ModelUpdate;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import dev.tally.support.error.TallyException;
import dev.tally.support.error.Violations;
import dev.tally.support.proto.Decimals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of a manual price (UpsertModelPrice): what a valid request is, and how it changes the
 * model. A manual version appends to the model's history: it must start after the latest version
 * (it may start in the future); it reactivates the model and from then on syncs leave it alone.
 */
public final class ManualPriceRule {

    public static final String DEFAULT_MODE = "chat";
    static final int MAX_ID_LENGTH = 256;

    private ManualPriceRule() {}

    /**
     * Checks everything that does not depend on the catalog; INVALID_ARGUMENT lists every bad
     * field, together with those already in {@code violations} (other fields of the request).
     */
    public static ManualPrice check(ManualPriceDraft draft, Violations violations) {
        checkId(draft.modelId(), "model_id", violations);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < draft.aliases().size(); i++) {
            String alias = draft.aliases().get(i);
            String field = "aliases[" + i + "]";
            checkId(alias, field, violations);
            violations.check(alias.equals(draft.modelId()), field, "must differ from model_id");
            violations.check(!seen.add(alias), field, "is listed twice");
        }
        String currency = draft.currency().isEmpty() ? PriceSpec.SYNC_CURRENCY : draft.currency();
        violations.check(
                !PriceSpec.isCurrencyCode(currency), "currency_code", "must be an ISO 4217 currency code such as USD");
        RateSet base = rates(draft.rates(), "rates.", violations);
        for (RateField required : List.of(RateField.INPUT, RateField.OUTPUT)) {
            String text = draft.rates().get(required);
            violations.check(text == null || text.isEmpty(), "rates." + required.apiName(), "is required");
        }
        BigDecimal fee = Decimals.nonNegative(violations, "cost_per_request", draft.costPerRequest());
        List<LongContextTier> tiers = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < draft.tiers().size(); i++) {
            ManualPriceDraft.TierDraft tier = draft.tiers().get(i);
            String field = "long_context_tiers[" + i + "]";
            RateSet tierRates = rates(tier.rates(), field + ".rates.", violations);
            if (tier.thresholdTokens() <= previous) {
                violations.add(
                        field + ".threshold_tokens",
                        i == 0
                                ? "must be positive"
                                : "must be greater than the previous tier's threshold (" + previous + ")");
            } else {
                tiers.add(new LongContextTier(tier.thresholdTokens(), tierRates));
            }
            previous = Math.max(previous, tier.thresholdTokens());
            violations.check(
                    tierRates.isEmpty() && tier.rates().values().stream().allMatch(String::isEmpty),
                    field + ".rates",
                    "must set at least one rate");
        }
        violations.throwIfAny();
        PriceSpec price = new PriceSpec(currency, base, fee, tiers);
        Instant from =
                draft.effectiveTime() == null ? null : draft.effectiveTime().truncatedTo(ChronoUnit.MICROS);
        return new ManualPrice(draft.modelId(), draft.provider(), draft.mode(), draft.aliases(), price, from);
    }

    private static void checkId(String id, String field, Violations violations) {
        if (id == null || id.isBlank()) {
            violations.add(field, "must not be empty");
        } else {
            violations.check(id.length() > MAX_ID_LENGTH, field, "must be at most " + MAX_ID_LENGTH + " characters");
            violations.check(
                    !id.equals(id.strip()) || id.chars().anyMatch(Character::isWhitespace),
                    field,
                    "must not contain whitespace");
        }
    }

    private static RateSet rates(Map<RateField, String> texts, String prefix, Violations violations) {
        Map<RateField, BigDecimal> values = new EnumMap<>(RateField.class);
        texts.forEach(
                (field, text) -> values.put(field, Decimals.nonNegative(violations, prefix + field.apiName(), text)));
        return RateSet.of(values);
    }

    /**
     * The change a checked manual price makes to {@code existing} (null: the model is created).
     * INVALID_ARGUMENT when a new model has no provider or the start is not after the latest version.
     *
     * @param now the service clock's instant (microsecond ticks, PostgreSQL's resolution): the start
     *            of a price without {@code effective_time}
     */
    public static ModelUpdate apply(ManualPrice manual, Model existing, Instant now) {
        Instant from = manual.effectiveTime() == null ? now : manual.effectiveTime();
        if (existing == null) {
            if (manual.provider().isBlank()) {
                throw TallyException.invalid("provider", "is required to create model '" + manual.modelId() + "'");
            }
            String mode = manual.mode().isBlank() ? DEFAULT_MODE : manual.mode();
            ModelAttributes attributes =
                    new ModelAttributes(manual.provider(), mode, manual.aliases(), ModelOrigin.MANUAL, null, null);
            return new ModelUpdate(
                    manual.modelId(), true, attributes, true, manual.price(), PriceSource.MANUAL, from, null);
        }
        Instant latest = existing.latest().effectiveTime();
        if (!from.isAfter(latest)) {
            throw TallyException.invalid(
                    "effective_time",
                    "must be after the model's latest price version, which is effective from " + latest);
        }
        ModelAttributes old = existing.attributes();
        ModelAttributes attributes = new ModelAttributes(
                manual.provider().isBlank() ? old.provider() : manual.provider(),
                manual.mode().isBlank() ? old.mode() : manual.mode(),
                manual.aliases().isEmpty() ? old.aliases() : manual.aliases(),
                old.origin(),
                old.maxInputTokens(),
                old.maxOutputTokens());
        return new ModelUpdate(
                existing.id(), false, attributes, true, manual.price(), PriceSource.MANUAL, from, (UUID) null);
    }
}
