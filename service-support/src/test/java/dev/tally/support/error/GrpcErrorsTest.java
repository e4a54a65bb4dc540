package dev.tally.support.error;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcErrorsTest {

    @Test
    void validationFailureCarriesEveryFieldViolation() throws Exception {
        Violations violations = new Violations()
                .add("amount.amount", "must be a positive decimal")
                .requireNonBlank("", "idempotency_key");

        StatusException se = GrpcErrors.toStatusException(TallyException.invalid(violations.list()));

        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        com.google.rpc.Status details = StatusProto.fromThrowable(se);
        assertThat(details.getDetails(0).unpack(ErrorInfo.class).getReason()).isEqualTo("VALIDATION_FAILED");
        assertThat(details.getDetails(1).unpack(BadRequest.class).getFieldViolationsList())
                .extracting(BadRequest.FieldViolation::getField)
                .containsExactly("amount.amount", "idempotency_key");
    }

    @Test
    void unexpectedFailureIsInternalWithoutClassNameOrMessage() {
        StatusException se = GrpcErrors.toStatusException(
                new CompletionException(new IllegalStateException("secret table tally_x broke")));

        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(se.getStatus().getDescription())
                .startsWith("internal error (ref ")
                .doesNotContain("IllegalStateException", "java.", "secret");
    }

    @Test
    void unreachableDependencyIsUnavailable() {
        StatusException se = GrpcErrors.toStatusException(new RuntimeException(new ConnectException("refused")));
        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void existingGrpcStatusPassesThrough() {
        StatusException se = GrpcErrors.toStatusException(Status.UNIMPLEMENTED.asRuntimeException());
        assertThat(se.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }
}
