package avaraotel_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaraotel"
	"github.com/avara/avara-go/avaratest"
)

// A client whose every call is traced with the program's global provider
// and propagators, as a service sets them up once in main.
func ExampleWithTelemetry() {
	spans := tracetest.NewInMemoryExporter()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans)))
	otel.SetTextMapPropagator(propagation.TraceContext{})

	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	defer srv.Close()
	client := srv.Client(avaraotel.WithTelemetry())
	if _, err := client.Express.List(context.Background(), avara.ExpressListParams{}); err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range spans.GetSpans() {
		fmt.Println(s.Name, s.SpanKind)
	}
	fmt.Println(srv.Requests()[0].Header.Get("Traceparent") != "")
	// Output:
	// GET /v1/express client
	// Express.List internal
	// true
}
