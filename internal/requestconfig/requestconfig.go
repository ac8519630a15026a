// Package requestconfig sends every request of the SDK. Package avara
// builds one RequestConfig per call (the client's options, applied once
// into a base config, cloned, then the call's options) and Execute sends it:
// retries with backoff, the retry budget, rate limiting, per-attempt
// timeouts, middleware and observers, and finally the 2xx body handed to
// the caller's decoder.
package requestconfig

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/avara/avara-go/internal/retrybudget"
	"github.com/avara/avara-go/packages/observe"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// defaultRequestTimeout bounds each attempt unless WithRequestTimeout says
// otherwise, as the official Avara SDKs bound each request.
const defaultRequestTimeout = 60 * time.Second

// defaultMaxRetries is how many times a failed request is retried unless
// WithMaxRetries says otherwise.
const defaultMaxRetries = 2

// The backoff between attempts unless WithRetryBackoff says otherwise: the
// first retry waits defaultInitialBackoff, each further one twice as long,
// up to defaultMaxBackoff, less up to 25% jitter.
const (
	defaultInitialBackoff = 500 * time.Millisecond
	defaultMaxBackoff     = 8 * time.Second
)

// HTTPDoer sends one HTTP request; *http.Client implements it.
type HTTPDoer interface {
	Do(*http.Request) (*http.Response, error)
}

// Next sends a request on to the next middleware, and finally to the HTTP
// client.
type Next = func(*http.Request) (*http.Response, error)

// Middleware wraps each attempt of a request. option.Middleware, the type
// users write, is turned into one by option.WithMiddleware.
type Middleware = func(*http.Request, Next) (*http.Response, error)

// RateLimiter is what option.WithRateLimiter accepts.
type RateLimiter interface {
	Wait(ctx context.Context) error
}

// Operation describes what a call does: Name as a Go user writes the
// method ("Express.Users.Add"; empty for client.Get and its siblings), the
// HTTP method, and the route template ("/v1/express/{expressCustomerId}/users";
// empty when not known). The generated services declare one per method.
type Operation struct {
	Name   string
	Method string
	Route  string
}

// SendsIdempotencyKey reports whether a call of op carries an
// Idempotency-Key: every POST, PATCH and DELETE does, so that a server
// that honours keys applies a retried write once.
func (op *Operation) SendsIdempotencyKey() bool {
	switch op.Method {
	case http.MethodPost, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// RequestConfig is everything needed to send one call. Options change it;
// Execute sends it.
type RequestConfig struct {
	Context context.Context
	// Operation is the call's; nil in a client's base config, which is
	// for no call in particular.
	Operation *Operation
	BaseURL   *url.URL
	Path      string // relative to BaseURL, with ids already escaped
	Query     url.Values
	Header    http.Header
	// Authorization returns the Authorization header's value, which each
	// attempt sets unless Header has one (set by an option given after
	// WithAPIKey); nil for none. A function, so that the API key stays out
	// of what a deep printer (spew, testify's failure output) shows of a
	// client, whose config holds it.
	Authorization func() string
	Body          []byte // nil for no body; re-sent intact on every attempt
	// IdempotencyKey is the key a POST, PATCH or DELETE carries; empty
	// for a new random key per call.
	IdempotencyKey string
	HTTPClient     HTTPDoer
	MaxRetries     int
	RequestTimeout time.Duration // per attempt (defaultRequestTimeout); 0 means only the context bounds it
	Middlewares    []Middleware
	Logger         *slog.Logger
	PagePrefetch   bool
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
	RateLimiter    RateLimiter
	// RetryBudget is the client's retry budget, shared by all its calls;
	// nil for none.
	RetryBudget *retrybudget.Budget
	// NewRetryBudget is the rule of the budget a client is to build:
	// package avara builds RetryBudget from it once the client's options
	// are applied, and sets it to nil. A call whose options set it fails,
	// as a budget built for one call would bound nothing.
	NewRetryBudget *retrybudget.Spec
	// Clock tells the time and waits between attempts; tests replace it.
	Clock Clock
	// Observers are told of the call, its attempts and its retries.
	Observers []observe.Observer
	// Errors builds the errors Execute returns.
	Errors Errors
	// WebhookKey is the whsec_ secret client.Webhooks verifies deliveries
	// with (option.WithWebhookKey, AVARA_WEBHOOK_KEY); no request sends it.
	WebhookKey string

	// ResponseInto receives the last raw response, also when the call fails.
	ResponseInto **http.Response
	// ResponseBodyInto, when set, receives a 2xx body instead of the
	// destination Execute is given.
	ResponseBodyInto json.Unmarshaler

	jsonSets []jsonSet
}

type jsonSet struct {
	path  string
	value any
}

// Defaults returns the config every client starts from, before any
// option: errs builds the errors its calls return.
func Defaults(errs Errors) *RequestConfig {
	budget := retrybudget.Default
	h := make(http.Header, 16)
	h["Accept"] = []string{"application/json"}
	h["User-Agent"] = []string{userAgent}
	maps.Copy(h, platformHeaders)
	return &RequestConfig{
		Context:        context.Background(),
		BaseURL:        defaultBaseURL,
		Header:         h,
		HTTPClient:     DefaultHTTPClient,
		MaxRetries:     defaultMaxRetries,
		RequestTimeout: defaultRequestTimeout,
		InitialBackoff: defaultInitialBackoff,
		MaxBackoff:     defaultMaxBackoff,
		NewRetryBudget: &budget,
		Clock:          realClock{},
		Errors:         errs,
	}
}

// Clone returns a copy whose query, headers and body fields can be changed
// without touching cfg: a call's config cloned from its client's, or a
// list's next page cloned from the first.
func (cfg *RequestConfig) Clone() *RequestConfig {
	c := *cfg
	c.Query = make(url.Values, len(cfg.Query))
	for k, v := range cfg.Query {
		c.Query[k] = slices.Clone(v)
	}
	c.Header = cfg.Header.Clone()
	c.jsonSets = slices.Clip(cfg.jsonSets)
	return &c
}

// Begin makes cfg, a clone of a client's config, the config of one call:
// op with its path, query (in which the client's query options replace the
// values of the same name) and a body to encode as JSON (nil for none).
// What the client's options set stays: their
// body, Content-Type and Idempotency-Key win over the call's own; the
// call's options, applied next, win over both. An error is the body's
// encoding error.
func (cfg *RequestConfig) Begin(ctx context.Context, op *Operation, path string, query url.Values, body any) error {
	cfg.Context, cfg.Operation, cfg.Path = ctx, op, path
	for k, vs := range cfg.Query {
		if query == nil {
			query = url.Values{}
		}
		query[k] = vs
	}
	cfg.Query = query
	if op.SendsIdempotencyKey() && len(cfg.Header[IdempotencyKeyHeader]) == 0 {
		cfg.Header[IdempotencyKeyHeader] = []string{cfg.IdempotencyKey}
		if cfg.IdempotencyKey == "" {
			cfg.Header[IdempotencyKeyHeader] = []string{newIdempotencyKey()}
		}
	}
	if body == nil || cfg.Body != nil {
		return nil
	}
	b, err := marshal(body)
	if err != nil {
		return err
	}
	cfg.Body = b
	if len(cfg.Header["Content-Type"]) == 0 {
		cfg.Header["Content-Type"] = []string{"application/json"}
	}
	return nil
}

// SetIdempotencyKey sets the key a POST, PATCH or DELETE carries, on a
// client's config or a call's.
func (cfg *RequestConfig) SetIdempotencyKey(key string) {
	cfg.IdempotencyKey = key
	if cfg.Operation != nil && cfg.Operation.SendsIdempotencyKey() {
		cfg.Header[IdempotencyKeyHeader] = []string{key}
	}
}

var (
	userAgent      = "Avara/Go " + Version
	defaultBaseURL = mustParse(DefaultBaseURL)
	// platformHeaders tell Avara's operators which client sent a request,
	// as every official Avara SDK tells them; X-Stainless-Retry-Count is
	// set on each attempt.
	platformHeaders = http.Header{
		"X-Stainless-Lang":            {"go"},
		"X-Stainless-Package-Version": {Version},
		"X-Stainless-Os":              {platformOS(runtime.GOOS)},
		"X-Stainless-Arch":            {platformArch(runtime.GOARCH)},
		"X-Stainless-Runtime":         {"go"},
		"X-Stainless-Runtime-Version": {runtime.Version()},
	}
)

// platformOS names the operating system as the official SDKs do.
func platformOS(goos string) string {
	switch goos {
	case "linux":
		return "Linux"
	case "darwin":
		return "MacOS"
	case "windows":
		return "Windows"
	case "freebsd":
		return "FreeBSD"
	case "openbsd":
		return "OpenBSD"
	case "android":
		return "Android"
	case "ios":
		return "iOS"
	}
	return "Other:" + goos
}

// platformArch names the architecture as the official SDKs do.
func platformArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x64"
	case "386":
		return "x32"
	case "arm64":
		return "arm64"
	case "arm":
		return "arm"
	}
	return "other:" + goarch
}

func mustParse(s string) *url.URL {
	u, err := ParseBaseURL(s)
	if err != nil {
		panic(err)
	}
	return u
}

// ParseBaseURL parses a base URL given by an option or the environment:
// an absolute http or https URL, whose path is kept as a prefix.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("want an absolute http or https URL, got %q", s)
	}
	return u, nil
}

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "avara-go-" + hex.EncodeToString(b[:])
}

// SetJSON records a JSON body field to set once the call's body is known.
// path is a dot-separated list of object keys.
func (cfg *RequestConfig) SetJSON(path string, value any) {
	cfg.jsonSets = append(slices.Clip(cfg.jsonSets), jsonSet{path, value})
}

// ApplyJSON sets the fields SetJSON recorded in the body, a JSON object (an
// empty one when there is no body).
func (cfg *RequestConfig) ApplyJSON() error {
	if len(cfg.jsonSets) == 0 {
		return nil
	}
	obj := map[string]any{}
	if len(cfg.Body) > 0 {
		dec := json.NewDecoder(bytes.NewReader(cfg.Body))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return fmt.Errorf("the body must be a JSON object: %w", err)
		}
	}
	for _, s := range cfg.jsonSets {
		keys := strings.Split(s.path, ".")
		m := obj
		for _, k := range keys[:len(keys)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		m[keys[len(keys)-1]] = s.value
	}
	b, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	cfg.Body, cfg.jsonSets = b, nil
	if len(cfg.Header["Content-Type"]) == 0 {
		cfg.Header["Content-Type"] = []string{"application/json"}
	}
	return nil
}

// URL is the full URL the config sends to.
func (cfg *RequestConfig) URL() *url.URL {
	u := *cfg.BaseURL
	base := strings.TrimSuffix(u.EscapedPath(), "/")
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + pathUnescaped(cfg.Path)
	u.RawPath = base + "/" + cfg.Path
	u.RawQuery = ""
	if len(cfg.Query) > 0 {
		u.RawQuery = cfg.Query.Encode()
	}
	return &u
}

func pathUnescaped(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	s, err := url.PathUnescape(p)
	if err != nil {
		return p
	}
	return s
}

// marshal encodes a request body. A type's own MarshalJSON (every params
// type has one) is called directly: json.Marshal would call it too and then
// re-encode its output through its scanner, where a validity check is all a
// body needs.
func marshal(body any) ([]byte, error) {
	m, ok := body.(json.Marshaler)
	if !ok {
		return json.Marshal(body)
	}
	b, err := m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("%T.MarshalJSON returned invalid JSON", body)
	}
	return b, nil
}

// JSONInto returns the decoder of a 2xx body into v, a pointer: v's own
// UnmarshalJSON when it has one, else encoding/json. nil gives nil, which
// discards the body.
func JSONInto(v any) json.Unmarshaler {
	switch v := v.(type) {
	case nil:
		return nil
	case json.Unmarshaler:
		return v
	}
	return jsonInto{v}
}

type jsonInto struct{ v any }

func (j jsonInto) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, j.v) }

// Option is what an option.RequestOption is to the pipeline: a change to a
// config, or an error naming what is wrong with the option.
type Option interface {
	Apply(cfg *RequestConfig) error
}

// OptionFunc is an Option written as a function.
type OptionFunc func(cfg *RequestConfig) error

// Apply calls f.
func (f OptionFunc) Apply(cfg *RequestConfig) error { return f(cfg) }
