// Package benchref measures the SDK beside other Go clients and JSON
// decoders on the same page of 100 customers: an ogen-generated client
// (ogenapi, generated from the SDK's openapi.yml), a Stainless-generated
// SDK (anthropic-sdk-go, on a page of its own type of the same size),
// and bytedance/sonic and goccy/go-json as decode-only references. It is a
// module of its own so that the SDK's go.mod gains none of them; its only
// code is its benchmarks and the generated ogen client.
//
//	go test -run '^$' -bench . -benchmem          # times and bytes, from benchref/
//	CALLGRIND_PKG=./benchref scripts/callgrind .  # instructions, from the root
package benchref

//go:generate go run github.com/ogen-go/ogen/cmd/ogen@v1.24.0 --config ogen.yml --target ogenapi --package ogenapi --clean ../openapi.yml
