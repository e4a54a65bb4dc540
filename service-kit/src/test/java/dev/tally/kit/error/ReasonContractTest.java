package dev.tally.kit.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.ErrorReason;
import dev.tally.support.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Reason} (declared for code that cannot see the contracts) is the contract's
 * {@code tally.common.v1.ErrorReason}, value for value, and each value carries the gRPC code the
 * contract's comment names for it ("// NOT_FOUND: the customer does not exist.").
 */
class ReasonContractTest {

    private static final Pattern VALUE =
            Pattern.compile("//\\s*([A-Z_]+):[^\\n]*\\n(?:\\s*//[^\\n]*\\n)*\\s*([A-Z_]+)\\s*=\\s*\\d+;");

    @Test
    void everyContractReasonIsDeclaredOnceAndNothingElse() {
        assertThat(Arrays.stream(Reason.values()).map(Reason::name))
                .containsExactlyElementsOf(Arrays.stream(ErrorReason.values())
                        .filter(r -> r != ErrorReason.ERROR_REASON_UNSPECIFIED && r != ErrorReason.UNRECOGNIZED)
                        .map(ErrorReason::name)
                        .toList());
    }

    @Test
    void everyReasonCarriesTheCodeTheContractNames() throws IOException {
        Map<String, String> documented = documentedCodes();
        assertThat(documented).hasSize(Reason.values().length);
        for (Reason reason : Reason.values()) {
            assertThat(reason.code().name()).as(reason.name()).isEqualTo(documented.get(reason.name()));
        }
    }

    /** Reason name to the code its comment in common.proto starts with. */
    private static Map<String, String> documentedCodes() throws IOException {
        String proto;
        try (InputStream in =
                ReasonContractTest.class.getClassLoader().getResourceAsStream("tally/common/v1/common.proto")) {
            assertThat(in).as("common.proto on the classpath (the proto jar)").isNotNull();
            proto = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String body = proto.substring(proto.indexOf("enum ErrorReason {"));
        body = body.substring(0, body.indexOf("\n}"));
        Map<String, String> codes = new LinkedHashMap<>();
        Matcher m = VALUE.matcher(body);
        while (m.find()) {
            codes.put(m.group(2), m.group(1));
        }
        return codes;
    }
}
