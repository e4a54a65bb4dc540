package tallyclient

import (
	"fmt"

	"google.golang.org/protobuf/proto"
)

// protoCodec encodes messages with google.golang.org/protobuf, which the stubs protoc-gen-go
// generates are made for. grpc-go 1.35 and later do this by default; older ones (Debian 12 ships
// 1.33 with github.com/golang/protobuf 1.3, used by build-offline) would not encode them.
type protoCodec struct{}

func (protoCodec) Name() string { return "proto" }

func (protoCodec) Marshal(v interface{}) ([]byte, error) {
	m, ok := v.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("not a protobuf message: %T", v)
	}
	return proto.Marshal(m)
}

func (protoCodec) Unmarshal(data []byte, v interface{}) error {
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("not a protobuf message: %T", v)
	}
	return proto.Unmarshal(data, m)
}
