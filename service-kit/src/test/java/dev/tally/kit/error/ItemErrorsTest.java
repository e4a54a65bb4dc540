package dev.tally.kit.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.v1.ItemError;
import dev.tally.support.error.GrpcErrors;
import dev.tally.support.error.Reason;
import dev.tally.support.error.TallyException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemErrorsTest {

    @Test
    void aBatchItemCarriesWhatTheUnaryErrorWould() {
        ItemError item = ItemErrors.of(
                new TallyException(Reason.MODEL_NOT_FOUND, "no model 'gpt-5o'", Map.of("suggestions", "gpt-5,gpt-4o")));

        assertThat(item.getCode()).isEqualTo(Status.Code.NOT_FOUND.value());
        assertThat(item.getReason()).isEqualTo("MODEL_NOT_FOUND");
        assertThat(item.getMessage()).isEqualTo("no model 'gpt-5o'");
        assertThat(item.getMetadataMap()).containsExactly(Map.entry("suggestions", "gpt-5,gpt-4o"));
        assertThat(item.hasRetryDelay()).isFalse();
    }

    @Test
    void badInputNamesEachField() {
        ItemError item = ItemErrors.of(TallyException.invalid("amount.amount", "must be greater than 0"));

        assertThat(item.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
        assertThat(item.getReason()).isEqualTo("VALIDATION_FAILED");
        assertThat(item.getFieldViolationsList()).singleElement().satisfies(v -> {
            assertThat(v.getField()).isEqualTo("amount.amount");
            assertThat(v.getDescription()).isEqualTo("must be greater than 0");
        });
    }

    @Test
    void unavailableCarriesTheRetryDelayAsTheUnaryAnswer() {
        ItemError item = ItemErrors.of(TallyException.unavailable("the wallet is down"));
        StatusException unary = GrpcErrors.toStatusException(TallyException.unavailable("the wallet is down"));
        com.google.rpc.RetryInfo retry = StatusProto.fromThrowable(unary).getDetailsList().stream()
                .filter(d -> d.is(com.google.rpc.RetryInfo.class))
                .findFirst()
                .map(d -> {
                    try {
                        return d.unpack(com.google.rpc.RetryInfo.class);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                    }
                })
                .orElseThrow();

        assertThat(item.getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
        assertThat(item.getReason()).isEqualTo("DEPENDENCY_UNAVAILABLE");
        assertThat(item.getRetryDelay()).isEqualTo(retry.getRetryDelay());
        assertThat(item.getRetryDelay().getSeconds()).isEqualTo(GrpcErrors.RETRY_DELAY_SECONDS);
    }

    @Test
    void anUnexpectedFailureIsInternalWithAReferenceAndNoClassName() {
        ItemError item = ItemErrors.of(new NullPointerException("x"));

        assertThat(item.getCode()).isEqualTo(Status.Code.INTERNAL.value());
        assertThat(item.getReason()).isEqualTo("INTERNAL_ERROR");
        assertThat(item.getMessage()).startsWith("internal error (ref ").doesNotContain("NullPointer");
    }

    @Test
    void aStatusFromAnotherTallyServiceKeepsItsDetails() {
        StatusException downstream =
                GrpcErrors.toStatusException(TallyException.invalid("items[2].amount", "must be set"));
        ItemError item = ItemErrors.of(downstream);

        assertThat(item.getCode()).isEqualTo(3);
        assertThat(item.getReason()).isEqualTo("VALIDATION_FAILED");
        assertThat(item.getFieldViolationsList()).extracting(v -> v.getField()).containsExactly("items[2].amount");
    }
}
