package dev.tally.support.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class StatusMessagesTest {

    @Test
    void printableAsciiStaysPlainAsTheProtocolSays() {
        // the messages Node users read as "input_tokens%3A must be ..." and "2 invalid fields%3A [input_tokens%2C ...]"
        assertThat(StatusMessages.encode("input_tokens: must be at most 1000000000"))
                .isEqualTo("input_tokens: must be at most 1000000000");
        assertThat(StatusMessages.encode("2 invalid fields: [input_tokens, output_tokens]"))
                .isEqualTo("2 invalid fields: [input_tokens, output_tokens]");
        assertThat(StatusMessages.encode(" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~"))
                .isEqualTo(" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~");
    }

    @Test
    void percentControlAndNonAsciiBytesAreEscaped() {
        assertThat(StatusMessages.encode("100%")).isEqualTo("100%25");
        assertThat(StatusMessages.encode("a\tb\nc\u007f")).isEqualTo("a%09b%0Ac%7F");
        // é = C3 A9, € = E2 82 AC, 😀 = F0 9F 98 80 (UTF-8)
        assertThat(StatusMessages.encode("café 5 € 😀")).isEqualTo("caf%C3%A9 5 %E2%82%AC %F0%9F%98%80");
    }

    @Test
    void decodingIsTheInverseAndLenient() {
        String message = "naïve 100% sure: [a, b] ≤ 5 € 😀\n";
        assertThat(StatusMessages.decode(StatusMessages.encode(message))).isEqualTo(message);
        assertThat(StatusMessages.decode("50%")).isEqualTo("50%");
        assertThat(StatusMessages.decode("50%zz")).isEqualTo("50%zz");
        assertThat(StatusMessages.decode("%c3%a9")).isEqualTo("é");
    }

    @Test
    void theDescriptionMovesIntoTheTrailerAndOkStatusesAreLeftAlone() {
        Metadata trailers = new Metadata();
        trailers.put(StatusMessageInterceptor.MESSAGE, "stale");
        Status closed = StatusMessageInterceptor.withMessageInTrailers(
                Status.INVALID_ARGUMENT.withDescription("amount: must be > 0"), trailers);

        assertThat(closed.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(closed.getDescription()).isNull();
        assertThat(trailers.getAll(StatusMessageInterceptor.MESSAGE)).containsExactly("amount: must be > 0");
        assertThat(StatusMessageInterceptor.withMessageInTrailers(Status.OK, new Metadata()))
                .isSameAs(Status.OK);
    }
}
