// Package requestconfig builds and sends every request of the SDK: options
// are applied in order (client, then call), then Execute sends the request
// with retries, backoff, the retry budget, rate limiting, per-attempt
// timeouts and middleware, and decodes the answer. Every method of every
// service goes through it.
package requestconfig

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
	"unsafe"

	"github.com/avara/avara-go/internal/apijson"
	"github.com/avara/avara-go/internal/retrybudget"
	"github.com/avara/avara-go/packages/observe"
)

// Version is the SDK's version, sent in the User-Agent header.
const Version = "0.1.0"

// DefaultRequestTimeout bounds each attempt unless WithRequestTimeout says
// otherwise, as the official Avara SDKs bound each request.
const DefaultRequestTimeout = 60 * time.Second

// DefaultMaxRetries is how many times a failed request is retried unless
// WithMaxRetries says otherwise.
const DefaultMaxRetries = 2

// The backoff between attempts unless WithRetryBackoff says otherwise: the
// first retry waits DefaultInitialBackoff, each further one twice as long,
// up to DefaultMaxBackoff, less up to 25% jitter.
const (
	DefaultInitialBackoff = 500 * time.Millisecond
	DefaultMaxBackoff     = 8 * time.Second
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

// Option is the type option.RequestOption has underneath. An option that
// returns an error fails the call before anything is sent.
type Option interface {
	~func(*RequestConfig) error
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

type jsonSet struct {
	path  string
	value any
}

// RequestConfig is everything needed to send one call. Options change it;
// Execute sends it.
type RequestConfig struct {
	Context        context.Context
	Operation      *Operation // never nil: its Method is the call's
	BaseURL        *url.URL
	Path           string // relative to BaseURL, with ids already escaped
	Query          url.Values
	Header         http.Header
	Body           []byte // nil for no body; re-sent intact on every attempt
	HTTPClient     HTTPDoer
	MaxRetries     int
	RequestTimeout time.Duration // per attempt (DefaultRequestTimeout); 0 means only the context bounds it
	Middlewares    []Middleware
	Logger         *slog.Logger
	PagePrefetch   bool
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
	RateLimiter    RateLimiter
	// RetryBudget is the rule of the client's retry budget; NewClient
	// builds the budget from what the client's options set here.
	RetryBudget retrybudget.Spec
	// NoRetryBudget exempts the call (or every call of a client) from the
	// budget.
	NoRetryBudget bool
	// Clock tells the time and waits between attempts; tests replace it.
	Clock Clock
	// Observers are told of the call, its attempts and its retries.
	Observers []observe.Observer
	// WebhookKey is the whsec_ secret client.Webhooks verifies deliveries
	// with (option.WithWebhookKey, AVARA_WEBHOOK_KEY); no request sends it.
	WebhookKey string

	// ResponseInto receives the last raw response, also when the call fails.
	ResponseInto **http.Response
	// ResponseBodyInto, when set, receives the decoded body instead of the
	// method's own result.
	ResponseBodyInto any
	// ReusableBody says the destination keeps nothing of the body (a page,
	// whose items copy what they keep): the pipeline reads it into a buffer
	// it reuses for later calls.
	ReusableBody bool

	jsonSets []jsonSet
	budget   *retrybudget.Budget // the client's, shared by all its calls
	inCall   bool                // the client's options are applied: what follows is a call's
}

// ErrInvalidParams is wrapped by every error for params the SDK refuses
// before sending anything; the avara package exports it.
var ErrInvalidParams = errors.New("avara: invalid params")

// New builds the config of one call: defaults, then each group of options in
// order (client options, then the call's own), then the body.
func New[O Option](ctx context.Context, op *Operation, path string, query url.Values, body any, opts ...[]O) (*RequestConfig, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	cfg := defaults(ctx, op, path, query)
	if body != nil {
		b, err := marshal(body)
		if err != nil {
			return nil, fmt.Errorf("%w: encoding the request body: %w", ErrInvalidParams, err)
		}
		cfg.Body = b
		cfg.Header["Content-Type"] = []string{"application/json"}
	}
	for _, group := range opts {
		for _, opt := range group {
			if opt == nil {
				continue
			}
			if err := opt(cfg); err != nil {
				return nil, fmt.Errorf("avara: %w", err)
			}
		}
	}
	if err := cfg.applyJSONSets(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func defaults(ctx context.Context, op *Operation, path string, query url.Values) *RequestConfig {
	method := op.Method
	h := make(http.Header, 16)
	h["Accept"] = []string{"application/json"}
	h["User-Agent"] = []string{userAgent}
	for k, v := range platformHeaders {
		h[k] = v
	}
	if method == http.MethodPost || method == http.MethodPatch || method == http.MethodDelete {
		// Set before the options, so that WithIdempotencyKey replaces it
		// and WithHeaderDel removes it.
		h["Idempotency-Key"] = []string{newIdempotencyKey()}
	}
	return &RequestConfig{
		Context:        ctx,
		Operation:      op,
		BaseURL:        defaultBaseURL,
		Path:           path,
		Query:          query,
		Header:         h,
		HTTPClient:     DefaultHTTPClient,
		MaxRetries:     DefaultMaxRetries,
		RequestTimeout: DefaultRequestTimeout,
		InitialBackoff: DefaultInitialBackoff,
		MaxBackoff:     DefaultMaxBackoff,
		RetryBudget:    retrybudget.Default,
		Clock:          realClock{},
	}
}

// ClientOption returns the option NewClient appends after a client's own
// options: it gives every call of the client what they share, the retry
// budget, built once from the settings opts make. An error in opts is not
// reported here: every call applies opts again and fails with it.
func ClientOption[O Option](opts []O) O {
	cfg := defaults(context.Background(), &Operation{Method: http.MethodGet}, "", nil)
	for _, opt := range opts {
		if opt != nil {
			_ = opt(cfg)
		}
	}
	var b *retrybudget.Budget
	if !cfg.NoRetryBudget {
		b = retrybudget.New(cfg.RetryBudget, cfg.Clock.Now)
	}
	return func(cfg *RequestConfig) error {
		cfg.budget, cfg.inCall = b, true
		return nil
	}
}

// InCall reports whether the client's options have all been applied, so
// that the option being applied is one given to a single call.
func (cfg *RequestConfig) InCall() bool { return cfg.inCall }

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
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "avara-go-" + hex.EncodeToString(b[:])
}

// SetJSON records a JSON body field to set after the typed body is encoded.
// path is a dot-separated list of object keys.
func (cfg *RequestConfig) SetJSON(path string, value any) {
	cfg.jsonSets = append(cfg.jsonSets, jsonSet{path, value})
}

func (cfg *RequestConfig) applyJSONSets() error {
	if len(cfg.jsonSets) == 0 {
		return nil
	}
	obj := map[string]any{}
	if len(cfg.Body) > 0 {
		dec := json.NewDecoder(bytes.NewReader(cfg.Body))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return fmt.Errorf("avara: WithJSONSet needs a JSON object body: %w", err)
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
		return fmt.Errorf("avara: WithJSONSet: %w", err)
	}
	cfg.Body = b
	if cfg.Header.Get("Content-Type") == "" {
		cfg.Header["Content-Type"] = []string{"application/json"}
	}
	return nil
}

// Clone returns a copy whose query and headers can be changed without
// touching cfg, for the next page of a list.
func (cfg *RequestConfig) Clone() *RequestConfig {
	c := *cfg
	c.Query = make(url.Values, len(cfg.Query))
	for k, v := range cfg.Query {
		c.Query[k] = append([]string(nil), v...)
	}
	c.Header = cfg.Header.Clone()
	c.jsonSets = nil
	return &c
}

// URL is the full URL the config sends to.
func (cfg *RequestConfig) URL() *url.URL {
	u := *cfg.BaseURL
	base := strings.TrimSuffix(u.EscapedPath(), "/")
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + pathUnescaped(cfg.Path)
	u.RawPath = base + "/" + cfg.Path
	if len(cfg.Query) > 0 {
		u.RawQuery = cfg.Query.Encode()
	} else {
		u.RawQuery = ""
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

// Execute sends the request, retrying as the retry rules say, and decodes a
// 2xx body into dst (a pointer; nil discards the body), or into
// ResponseBodyInto when an option set it.
func (cfg *RequestConfig) Execute(dst any) error {
	return execute(cfg, dst)
}

// Call builds a config and executes it into a new T: the whole body of every
// method that returns one decoded object.
func Call[T any, O Option](ctx context.Context, op *Operation, path string, query url.Values, body any, opts ...[]O) (*T, error) {
	cfg, err := New(ctx, op, path, query, body, opts...)
	if err != nil {
		return nil, err
	}
	res := new(T)
	if err := cfg.Execute(res); err != nil {
		return nil, err
	}
	return res, nil
}

// Decode is how Execute reads a successful body; exported so benchmarks and
// fuzz targets exercise the pipeline's own decoder.
func Decode(raw string, dst any) error {
	var err error
	if strings.TrimSpace(raw) == "null" {
		return fmt.Errorf("%w: expected a JSON object, got null", ErrInvalidResponse)
	}
	if u, ok := dst.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(unsafe.Slice(unsafe.StringData(raw), len(raw)))
	} else if !json.Valid([]byte(raw)) {
		err = fmt.Errorf("%w (%q)", apijson.ErrInvalidJSON, raw)
	} else {
		err = json.Unmarshal([]byte(raw), dst)
	}
	if err != nil && !errors.Is(err, ErrInvalidResponse) {
		err = fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	return err
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

var errNoAPIKey = errors.New("avara: no API key: set the AVARA_API_KEY environment variable or pass option.WithAPIKey(key)")
