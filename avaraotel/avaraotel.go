// Package avaraotel traces and measures the calls of the Avara SDK with
// OpenTelemetry. It is a module of its own, so that the SDK itself depends
// on no telemetry library:
//
//	client := avara.NewClient(avaraotel.WithTelemetry())
//
// WithTelemetry works on NewClient, for every call of the client, and on a
// single call. By default it uses the global tracer provider, meter
// provider and propagators, which forward to those the program installs
// (otel.SetTracerProvider and the others), even after it made its client.
//
// # Spans
//
// Each call is one span, named as a Go program calls the method
// ("Express.Users.Add"), of kind internal, with the method in avara.method
// and, at its end, the number of attempts in avara.attempts. Every wait
// between attempts is an event on it, avara.retry, with the attempt that
// failed (avara.retry.attempt) and the wait in seconds
// (avara.retry.wait_seconds); a retry the client's retry budget withheld
// is an event avara.retry.refused. A call that fails has the status Error,
// described by its error.type.
//
// Under it, each attempt is an HTTP client span, as OpenTelemetry's
// semantic conventions for HTTP describe it: named
// "POST /v1/express/{expressCustomerId}/users", with http.request.method,
// url.template, url.full (user information and signature parameters
// redacted), server.address, server.port, http.response.status_code,
// error.type and, on a retry, http.request.resend_count. The attempt's
// trace context is injected into its request's headers (traceparent, with
// the default W3C propagator), so the server's spans join the trace.
//
// # Metrics
//
//   - http.client.request.duration, a histogram in seconds of each attempt,
//     with the semantic conventions' attributes (method, server, port, route,
//     status code, error.type);
//   - avara.client.call.duration, a histogram in seconds of each call, with
//     avara.method, avara.outcome ("success" or "error") and error.type;
//   - avara.client.retries, a counter of retries, with avara.method and
//     avara.retry.outcome: "granted", or "refused" by the retry budget.
//
// # What is never recorded
//
// No span, event, attribute or metric carries the API key, any request or
// response header other than the trace context it sends, nor any request
// or response body: an error is described by its error.type (the HTTP
// status, or the kind of failure), never by its message, which may quote
// the server's answer.
package avaraotel

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
	"go.opentelemetry.io/otel/trace"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/observe"
)

// ScopeName is the instrumentation scope of the tracer and the meter.
const ScopeName = "github.com/avara/avara-go/avaraotel"

// The attribute keys of this package's own, beside the semantic
// conventions'.
const (
	// MethodKey is the SDK method of a call, such as "Express.Users.Add".
	MethodKey = attribute.Key("avara.method")
	// AttemptsKey is the number of attempts a call made.
	AttemptsKey = attribute.Key("avara.attempts")
	// OutcomeKey is "success" or "error", on the call duration metric.
	OutcomeKey = attribute.Key("avara.outcome")
	// RetryAttemptKey is the number of the attempt that failed, on a retry
	// event (0 for the first attempt).
	RetryAttemptKey = attribute.Key("avara.retry.attempt")
	// RetryWaitKey is the wait before the next attempt, in seconds, on a
	// retry event.
	RetryWaitKey = attribute.Key("avara.retry.wait_seconds")
	// RetryOutcomeKey is "granted" or "refused", on the retries metric.
	RetryOutcomeKey = attribute.Key("avara.retry.outcome")
)

// The events of a call's span.
const (
	retryEvent        = "avara.retry"
	retryRefusedEvent = "avara.retry.refused"
)

// Option configures WithTelemetry.
type Option func(*config)

type config struct {
	tracers     trace.TracerProvider
	meters      metric.MeterProvider
	propagators propagation.TextMapPropagator
}

// WithTracerProvider sets the provider of the tracer; the global one by
// default.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tracers = tp }
}

// WithMeterProvider sets the provider of the meter; the global one by
// default.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.meters = mp }
}

// WithPropagators sets the propagators that inject each attempt's trace
// context into its request; the global ones by default (which inject
// nothing until the program sets them, as otel.SetTextMapPropagator does).
func WithPropagators(p propagation.TextMapPropagator) Option {
	return func(c *config) { c.propagators = p }
}

// WithTelemetry returns an option that traces and measures calls, on
// avara.NewClient for all of a client's calls or on one call. A nil
// provider or propagator given to an Option means the global one.
func WithTelemetry(opts ...Option) option.RequestOption {
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.tracers == nil {
		c.tracers = otel.GetTracerProvider()
	}
	if c.meters == nil {
		c.meters = otel.GetMeterProvider()
	}
	if c.propagators == nil {
		c.propagators = otel.GetTextMapPropagator()
	}
	meter := c.meters.Meter(ScopeName)
	t := &telemetry{tracer: c.tracers.Tracer(ScopeName), propagators: c.propagators}
	var err error
	if t.attempts, err = httpconv.NewClientRequestDuration(meter); err != nil {
		otel.Handle(err)
	}
	if t.calls, err = meter.Float64Histogram("avara.client.call.duration",
		metric.WithDescription("Duration of calls of the Avara SDK's methods, from the first attempt to the result, waits between attempts included."),
		metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60)); err != nil {
		otel.Handle(err)
	}
	if t.retries, err = meter.Int64Counter("avara.client.retries",
		metric.WithDescription("Retries of calls of the Avara SDK: granted, or refused by the client's retry budget."),
		metric.WithUnit("{retry}")); err != nil {
		otel.Handle(err)
	}
	return option.WithObserver(t)
}

// telemetry is the observer WithTelemetry installs.
type telemetry struct {
	tracer      trace.Tracer
	propagators propagation.TextMapPropagator
	attempts    httpconv.ClientRequestDuration
	calls       metric.Float64Histogram
	retries     metric.Int64Counter
}

func (t *telemetry) StartCall(ctx context.Context, call observe.Call) (context.Context, observe.CallObserver) {
	method := MethodKey.String(call.Method)
	ctx, span := t.tracer.Start(ctx, call.Method, trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(method))
	return ctx, &callTelemetry{t: t, call: call, method: method, span: span, ctx: ctx, start: time.Now()}
}

// callTelemetry observes one call.
type callTelemetry struct {
	t        *telemetry
	call     observe.Call
	method   attribute.KeyValue
	span     trace.Span
	ctx      context.Context
	start    time.Time
	attempts int
}

func (c *callTelemetry) StartAttempt(r *http.Request, a observe.Attempt) (*http.Request, func(observe.AttemptResult)) {
	c.attempts++
	host, port := serverOf(r.URL)
	name, attrs := r.Method, []attribute.KeyValue{
		semconv.HTTPRequestMethodKey.String(r.Method),
		semconv.URLFull(redactedURL(r.URL)),
		semconv.ServerAddress(host),
		semconv.ServerPort(port),
	}
	if c.call.Route != "" {
		name += " " + c.call.Route
		attrs = append(attrs, semconv.URLTemplate(c.call.Route))
	}
	if a.Number > 0 {
		attrs = append(attrs, semconv.HTTPRequestResendCount(a.Number))
	}
	ctx, span := c.t.tracer.Start(r.Context(), name, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	r = r.WithContext(ctx)
	c.t.propagators.Inject(ctx, propagation.HeaderCarrier(r.Header))
	start := time.Now()
	return r, func(res observe.AttemptResult) {
		metricAttrs := make([]attribute.KeyValue, 0, 3)
		if c.call.Route != "" {
			metricAttrs = append(metricAttrs, semconv.URLTemplate(c.call.Route))
		}
		errType := ""
		if res.Response != nil {
			status := res.Response.StatusCode
			span.SetAttributes(semconv.HTTPResponseStatusCode(status))
			metricAttrs = append(metricAttrs, semconv.HTTPResponseStatusCode(status))
			if status >= 400 {
				errType = strconv.Itoa(status)
			}
		}
		if res.Err != nil {
			errType = errorType(res.Err)
		}
		if errType != "" {
			span.SetAttributes(semconv.ErrorTypeKey.String(errType))
			span.SetStatus(codes.Error, errType)
			metricAttrs = append(metricAttrs, semconv.ErrorTypeKey.String(errType))
		}
		span.End()
		c.t.attempts.Record(context.WithoutCancel(ctx), time.Since(start).Seconds(),
			httpconv.RequestMethodAttr(r.Method), host, port, metricAttrs...)
	}
}

func (c *callTelemetry) Retry(r observe.Retry) {
	outcome := "granted"
	if r.Refused != nil {
		outcome = "refused"
		c.span.AddEvent(retryRefusedEvent, trace.WithAttributes(RetryAttemptKey.Int(r.Attempt)))
	} else {
		c.span.AddEvent(retryEvent, trace.WithAttributes(RetryAttemptKey.Int(r.Attempt), RetryWaitKey.Float64(r.Wait.Seconds())))
	}
	c.t.retries.Add(context.WithoutCancel(c.ctx), 1, metric.WithAttributes(c.method, RetryOutcomeKey.String(outcome)))
}

func (c *callTelemetry) End(err error) {
	c.span.SetAttributes(AttemptsKey.Int(c.attempts))
	attrs := []attribute.KeyValue{c.method, OutcomeKey.String("success")}
	if err != nil {
		errType := errorType(err)
		c.span.SetAttributes(semconv.ErrorTypeKey.String(errType))
		c.span.SetStatus(codes.Error, errType)
		attrs = append(attrs[:1], OutcomeKey.String("error"), semconv.ErrorTypeKey.String(errType))
	}
	c.span.End()
	c.t.calls.Record(context.WithoutCancel(c.ctx), time.Since(c.start).Seconds(), metric.WithAttributes(attrs...))
}

// errorType is an error's error.type: the HTTP status of an *avara.Error,
// "canceled" or "timeout" for a context or an attempt that ended, and
// otherwise the error's Go type, as the semantic conventions suggest. It
// never includes the error's message.
func errorType(err error) string {
	var apiErr *avara.Error
	var netErr net.Error
	switch {
	case errors.As(err, &apiErr):
		return strconv.Itoa(apiErr.StatusCode)
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, avara.ErrAttemptTimeout),
		errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	}
	// The innermost error's type: the wrappers of fmt.Errorf say nothing.
	for {
		next := errors.Unwrap(err)
		if next == nil {
			break
		}
		err = next
	}
	t := reflect.TypeOf(err)
	if t.Kind() == reflect.Pointer && t.Elem().Name() != "" {
		return "*" + t.Elem().PkgPath() + "." + t.Elem().Name()
	}
	if t.Name() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return semconv.ErrorTypeOther.Value.AsString()
}

// serverOf is the host and port a request goes to, the port the scheme's
// when the URL has none.
func serverOf(u *url.URL) (string, int) {
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err == nil {
			return u.Hostname(), n
		}
	}
	if u.Scheme == "http" {
		return u.Hostname(), 80
	}
	return u.Hostname(), 443
}

// signatureParams are the query parameters whose values the semantic
// conventions ask url.full to redact.
var signatureParams = []string{"AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature"}

// redactedURL is u for url.full: its user information, and the values of
// signature parameters, replaced by REDACTED.
func redactedURL(u *url.URL) string {
	if u.User == nil && u.RawQuery == "" {
		return u.String()
	}
	c := *u
	if c.User != nil {
		c.User = url.UserPassword("REDACTED", "REDACTED")
	}
	if c.RawQuery != "" {
		q := c.Query()
		changed := false
		for _, k := range signatureParams {
			if q.Has(k) {
				q.Set(k, "REDACTED")
				changed = true
			}
		}
		if changed {
			c.RawQuery = q.Encode()
		}
	}
	return c.String()
}
