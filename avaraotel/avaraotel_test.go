package avaraotel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaraotel"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
)

// sentinelKey is the fake's API key in these tests: it must appear in no
// exported span or metric.
const sentinelKey = "sk-test-SENTINEL-4f1c9e"

// harness is a fake with a client whose telemetry goes to an in-memory
// span exporter and a manual metric reader.
type harness struct {
	srv    *avaratest.Server
	client *avara.Client
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	id     string // a seeded customer's
}

// newHarness starts a fake holding seed customers, with a client whose
// telemetry uses the harness's providers and the W3C trace context
// propagator, and opts after that.
func newHarness(t *testing.T, seed int, opts ...option.RequestOption) *harness {
	t.Helper()
	h := &harness{spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader()}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(h.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(h.reader))
	t.Cleanup(func() {
		_ = tp.Shutdown(context.Background())
		_ = mp.Shutdown(context.Background())
	})
	h.srv = avaratest.NewServer(avaratest.WithAPIKey(sentinelKey), avaratest.WithSeedCount(seed))
	t.Cleanup(h.srv.Close)
	if seed > 0 {
		h.id = h.srv.Customers()[0].ID
	}
	telemetry := avaraotel.WithTelemetry(avaraotel.WithTracerProvider(tp), avaraotel.WithMeterProvider(mp),
		avaraotel.WithPropagators(propagation.TraceContext{}))
	h.client = h.srv.Client(append([]option.RequestOption{telemetry}, opts...)...)
	return h
}

// ended are the spans ended so far, in the order they ended.
func (h *harness) ended() tracetest.SpanStubs { return h.spans.GetSpans() }

func (h *harness) metrics(t *testing.T) metricdata.ResourceMetrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, h.reader.Collect(context.Background(), &rm))
	return rm
}

// attrs is a span's attributes as a map, for comparisons.
func attrs(kvs []attribute.KeyValue) map[string]any {
	m := map[string]any{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.AsInterface()
	}
	return m
}

// split returns the call spans and the attempt spans, in the order they
// ended.
func split(spans tracetest.SpanStubs) (calls, attempts tracetest.SpanStubs) {
	for _, s := range spans {
		if s.SpanKind == trace.SpanKindClient {
			attempts = append(attempts, s)
		} else {
			calls = append(calls, s)
		}
	}
	return calls, attempts
}

func TestACallThatSucceedsAtOnce(t *testing.T) {
	h := newHarness(t, 1)
	_, err := h.client.Express.Get(context.Background(), h.id)
	require.NoError(t, err)

	calls, attempts := split(h.ended())
	require.Len(t, calls, 1)
	require.Len(t, attempts, 1)
	call, attempt := calls[0], attempts[0]
	assert.Equal(t, "Express.Get", call.Name)
	assert.Equal(t, trace.SpanKindInternal, call.SpanKind)
	assert.Equal(t, map[string]any{"avara.method": "Express.Get", "avara.attempts": int64(1)}, attrs(call.Attributes))
	assert.Equal(t, codes.Unset, call.Status.Code)
	assert.Empty(t, call.Events)

	assert.Equal(t, "GET /v1/express/{expressCustomerId}", attempt.Name)
	assert.Equal(t, call.SpanContext.SpanID(), attempt.Parent.SpanID(), "the attempt is the call's child")
	assert.Equal(t, call.SpanContext.TraceID(), attempt.SpanContext.TraceID())
	host, port := hostPort(t, h.srv.URL)
	assert.Equal(t, map[string]any{
		"http.request.method":       "GET",
		"url.full":                  h.srv.URL + "/v1/express/" + h.id,
		"url.template":              "/v1/express/{expressCustomerId}",
		"server.address":            host,
		"server.port":               port,
		"http.response.status_code": int64(200),
	}, attrs(attempt.Attributes))
	assert.Equal(t, codes.Unset, attempt.Status.Code)

	// The attempt's trace context is what the fake received.
	reqs := h.srv.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, fmt.Sprintf("00-%s-%s-01", attempt.SpanContext.TraceID(), attempt.SpanContext.SpanID()),
		reqs[0].Header.Get("Traceparent"))
}

func TestACallRetriedTwice(t *testing.T) {
	h := newHarness(t, 1)
	h.srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable, Times: 2})
	_, err := h.client.Express.Get(context.Background(), h.id)
	require.NoError(t, err)

	calls, attempts := split(h.ended())
	require.Len(t, calls, 1)
	require.Len(t, attempts, 3, "three attempts under one call")
	call := calls[0]
	assert.Equal(t, int64(3), attrs(call.Attributes)["avara.attempts"])
	for i, a := range attempts {
		assert.Equal(t, call.SpanContext.SpanID(), a.Parent.SpanID())
		got := attrs(a.Attributes)
		if i == 0 {
			assert.NotContains(t, got, "http.request.resend_count", "the first attempt is no resend")
		} else {
			assert.Equal(t, int64(i), got["http.request.resend_count"])
		}
		if i < 2 {
			assert.Equal(t, int64(503), got["http.response.status_code"])
			assert.Equal(t, "503", got["error.type"])
			assert.Equal(t, codes.Error, a.Status.Code)
		} else {
			assert.Equal(t, int64(200), got["http.response.status_code"])
			assert.NotContains(t, got, "error.type")
		}
	}
	require.Len(t, call.Events, 2, "two waits")
	for i, e := range call.Events {
		assert.Equal(t, "avara.retry", e.Name)
		got := attrs(e.Attributes)
		assert.Equal(t, int64(i), got["avara.retry.attempt"])
		assert.Greater(t, got["avara.retry.wait_seconds"], 0.0)
	}
	// Each attempt carried its own span's context.
	reqs := h.srv.Requests()
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		assert.Contains(t, r.Header.Get("Traceparent"), attempts[i].SpanContext.SpanID().String())
	}

	rm := h.metrics(t)
	assert.Equal(t, map[string]int64{"Express.Get granted": 2}, retries(rm))
	assert.Equal(t, map[string]uint64{"GET 503 503": 2, "GET 200 ": 1}, attemptCounts(rm))
	assert.Equal(t, map[string]uint64{"Express.Get success ": 1}, callCounts(rm))
}

func TestA404(t *testing.T) {
	h := newHarness(t, 0)
	_, err := h.client.Express.Get(context.Background(), "cus_00000000000000000000000000000000")
	require.ErrorIs(t, err, avara.ErrNotFound)

	calls, attempts := split(h.ended())
	require.Len(t, calls, 1)
	require.Len(t, attempts, 1)
	got := attrs(attempts[0].Attributes)
	assert.Equal(t, int64(404), got["http.response.status_code"])
	assert.Equal(t, "404", got["error.type"])
	assert.Equal(t, codes.Error, attempts[0].Status.Code)
	assert.Equal(t, codes.Error, calls[0].Status.Code)
	assert.Equal(t, "404", calls[0].Status.Description)
	assert.Equal(t, "404", attrs(calls[0].Attributes)["error.type"])
	assert.Equal(t, map[string]uint64{"Express.Get error 404": 1}, callCounts(h.metrics(t)))
}

func TestACancelledContext(t *testing.T) {
	h := newHarness(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.client.Express.Get(ctx, h.id)
	require.ErrorIs(t, err, context.Canceled)

	calls, attempts := split(h.ended())
	require.Len(t, calls, 1)
	require.Len(t, attempts, 1)
	assert.Equal(t, "canceled", attrs(attempts[0].Attributes)["error.type"])
	assert.NotContains(t, attrs(attempts[0].Attributes), "http.response.status_code", "nothing was answered")
	assert.Equal(t, codes.Error, calls[0].Status.Code)
	assert.Equal(t, "canceled", attrs(calls[0].Attributes)["error.type"])
	assert.Equal(t, map[string]uint64{"Express.Get error canceled": 1}, callCounts(h.metrics(t)))
}

func TestARetryTheBudgetRefuses(t *testing.T) {
	h := newHarness(t, 1, option.WithRetryBudget(0, 0))
	h.srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable})
	_, err := h.client.Express.Get(context.Background(), h.id)
	require.ErrorIs(t, err, avara.ErrRetryBudgetExhausted)

	calls, _ := split(h.ended())
	require.Len(t, calls, 1)
	require.Len(t, calls[0].Events, 1)
	assert.Equal(t, "avara.retry.refused", calls[0].Events[0].Name)
	assert.Equal(t, map[string]int64{"Express.Get refused": 1}, retries(h.metrics(t)))
}

func TestAnAutoPagingWalk(t *testing.T) {
	h := newHarness(t, 5)
	n := 0
	for _, err := range h.client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Limit: avara.Int(2)}).All() {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 5, n)
	calls, attempts := split(h.ended())
	require.Len(t, calls, 3, "one call span per page fetched")
	require.Len(t, attempts, 3)
	for i, c := range calls {
		assert.Equal(t, "Express.List", c.Name)
		assert.Equal(t, c.SpanContext.SpanID(), attempts[i].Parent.SpanID())
		assert.Equal(t, "GET /v1/express", attempts[i].Name)
	}
}

func TestOnASingleCall(t *testing.T) {
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	t.Cleanup(srv.Close)
	client := srv.Client()
	_, err := client.Express.Get(context.Background(), srv.Customers()[0].ID, avaraotel.WithTelemetry(avaraotel.WithTracerProvider(tp)))
	require.NoError(t, err)
	require.Len(t, spans.GetSpans(), 2)
	_, err = client.Express.Get(context.Background(), srv.Customers()[0].ID)
	require.NoError(t, err)
	assert.Len(t, spans.GetSpans(), 2, "a call without the option is not traced")
}

func TestTheKeyIsNeverRecorded(t *testing.T) {
	h := newHarness(t, 1)
	h.srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable, Message: "upstream said " + sentinelKey})
	ctx := context.Background()
	_, _ = h.client.Express.Get(ctx, h.id)
	_, _ = h.client.Express.Get(ctx, "cus_00000000000000000000000000000000")
	_, _ = h.client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "Radiology " + sentinelKey})
	_, _ = h.client.Express.List(ctx, avara.ExpressListParams{})
	_, _ = h.client.Express.Get(ctx, h.id, option.WithAPIKey("sk-other-SENTINEL-2"))

	spans, err := json.Marshal(h.ended())
	require.NoError(t, err)
	metrics, err := json.Marshal(h.metrics(t))
	require.NoError(t, err)
	require.Greater(t, len(h.ended()), 8)
	for _, text := range []string{string(spans), string(metrics)} {
		assert.NotContains(t, text, "SENTINEL", "no key, no body, no error message")
		assert.NotContains(t, text, "Bearer")
		assert.NotContains(t, text, "Radiology")
		assert.NotContains(t, strings.ToLower(text), "authorization")
	}
}

func TestRedactedURL(t *testing.T) {
	h := newHarness(t, 0)
	var out map[string]any
	err := h.client.Get(context.Background(), "v1/express", url.Values{"sig": {"s3cr3t"}, "limit": {"2"}}, &out,
		option.WithBaseURL(strings.Replace(h.srv.URL, "http://", "http://user:pass@", 1)))
	require.NoError(t, err)
	_, attempts := split(h.ended())
	require.Len(t, attempts, 1)
	full := attrs(attempts[0].Attributes)["url.full"].(string)
	assert.NotContains(t, full, "pass")
	assert.NotContains(t, full, "s3cr3t")
	assert.Contains(t, full, "REDACTED:REDACTED@")
	assert.Contains(t, full, "limit=2")
	assert.Equal(t, "GET", attempts[0].Name, "a request without a route template is named by its method")
}

func hostPort(t *testing.T, raw string) (string, int64) {
	t.Helper()
	var port int64
	host, p, ok := strings.Cut(strings.TrimPrefix(raw, "http://"), ":")
	require.True(t, ok)
	_, err := fmt.Sscan(p, &port)
	require.NoError(t, err)
	return host, port
}

// retries is the retries counter by method and outcome.
func retries(rm metricdata.ResourceMetrics) map[string]int64 {
	out := map[string]int64{}
	for _, m := range find(rm, "avara.client.retries") {
		for _, p := range m.Data.(metricdata.Sum[int64]).DataPoints {
			out[value(p.Attributes, "avara.method")+" "+value(p.Attributes, "avara.retry.outcome")] += p.Value
		}
	}
	return out
}

// attemptCounts is the number of attempts measured, by method, status and
// error.type.
func attemptCounts(rm metricdata.ResourceMetrics) map[string]uint64 {
	return histogramCounts(rm, "http.client.request.duration", "http.request.method", "http.response.status_code", "error.type")
}

// callCounts is the number of calls measured, by method, outcome and
// error.type.
func callCounts(rm metricdata.ResourceMetrics) map[string]uint64 {
	return histogramCounts(rm, "avara.client.call.duration", "avara.method", "avara.outcome", "error.type")
}

// histogramCounts is the count of the histogram name's data points, by the
// values of keys, joined with spaces ("" for a key a point lacks).
func histogramCounts(rm metricdata.ResourceMetrics, name string, keys ...string) map[string]uint64 {
	out := map[string]uint64{}
	for _, m := range find(rm, name) {
		for _, p := range m.Data.(metricdata.Histogram[float64]).DataPoints {
			values := make([]string, len(keys))
			for i, k := range keys {
				values[i] = value(p.Attributes, k)
			}
			out[strings.Join(values, " ")] += p.Count
		}
	}
	return out
}

func find(rm metricdata.ResourceMetrics, name string) []metricdata.Metrics {
	var out []metricdata.Metrics
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name == name {
				out = append(out, m)
			}
		}
	}
	return out
}

func value(set attribute.Set, key string) string {
	v, ok := set.Value(attribute.Key(key))
	if !ok {
		return ""
	}
	return v.String()
}
