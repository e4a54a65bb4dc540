package dev.tally.support.idempotency;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import dev.tally.shared.money.Money;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The SHA-256 of what a request asks, by value, so "same key, same request" is decided without
 * storing the request: decimals count by value ({@code 1.50} equals {@code 1.5}), map order does
 * not count, list order does, every value carries its type (the string {@code "5"} is not the
 * number 5) and its length (no two different sequences encode alike). Deterministic across JVMs,
 * replicas and versions of this code as long as the encoding below is kept.
 * <ul>
 * <li>{@link #of(Object...)} hashes domain values (after validation): {@code String}, {@code BigDecimal},
 * {@link Money}, integers, {@code Boolean}, enums (by name), {@code Instant}, {@code UUID},
 * {@code byte[]}, {@code Map}, {@code Collection}, protobuf {@code Message}s and null. Any other type
 * is refused, so a record's {@code toString} can never slip into a hash.</li>
 * <li>{@link #ofRequest} hashes a protobuf request without its top-level {@code idempotency_key}
 * field: fields in number order, unset fields absent (proto3: a default value is unset), unknown
 * fields ignored, enums by number, maps sorted by key; the {@code amount} of every
 * {@code tally.common.v1.Money} and every field named in {@code decimalFields} hash by decimal value
 * when they hold valid decimal text.</li>
 * </ul>
 */
public final class PayloadHash {

    /** The field every mutating request carries; never part of its payload. */
    public static final String IDEMPOTENCY_KEY_FIELD = "idempotency_key";

    private static final String MONEY_TYPE = "tally.common.v1.Money";
    private static final String MONEY_AMOUNT = "amount";

    private PayloadHash() {}

    /** The hash of domain values, in order. */
    public static byte[] of(Object... parts) {
        Encoder out = new Encoder(Set.of());
        out.list(Arrays.asList(parts));
        return sha256(out.bytes());
    }

    /**
     * The hash of a request without its {@code idempotency_key}.
     *
     * @param decimalFields names of string fields (anywhere in the request) that hold decimals, e.g.
     *                      {@code "margin"}, {@code "input_cost_per_token"}
     */
    public static byte[] ofRequest(Message request, String... decimalFields) {
        Encoder out = new Encoder(Set.of(decimalFields));
        out.message(request, true);
        return sha256(out.bytes());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The canonical encoding: a type tag, then the value; variable-length values length-prefixed. */
    private static final class Encoder {

        private final Set<String> decimalFields;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(buffer);

        Encoder(Set<String> decimalFields) {
            this.decimalFields = decimalFields;
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }

        void value(Object value) {
            try {
                write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void write(Object value) throws IOException {
            if (value == null) {
                out.writeByte('N');
            } else if (value instanceof CharSequence text) {
                text('S', text.toString());
            } else if (value instanceof BigDecimal decimal) {
                text('D', Money.plain(decimal));
            } else if (value instanceof Money money) {
                text('M', money.amountText());
                text('S', money.currency());
            } else if (value instanceof Long
                    || value instanceof Integer
                    || value instanceof Short
                    || value instanceof Byte) {
                out.writeByte('I');
                out.writeLong(((Number) value).longValue());
            } else if (value instanceof BigInteger integer) {
                text('D', integer.toString());
            } else if (value instanceof Boolean bool) {
                out.writeByte('B');
                out.writeBoolean(bool);
            } else if (value instanceof Enum<?> constant) {
                text('E', constant.name());
            } else if (value instanceof Instant instant) {
                out.writeByte('T');
                out.writeLong(instant.getEpochSecond());
                out.writeInt(instant.getNano());
            } else if (value instanceof UUID uuid) {
                out.writeByte('U');
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            } else if (value instanceof byte[] bytes) {
                bytes('Y', bytes);
            } else if (value instanceof ByteString bytes) {
                bytes('Y', bytes.toByteArray());
            } else if (value instanceof Map<?, ?> map) {
                map(
                        map.entrySet().stream()
                                .map(e -> new Object[] {e.getKey(), e.getValue()})
                                .toList(),
                        false);
            } else if (value instanceof Collection<?> items) {
                list(items);
            } else if (value instanceof Message message) {
                message(message, false);
            } else {
                throw new IllegalArgumentException(
                        "no canonical form for " + value.getClass().getSimpleName() + "; pass its fields");
            }
        }

        void list(Collection<?> items) {
            try {
                out.writeByte('L');
                out.writeInt(items.size());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            items.forEach(this::value);
        }

        /** Entries (key, value) sorted by the encoding of their key, so the order given does not count. */
        private void map(List<Object[]> entries, boolean protoField) throws IOException {
            List<byte[][]> encoded = new ArrayList<>();
            for (Object[] entry : entries) {
                encoded.add(new byte[][] {sub(entry[0]), sub(entry[1])});
            }
            encoded.sort(Comparator.comparing((byte[][] e) -> e[0], Arrays::compareUnsigned));
            out.writeByte(protoField ? 'Q' : 'P');
            out.writeInt(encoded.size());
            for (byte[][] e : encoded) {
                out.write(e[0]);
                out.write(e[1]);
            }
        }

        private byte[] sub(Object value) {
            Encoder inner = new Encoder(decimalFields);
            inner.value(value);
            return inner.bytes();
        }

        void message(Message message, boolean topLevel) {
            try {
                text('G', message.getDescriptorForType().getFullName());
                boolean money = MONEY_TYPE.equals(message.getDescriptorForType().getFullName());
                Map<FieldDescriptor, Object> fields = message.getAllFields();
                int count = 0;
                for (FieldDescriptor field : fields.keySet()) {
                    count += topLevel && IDEMPOTENCY_KEY_FIELD.equals(field.getName()) ? 0 : 1;
                }
                out.writeInt(count);
                for (Map.Entry<FieldDescriptor, Object> entry : fields.entrySet()) {
                    FieldDescriptor field = entry.getKey();
                    if (topLevel && IDEMPOTENCY_KEY_FIELD.equals(field.getName())) {
                        continue;
                    }
                    out.writeInt(field.getNumber());
                    boolean decimal =
                            money && MONEY_AMOUNT.equals(field.getName()) || decimalFields.contains(field.getName());
                    if (field.isMapField()) {
                        List<Object[]> entries = new ArrayList<>();
                        for (Object item : (List<?>) entry.getValue()) {
                            entries.add(mapEntry(item));
                        }
                        map(entries, true);
                    } else if (field.isRepeated()) {
                        List<?> items = (List<?>) entry.getValue();
                        out.writeByte('L');
                        out.writeInt(items.size());
                        for (Object item : items) {
                            field(field, item, decimal);
                        }
                    } else {
                        field(field, entry.getValue(), decimal);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Object[] mapEntry(Object item) {
            if (item instanceof MapEntry<?, ?> entry) {
                return new Object[] {fieldValue(entry.getKey()), fieldValue(entry.getValue())};
            }
            Message entry = (Message) item;
            FieldDescriptor key = entry.getDescriptorForType().findFieldByNumber(1);
            FieldDescriptor value = entry.getDescriptorForType().findFieldByNumber(2);
            return new Object[] {fieldValue(entry.getField(key)), fieldValue(entry.getField(value))};
        }

        /** A map key or value as {@link #write} encodes it (enums by number, like every proto enum here). */
        private static Object fieldValue(Object value) {
            if (value instanceof com.google.protobuf.ProtocolMessageEnum constant) {
                return (long) constant.getNumber();
            }
            if (value instanceof com.google.protobuf.Descriptors.EnumValueDescriptor constant) {
                return (long) constant.getNumber();
            }
            return value;
        }

        private void field(FieldDescriptor field, Object value, boolean decimal) throws IOException {
            switch (field.getJavaType()) {
                case INT, LONG -> {
                    out.writeByte('I');
                    out.writeLong(((Number) value).longValue());
                }
                case FLOAT, DOUBLE -> {
                    out.writeByte('F');
                    out.writeLong(Double.doubleToLongBits(((Number) value).doubleValue()));
                }
                case BOOLEAN -> {
                    out.writeByte('B');
                    out.writeBoolean((Boolean) value);
                }
                case STRING -> {
                    String text = (String) value;
                    if (decimal && Money.isDecimal(text)) {
                        text('D', Money.plain(new BigDecimal(text)));
                    } else {
                        text('S', text);
                    }
                }
                case BYTE_STRING -> bytes('Y', ((ByteString) value).toByteArray());
                case ENUM -> {
                    out.writeByte('E');
                    out.writeInt(((com.google.protobuf.Descriptors.EnumValueDescriptor) value).getNumber());
                }
                case MESSAGE -> message((Message) value, false);
            }
        }

        private void text(int tag, String text) throws IOException {
            bytes(tag, text.getBytes(StandardCharsets.UTF_8));
        }

        private void bytes(int tag, byte[] bytes) throws IOException {
            out.writeByte(tag);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }
}
