module github.com/tally-dev/tally/examples/go

go 1.19

// The generated contracts: `buf generate` (or protoc, see the repository README, "Generating a
// client") writes them into ../../gen/go, a module of its own. Then `go mod tidy` adds grpc,
// protobuf and genproto's errdetails from your module proxy.
replace github.com/tally-dev/tally/gen/go => ../../gen/go
