package dev.tally.wallet.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service as the benchmarks run it: gRPC connections are never aged out, since a benchmark on
 * a busy machine may run longer than the maximum connection age and its long-lived channels must
 * not lose calls to a GOAWAY.
 */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tally.grpc.server.max-connection-age", "off");
    }
}
