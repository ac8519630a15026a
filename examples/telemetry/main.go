// Telemetry runs a few calls against the embedded fake Avara server with
// OpenTelemetry tracing and metrics (the avaraotel module), and prints each
// span as it ends, one line each, then the metrics: a call that succeeds, one
// the fake fails twice with a 503 before it succeeds, a walk of two pages,
// and a 404.
//
//	go run .        # from examples/telemetry, a module of its own
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"sort"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaraotel"
	"github.com/avara/avara-go/avaratest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	err := run(ctx, os.Stdout)
	cancel()
	if err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, w io.Writer) error {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(lineExporter{w}))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	}()

	srv := avaratest.NewServer(avaratest.WithSeedCount(3))
	defer srv.Close()
	fmt.Fprintf(w, "The embedded fake Avara server is at %s; each span is printed as it ends.\n", srv.URL)
	client := srv.Client(avaraotel.WithTelemetry(avaraotel.WithTracerProvider(tp), avaraotel.WithMeterProvider(mp),
		avaraotel.WithPropagators(propagation.TraceContext{})))

	fmt.Fprintln(w, "\n1. Create a customer")
	c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center - Radiology"})
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "\n2. Get it, the fake answering 503 twice first")
	srv.InjectFault(avaratest.Fault{Method: "GET", Status: 503, Times: 2})
	if _, err := client.Express.Get(ctx, c.ExpressCustomerID); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n3. Walk every customer, 2 per page")
	for _, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(2)}).All() {
		if err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "\n4. Get a customer that does not exist")
	if _, err := client.Express.Get(ctx, "cus_00000000000000000000000000000000"); !errors.Is(err, avara.ErrNotFound) {
		return fmt.Errorf("want a 404, got %v", err)
	}

	fmt.Fprintln(w, "\nMetrics:")
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		return err
	}
	printMetrics(w, rm)
	fmt.Fprintf(w, "\nThe fake received %d requests, each with a traceparent header such as %s\n",
		len(srv.Requests()), srv.Requests()[0].Header.Get("Traceparent"))
	return nil
}

// lineExporter prints each span on one line: attempts indented under their
// call, with their attributes and events.
type lineExporter struct{ w io.Writer }

func (e lineExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	for _, s := range spans {
		indent := "   "
		if s.SpanKind() == trace.SpanKindClient {
			indent = "      " // an attempt, under the call it ends before
		}
		fmt.Fprintf(e.w, "%s%s [%s] %s", indent, s.Name(), s.SpanKind(), attrs(s.Attributes()))
		if s.Status().Code == codes.Error {
			fmt.Fprintf(e.w, " status=Error(%s)", s.Status().Description)
		}
		for _, ev := range s.Events() {
			fmt.Fprintf(e.w, " event=%s%s", ev.Name, attrs(ev.Attributes))
		}
		fmt.Fprintln(e.w)
	}
	return nil
}

func (lineExporter) Shutdown(context.Context) error { return nil }

func attrs(kvs []attribute.KeyValue) string {
	parts := make([]string, 0, len(kvs))
	for _, kv := range kvs {
		parts = append(parts, fmt.Sprintf("%s=%s", kv.Key, kv.Value.String()))
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// printMetrics prints each data point: its attributes and its count (a
// histogram's) or value (a counter's).
func printMetrics(w io.Writer, rm metricdata.ResourceMetrics) {
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			var lines []string
			switch data := m.Data.(type) {
			case metricdata.Histogram[float64]:
				for _, p := range data.DataPoints {
					lines = append(lines, fmt.Sprintf("      %s count=%d", attrs(p.Attributes.ToSlice()), p.Count))
				}
			case metricdata.Sum[int64]:
				for _, p := range data.DataPoints {
					lines = append(lines, fmt.Sprintf("      %s value=%d", attrs(p.Attributes.ToSlice()), p.Value))
				}
			}
			sort.Strings(lines)
			fmt.Fprintf(w, "   %s (%s)\n%s\n", m.Name, m.Unit, strings.Join(lines, "\n"))
		}
	}
}
