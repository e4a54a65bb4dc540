package dev.tally.wallet.store;

import dev.tally.shared.money.Money;
import dev.tally.wallet.domain.ShortfallTimes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ShortfallTimes} as the JSON of {@code balance.shortfall_times} (format in migration V2):
 * instants as ISO-8601 strings (PostgreSQL writes them with an offset, Java with Z: both read),
 * amounts as plain decimal strings.
 */
final class ShortfallTimesJson {

    private ShortfallTimesJson() {}

    static String write(ShortfallTimes times) {
        JsonArray windows = new JsonArray();
        times.windows()
                .forEach(w -> windows.add(new JsonArray()
                        .add(w.effective().toString())
                        .add(w.expire().toString())));
        JsonArray buckets = new JsonArray();
        times.buckets()
                .forEach(b -> buckets.add(new JsonArray()
                        .add(b.first().toString())
                        .add(b.last().toString())
                        .add(Money.plain(b.outstanding()))));
        return new JsonObject()
                .put(
                        "p",
                        times.perpetualSince() == null
                                ? null
                                : times.perpetualSince().toString())
                .put("w", windows)
                .put("b", buckets)
                .encode();
    }

    static ShortfallTimes read(Object value) {
        if (value == null) {
            return ShortfallTimes.NONE;
        }
        JsonObject json = value instanceof JsonObject object ? object : new JsonObject(value.toString());
        List<ShortfallTimes.Window> windows = new ArrayList<>();
        JsonArray w = json.getJsonArray("w", new JsonArray());
        for (int i = 0; i < w.size(); i++) {
            JsonArray window = w.getJsonArray(i);
            windows.add(new ShortfallTimes.Window(instant(window.getValue(0)), instant(window.getValue(1))));
        }
        List<ShortfallTimes.Bucket> buckets = new ArrayList<>();
        JsonArray b = json.getJsonArray("b", new JsonArray());
        for (int i = 0; i < b.size(); i++) {
            JsonArray bucket = b.getJsonArray(i);
            buckets.add(new ShortfallTimes.Bucket(
                    instant(bucket.getValue(0)),
                    instant(bucket.getValue(1)),
                    new BigDecimal(bucket.getValue(2).toString())));
        }
        return new ShortfallTimes(instant(json.getValue("p")), windows, buckets);
    }

    private static Instant instant(Object value) {
        return value == null ? null : OffsetDateTime.parse(value.toString()).toInstant();
    }
}
