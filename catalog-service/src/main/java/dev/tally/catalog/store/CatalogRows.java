package dev.tally.catalog.store;

import dev.tally.pricing.LongContextTier;
import dev.tally.pricing.Model;
import dev.tally.pricing.ModelAttributes;
import dev.tally.pricing.ModelOrigin;
import dev.tally.pricing.PriceSource;
import dev.tally.pricing.PriceSpec;
import dev.tally.pricing.PriceVersion;
import dev.tally.pricing.RateField;
import dev.tally.pricing.RateSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Assembles models from their model, price_version and price_rate rows. */
final class CatalogRows {

    static final String MODEL_COLUMNS =
            "m.id, m.provider, m.mode, m.aliases, m.active, m.origin, m.max_input_tokens, m.max_output_tokens, "
                    + "m.created_at, m.updated_at, m.revision";
    static final String VERSION_COLUMNS =
            "v.id, v.model_id, v.effective_from, v.effective_to, v.source, v.currency_code, v.cost_per_request, "
                    + "v.sync_run_id, v.created_at";
    static final String RATE_COLUMNS = "r.price_version_id, r.threshold_tokens, "
            + String.join(
                    ", ",
                    Arrays.stream(RateField.values())
                            .map(f -> "r." + f.apiName())
                            .toList());

    private CatalogRows() {}

    /** Models from the three result sets (versions ordered by effective_from, rates by threshold). */
    static List<Model> models(RowSet<Row> modelRows, RowSet<Row> versionRows, RowSet<Row> rateRows) {
        Map<UUID, List<Row>> ratesByVersion = new HashMap<>();
        for (Row rate : rateRows) {
            ratesByVersion
                    .computeIfAbsent(rate.getUUID("price_version_id"), id -> new ArrayList<>())
                    .add(rate);
        }
        Map<String, List<PriceVersion>> versionsByModel = new HashMap<>();
        for (Row v : versionRows) {
            PriceVersion version = version(v, ratesByVersion.getOrDefault(v.getUUID("id"), List.of()));
            versionsByModel
                    .computeIfAbsent(version.modelId(), id -> new ArrayList<>())
                    .add(version);
        }
        List<Model> models = new ArrayList<>();
        for (Row m : modelRows) {
            String id = m.getString("id");
            ModelAttributes attributes = new ModelAttributes(
                    m.getString("provider"),
                    m.getString("mode"),
                    List.of(m.getArrayOfStrings("aliases")),
                    ModelOrigin.valueOf(m.getString("origin")),
                    m.getLong("max_input_tokens"),
                    m.getLong("max_output_tokens"));
            models.add(new Model(
                    id,
                    attributes,
                    m.getBoolean("active"),
                    Sql.instant(m, "created_at"),
                    Sql.instant(m, "updated_at"),
                    m.getLong("revision"),
                    versionsByModel.getOrDefault(id, List.of())));
        }
        return models;
    }

    private static PriceVersion version(Row v, List<Row> rates) {
        RateSet base = RateSet.EMPTY;
        List<LongContextTier> tiers = new ArrayList<>();
        for (Row rate : rates) {
            long threshold = rate.getLong("threshold_tokens");
            if (threshold == 0) {
                base = rateSet(rate);
            } else {
                tiers.add(new LongContextTier(threshold, rateSet(rate)));
            }
        }
        PriceSpec price = new PriceSpec(v.getString("currency_code"), base, v.getBigDecimal("cost_per_request"), tiers);
        return new PriceVersion(
                v.getUUID("id"),
                v.getString("model_id"),
                Sql.instant(v, "effective_from"),
                Sql.instant(v, "effective_to"),
                PriceSource.valueOf(v.getString("source")),
                price,
                v.getUUID("sync_run_id"),
                Sql.instant(v, "created_at"));
    }

    private static RateSet rateSet(Row row) {
        Map<RateField, BigDecimal> values = new EnumMap<>(RateField.class);
        for (RateField field : RateField.values()) {
            values.put(field, row.getBigDecimal(field.apiName()));
        }
        return RateSet.of(values);
    }
}
