package dev.tally.support.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import dev.tally.shared.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PayloadHashTest {

    /** A request shaped like the contract's: customer_id, Money amount, idempotency_key, metadata map, margin. */
    private static final Descriptors.Descriptor REQUEST = requestType();

    @Test
    void domainValuesHashByValue() {
        // 1.50 and 1.5 are the same amount; maps count by content, not order
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new TreeMap<>(java.util.Comparator.reverseOrder());
        ba.putAll(ab);
        assertThat(PayloadHash.of("Debit", new BigDecimal("1.50"), ab))
                .isEqualTo(PayloadHash.of("Debit", new BigDecimal("1.5"), ba));
        assertThat(PayloadHash.of(Money.of("1.50", "USD"))).isEqualTo(PayloadHash.of(Money.of("1.5", "USD")));
        assertThat(PayloadHash.of(Money.of("1.5", "USD"))).isNotEqualTo(PayloadHash.of(Money.of("1.5", "EUR")));
    }

    @Test
    void typesAndBoundariesCount() {
        // the text "5" is not the number 5; ("ab", "c") is not ("a", "bc"); null is not ""
        assertThat(PayloadHash.of("5")).isNotEqualTo(PayloadHash.of(5L));
        assertThat(PayloadHash.of("ab", "c")).isNotEqualTo(PayloadHash.of("a", "bc"));
        assertThat(PayloadHash.of((Object) null)).isNotEqualTo(PayloadHash.of(""));
        assertThat(PayloadHash.of(List.of("a", "b"))).isNotEqualTo(PayloadHash.of(List.of("b", "a")));
        assertThat(PayloadHash.of(Instant.parse("2026-01-01T00:00:00Z"), 5, true))
                .hasSize(32)
                .isEqualTo(PayloadHash.of(Instant.parse("2026-01-01T00:00:00Z"), 5L, true));
        assertThatThrownBy(() -> PayloadHash.of(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestHashIgnoresTheKeyAndMapOrderAndTrailingZeros() {
        Message first = request("cust-1", "1.50", "key-1", "0.20", "region", "eu", "tier", "pro");
        Message retry = request("cust-1", "1.5", "key-2", "0.2", "tier", "pro", "region", "eu");
        assertThat(PayloadHash.ofRequest(first, "margin")).isEqualTo(PayloadHash.ofRequest(retry, "margin"));
        // without naming margin as a decimal, "0.20" and "0.2" are different text
        assertThat(PayloadHash.ofRequest(first)).isNotEqualTo(PayloadHash.ofRequest(retry));
    }

    @Test
    void requestHashSeesEveryOtherField() {
        byte[] base = PayloadHash.ofRequest(request("cust-1", "1.5", "k", "", "region", "eu"));
        assertThat(PayloadHash.ofRequest(request("cust-2", "1.5", "k", "", "region", "eu")))
                .isNotEqualTo(base);
        assertThat(PayloadHash.ofRequest(request("cust-1", "1.51", "k", "", "region", "eu")))
                .isNotEqualTo(base);
        assertThat(PayloadHash.ofRequest(request("cust-1", "1.5", "k", "", "region", "us")))
                .isNotEqualTo(base);
        assertThat(PayloadHash.ofRequest(request("cust-1", "1.5", "k", ""))).isNotEqualTo(base);
        // deterministic: the same request hashes alike every time
        assertThat(PayloadHash.ofRequest(request("cust-1", "1.5", "other-key", "", "region", "eu")))
                .isEqualTo(base);
    }

    private static Message request(String customer, String amount, String key, String margin, String... metadata) {
        Descriptors.Descriptor money = REQUEST.getFile().findMessageTypeByName("Money");
        DynamicMessage.Builder request = DynamicMessage.newBuilder(REQUEST)
                .setField(REQUEST.findFieldByName("customer_id"), customer)
                .setField(
                        REQUEST.findFieldByName("amount"),
                        DynamicMessage.newBuilder(money)
                                .setField(money.findFieldByName("amount"), amount)
                                .setField(money.findFieldByName("currency_code"), "USD")
                                .build())
                .setField(REQUEST.findFieldByName("idempotency_key"), key);
        if (!margin.isEmpty()) {
            request.setField(REQUEST.findFieldByName("margin"), margin);
        }
        Descriptors.Descriptor entry = REQUEST.findNestedTypeByName("MetadataEntry");
        for (int i = 0; i < metadata.length; i += 2) {
            request.addRepeatedField(
                    REQUEST.findFieldByName("metadata"),
                    DynamicMessage.newBuilder(entry)
                            .setField(entry.findFieldByName("key"), metadata[i])
                            .setField(entry.findFieldByName("value"), metadata[i + 1])
                            .build());
        }
        return request.build();
    }

    private static Descriptors.Descriptor requestType() {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("tally/test/v1/test.proto")
                .setPackage("tally.common.v1")
                .setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Money")
                        .addField(scalar("amount", 1))
                        .addField(scalar("currency_code", 2)))
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("DebitRequest")
                        .addField(scalar("customer_id", 1))
                        .addField(FieldDescriptorProto.newBuilder()
                                .setName("amount")
                                .setNumber(2)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(".tally.common.v1.Money"))
                        .addField(scalar("idempotency_key", 3))
                        .addField(FieldDescriptorProto.newBuilder()
                                .setName("metadata")
                                .setNumber(4)
                                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(".tally.common.v1.DebitRequest.MetadataEntry"))
                        .addField(scalar("margin", 5))
                        .addNestedType(DescriptorProto.newBuilder()
                                .setName("MetadataEntry")
                                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                                .addField(scalar("key", 1))
                                .addField(scalar("value", 2))))
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
                    .findMessageTypeByName("DebitRequest");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto.Builder scalar(String name, int number) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(FieldDescriptorProto.Type.TYPE_STRING);
    }
}
