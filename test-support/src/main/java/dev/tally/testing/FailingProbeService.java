package dev.tally.testing;

import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import io.quarkus.grpc.GrpcService;

/**
 * A gRPC service present only in tests (this module is a test dependency): it fails the way a
 * bug would, with an unexpected exception whose message names internals, so tests can prove
 * what the service's real error handling tells a client.
 */
@GrpcService
public class FailingProbeService extends SimpleServiceGrpc.SimpleServiceImplBase {

    public static final String SECRET = "relation tally_internal_x does not exist";

    @Override
    public void unaryRpc(SimpleRequest request, StreamObserver<SimpleResponse> responseObserver) {
        throw new IllegalStateException(SECRET);
    }
}
