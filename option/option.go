// Package option holds the functional options that configure a client and a
// single call. Every option but one works in both places: options given to
// avara.NewClient apply to every call, and options given to one method call
// are applied after them, so they win for that call only. The exception is
// WithRetryBudget, which sets the budget every call of a client shares and
// so belongs to NewClient (WithoutRetryBudget exempts one call).
//
// An option that is given a bad value (a negative retry count, an unparsable
// URL) does not panic: the call it applies to fails with an error that names
// the option.
package option

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/internal/retrybudget"
	"github.com/avara/avara-go/packages/observe"
)

// RequestOption changes how a client or a call sends its requests. Every
// option of this package works in both places: given to avara.NewClient it
// applies to every call of that client; given as the last arguments of one
// method call it applies to that call only, after the client's, so it wins.
// An option given a bad value makes the calls it applies to fail with an
// error that names it, before anything is sent; it never panics. A nil
// RequestOption is ignored, so an option chosen at run time can be passed
// as it is.
type RequestOption func(*requestconfig.RequestConfig) error

// HTTPClient is what WithHTTPClient accepts: *http.Client, or anything that
// sends a request and returns its response.
type HTTPClient interface {
	Do(*http.Request) (*http.Response, error)
}

// MiddlewareNext passes a request on to the next middleware, or to the HTTP
// client after the last one.
type MiddlewareNext func(*http.Request) (*http.Response, error)

// Middleware wraps every attempt of a request, retries included: it may
// change the request, look at or replace the response, or fail the attempt.
// It must call next at most once per call of its own. An error it returns
// itself, rather than one next returned, is not retried. The request it
// gets is a copy made for that attempt, so a change to it never reaches
// the next attempt.
type Middleware func(req *http.Request, next MiddlewareNext) (*http.Response, error)

// RateLimiter is what WithRateLimiter accepts: anything that blocks until
// one more request may be sent, such as *rate.Limiter of
// golang.org/x/time/rate. Wait must return promptly, with an error, once
// ctx ends.
type RateLimiter interface {
	Wait(ctx context.Context) error
}

// WithAPIKey sets the API key, sent as "Authorization: Bearer <key>". It
// overrides the AVARA_API_KEY environment variable. The key never appears in
// errors, dumps or logs.
func WithAPIKey(key string) RequestOption {
	value := "Bearer " + key
	err := requestconfig.CheckHeader("Authorization", value)
	return func(cfg *requestconfig.RequestConfig) error {
		if key == "" {
			return errors.New("WithAPIKey: the key is empty")
		}
		if err != nil {
			return err
		}
		cfg.Header["Authorization"] = []string{value}
		return nil
	}
}

// WithBaseURL sets the API's base URL, such as "http://127.0.0.1:4010" for a
// local fake. It overrides AVARA_BASE_URL. A path in it is kept as a prefix.
func WithBaseURL(base string) RequestOption {
	u, err := url.Parse(base)
	if err == nil && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		err = errors.New("want an absolute http or https URL")
	}
	return func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return fmt.Errorf("WithBaseURL(%q): %w", base, err)
		}
		cfg.BaseURL = u
		return nil
	}
}

// WithEnvironmentProduction points the client at the production API,
// https://api.avarasoftware.com, as every official Avara SDK does. It is the
// default when AVARA_BASE_URL is unset.
func WithEnvironmentProduction() RequestOption {
	return WithBaseURL(requestconfig.DefaultBaseURL)
}

// WithHTTPClient sends requests with client instead of the SDK's default
// *http.Client (which has connection-pool and response-header timeouts set).
func WithHTTPClient(client HTTPClient) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if client == nil {
			return errors.New("WithHTTPClient: the client is nil")
		}
		cfg.HTTPClient = client
		return nil
	}
}

// WithHeader sets a request header, replacing any value it had. A name
// that is not an HTTP token, or a value with a control character (a
// newline, say) other than a tab, fails the call before anything is sent.
func WithHeader(key, value string) RequestOption {
	err := requestconfig.CheckHeader(key, value)
	return func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return err
		}
		cfg.Header.Set(key, value)
		return nil
	}
}

// WithHeaderAdd adds a value to a request header, keeping the values it
// had. Names and values are checked as WithHeader's are.
func WithHeaderAdd(key, value string) RequestOption {
	err := requestconfig.CheckHeader(key, value)
	return func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return err
		}
		cfg.Header.Add(key, value)
		return nil
	}
}

// WithHeaderDel removes a request header.
func WithHeaderDel(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Del(key)
		return nil
	}
}

// WithQuery sets a query parameter, replacing any value it had.
func WithQuery(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.Query == nil {
			cfg.Query = url.Values{}
		}
		cfg.Query.Set(key, value)
		return nil
	}
}

// WithQueryAdd adds a value to a query parameter.
func WithQueryAdd(key, value string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.Query == nil {
			cfg.Query = url.Values{}
		}
		cfg.Query.Add(key, value)
		return nil
	}
}

// WithQueryDel removes a query parameter.
func WithQueryDel(key string) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Query.Del(key)
		return nil
	}
}

// WithJSONSet sets a field of the JSON request body, after the typed params
// are encoded: for fields the SDK does not model yet. path is a
// dot-separated list of object keys ("metadata.region"); value is encoded
// with encoding/json.
func WithJSONSet(path string, value any) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if path == "" {
			return errors.New("WithJSONSet: the path is empty")
		}
		cfg.SetJSON(path, value)
		return nil
	}
}

// WithRequestBody replaces the request body. body may be []byte, string, an
// io.Reader (read to its end when the option is made, so that the body can
// be sent on every retry and every call the option applies to) or any
// value, which is encoded with encoding/json. contentType must not be
// empty.
func WithRequestBody(contentType string, body any) RequestOption {
	var b []byte
	var err error
	switch v := body.(type) {
	case []byte:
		b = bytes.Clone(v)
	case string:
		b = []byte(v)
	case io.Reader:
		if b, err = io.ReadAll(v); err != nil {
			err = fmt.Errorf("WithRequestBody: reading the body: %w", err)
		}
	default:
		if b, err = json.Marshal(v); err != nil {
			err = fmt.Errorf("WithRequestBody: %w", err)
		}
	}
	if err == nil && contentType == "" {
		err = errors.New("WithRequestBody: the content type is empty")
	}
	return func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return err
		}
		cfg.Body = b
		cfg.Header.Set("Content-Type", contentType)
		return nil
	}
}

// WithMaxRetries sets how many times a failed request is retried (default
// 2). 0 turns retries off. A negative n fails the call with an error.
func WithMaxRetries(n int) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries(%d): must be 0 or more", n)
		}
		cfg.MaxRetries = n
		return nil
	}
}

// WithRequestTimeout bounds each attempt, including reading the response
// body: 60 seconds unless this option says otherwise, as in the official
// Avara SDKs, and 0 for no bound but the context's. An attempt that times
// out is retried like a connection error, and its error matches
// avara.ErrAttemptTimeout; the context given to the call bounds the whole
// call, retries included.
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if d < 0 {
			return fmt.Errorf("WithRequestTimeout(%v): must be 0 (none) or more", d)
		}
		cfg.RequestTimeout = d
		return nil
	}
}

// WithMiddleware adds middleware around every attempt. Middleware runs in
// the order given, the first one outermost, after the client's own.
func WithMiddleware(mw ...Middleware) RequestOption {
	wrapped := make([]requestconfig.Middleware, len(mw))
	for i, m := range mw {
		if m == nil {
			return func(*requestconfig.RequestConfig) error { return errors.New("WithMiddleware: a middleware is nil") }
		}
		wrapped[i] = func(r *http.Request, next requestconfig.Next) (*http.Response, error) { return m(r, next) }
	}
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Middlewares = append(cfg.Middlewares[:len(cfg.Middlewares):len(cfg.Middlewares)], wrapped...)
		return nil
	}
}

// WithResponseInto stores the last raw *http.Response of the call in *dst,
// also when the call fails. Its body has already been read by the SDK and is
// replaced by a reader over the same bytes.
func WithResponseInto(dst **http.Response) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if dst == nil {
			return errors.New("WithResponseInto: dst is nil")
		}
		cfg.ResponseInto = dst
		return nil
	}
}

// WithResponseBodyInto decodes a successful response body into dst (a
// pointer) instead of the method's own result, which is then left empty.
func WithResponseBodyInto(dst any) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if dst == nil {
			return errors.New("WithResponseBodyInto: dst is nil")
		}
		cfg.ResponseBodyInto = dst
		return nil
	}
}

// WithIdempotencyKey sets the Idempotency-Key sent with a POST, PATCH or
// DELETE, instead of the random one the SDK makes for each call. Either way
// the key stays the same on every retry of that call, so a server that
// honours keys (avaratest does) applies the call once; the real Avara API
// documents no idempotency keys, and may apply a retried write twice. Use it to retry across calls, with a key derived
// from your own operation (an order id, a message id); on a client, every
// write of that client would share one key. The key is 1 to 255
// characters. A GET carries no key and needs none.
func WithIdempotencyKey(key string) RequestOption {
	err := requestconfig.CheckHeader("Idempotency-Key", key)
	return func(cfg *requestconfig.RequestConfig) error {
		if len(key) < 1 || len(key) > 255 {
			return fmt.Errorf("WithIdempotencyKey: the key must be 1 to 255 characters, got %d", len(key))
		}
		if err != nil {
			return err
		}
		switch cfg.Operation.Method {
		case http.MethodPost, http.MethodPatch, http.MethodDelete:
			cfg.Header["Idempotency-Key"] = []string{key}
		}
		return nil
	}
}

// WithDebugLog logs one record per attempt at debug level (operation,
// method, URL without query, status, attempt number, duration, request id)
// and one per retry at info level (the wait before it, or that the retry
// budget refused it). Headers and bodies are never logged, so neither is
// the API key. A nil logger turns logging off. AVARA_LOG=debug or info sets
// one that writes to standard error.
func WithDebugLog(logger *slog.Logger) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Logger = logger
		return nil
	}
}

// WithPagePrefetch makes auto-paging fetch the next page while the caller
// works through the current one: at most one page ahead, cancelled when the
// loop stops early or the context ends. Off by default, since it spends a
// request the caller may never need.
func WithPagePrefetch(on bool) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.PagePrefetch = on
		return nil
	}
}

// WithRetryBackoff sets the wait before a retry when the server gives no
// Retry-After hint: initial before the first retry, twice as long before
// each further one, up to max, less up to 25% random jitter. The defaults
// are 0.5 s and 8 s. Zero waits are allowed (tests use them); a negative
// value, or an initial wait over max, fails the call.
func WithRetryBackoff(initial, max time.Duration) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if initial < 0 || max < initial {
			return fmt.Errorf("WithRetryBackoff(%v, %v): want 0 <= initial <= max", initial, max)
		}
		cfg.InitialBackoff, cfg.MaxBackoff = initial, max
		return nil
	}
}

// WithRetryBudget sets the client's retry budget, which every goroutine and
// every call of the client share: retries may add at most percent percent
// to the calls the client made in the last 10 seconds, plus minPerSecond
// retries per second of that window, so that a lightly used client still
// retries. The default is WithRetryBudget(20, 10). A retry the budget
// refuses is not sent: the call returns the last answer's error, which
// matches avara.ErrRetryBudgetExhausted. Calls and retries leave the window
// as it slides, so the budget refills within 10 seconds of an outage's end.
//
// The budget belongs to a client: give the option to avara.NewClient. On a
// single call it fails the call; WithoutRetryBudget exempts one call.
func WithRetryBudget(percent, minPerSecond float64) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if cfg.InCall() {
			return errors.New("WithRetryBudget: the retry budget is shared by every call of a client: give it to avara.NewClient (WithoutRetryBudget exempts a single call)")
		}
		if !(percent >= 0) || !(minPerSecond >= 0) || math.IsInf(percent, 0) || math.IsInf(minPerSecond, 0) {
			return fmt.Errorf("WithRetryBudget(%v, %v): both must be finite and 0 or more", percent, minPerSecond)
		}
		cfg.RetryBudget = retrybudget.Spec{Percent: percent, MinPerSecond: minPerSecond}
		return nil
	}
}

// WithoutRetryBudget exempts a client, or a single call, from the retry
// budget: its retries are limited by WithMaxRetries alone, as in a client
// before budgets existed. Under an outage, every call of an exempt client
// sends all its attempts.
func WithoutRetryBudget() RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.NoRetryBudget = true
		return nil
	}
}

// WithObserver adds an observer of calls: it is told when each call begins
// and ends, and of each attempt and retry in between (see package observe).
// On NewClient it observes every call of the client; on a call, that call,
// after the client's observers. The avaraotel module's WithTelemetry is one.
func WithObserver(o observe.Observer) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if o == nil {
			return errors.New("WithObserver: the observer is nil")
		}
		cfg.Observers = append(cfg.Observers[:len(cfg.Observers):len(cfg.Observers)], o)
		return nil
	}
}

// WithRateLimiter makes every attempt, retries included, wait on l before
// it is sent. An error from l.Wait (its context ended, or the limiter
// refuses) ends the call with that error wrapped, sending nothing more.
func WithRateLimiter(l RateLimiter) RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		if l == nil {
			return errors.New("WithRateLimiter: the limiter is nil")
		}
		cfg.RateLimiter = l
		return nil
	}
}
