// Package option holds the functional options that configure a client and a
// single call. Options given to avara.NewClient apply to every call of that
// client; options given as the last arguments of one method call apply to
// that call only, after the client's, so they win. Every option works in
// both places except WithRetryBudget, which sets the retry budget all the
// calls of a client share and so belongs to NewClient: given to a call, it
// fails that call (WithoutRetryBudget exempts a single call).
//
// An option that is given a bad value (a negative retry count, an unparsable
// URL) does not panic: the calls it applies to fail before anything is sent,
// with an *avara.InvalidParamsError that matches avara.ErrInvalidParams and
// names the option.
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
	"time"
	"unicode/utf8"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/internal/retrybudget"
	"github.com/avara/avara-go/packages/observe"
)

// RequestOption changes how a client or a call sends its requests. Given to
// avara.NewClient it applies to every call of that client; given as the
// last arguments of one method call it applies to that call only, after
// the client's, so it wins. WithRetryBudget is the one option that only
// NewClient takes. An option given a bad value makes the calls it applies
// to fail with an error that names it, before anything is sent; it never
// panics. A nil RequestOption is ignored, so an option chosen at run time
// can be passed as it is.
type RequestOption interface {
	applier
}

// applier is embedded, unexported, so that the SDK's packages apply an
// option while its documentation shows none of the pipeline's internals.
type applier = requestconfig.Option

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

// checked is the option name: when err is nil, it sets what set sets;
// otherwise it fails every call it applies to with err, which says what is
// wrong with the value the option was given.
func checked(name string, err error, set func(*requestconfig.RequestConfig)) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		if err != nil {
			return &requestconfig.OptionError{Option: name, Err: err}
		}
		set(cfg)
		return nil
	})
}

// WithAPIKey sets the API key, sent as "Authorization: Bearer <key>". It
// overrides the AVARA_API_KEY environment variable. The key never appears in
// errors, dumps or logs.
func WithAPIKey(key string) RequestOption {
	value := "Bearer " + key
	err := requestconfig.CheckHeader("Authorization", value)
	if key == "" {
		err = errors.New("the key is empty")
	}
	return checked("WithAPIKey", err, func(cfg *requestconfig.RequestConfig) {
		cfg.Authorization = func() string { return value }
		cfg.Header.Del("Authorization") // the key replaces a header set before it
	})
}

// WithBaseURL sets the API's base URL, such as "http://127.0.0.1:4010" for a
// local fake. It overrides AVARA_BASE_URL. A path in it is kept as a prefix.
func WithBaseURL(base string) RequestOption {
	u, err := requestconfig.ParseBaseURL(base)
	return checked("WithBaseURL", err, func(cfg *requestconfig.RequestConfig) { cfg.BaseURL = u })
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
	var err error
	if client == nil {
		err = errors.New("the client is nil")
	}
	return checked("WithHTTPClient", err, func(cfg *requestconfig.RequestConfig) { cfg.HTTPClient = client })
}

// WithHeader sets a request header, replacing any value it had. A name
// that is not an HTTP token, or a value with a control character (a
// newline, say) other than a tab, fails the call before anything is sent.
func WithHeader(key, value string) RequestOption {
	return checked("WithHeader", requestconfig.CheckHeader(key, value), func(cfg *requestconfig.RequestConfig) {
		cfg.Header.Set(key, value)
	})
}

// WithHeaderAdd adds a value to a request header, keeping the values it
// had. Names and values are checked as WithHeader's are.
func WithHeaderAdd(key, value string) RequestOption {
	return checked("WithHeaderAdd", requestconfig.CheckHeader(key, value), func(cfg *requestconfig.RequestConfig) {
		cfg.Header.Add(key, value)
	})
}

// WithHeaderDel removes a request header. On a call it removes headers the
// SDK sets too: WithHeaderDel("Idempotency-Key") sends that call without a
// key, and WithHeaderDel("Authorization") without the API key.
func WithHeaderDel(key string) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		cfg.Header.Del(key)
		if http.CanonicalHeaderKey(key) == "Authorization" {
			cfg.Authorization = nil
		}
		return nil
	})
}

// WithQuery sets a query parameter, replacing any value it had. On a
// client, its value replaces the one a call's params give.
func WithQuery(key, value string) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		if cfg.Query == nil {
			cfg.Query = map[string][]string{}
		}
		cfg.Query.Set(key, value)
		return nil
	})
}

// WithQueryAdd adds a value to a query parameter. On a client, its values
// replace those a call's params give for the same parameter.
func WithQueryAdd(key, value string) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		if cfg.Query == nil {
			cfg.Query = map[string][]string{}
		}
		cfg.Query.Add(key, value)
		return nil
	})
}

// WithQueryDel removes a query parameter.
func WithQueryDel(key string) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		cfg.Query.Del(key)
		return nil
	})
}

// WithJSONSet sets a field of the JSON request body, after the typed params
// are encoded: for fields the SDK does not model yet. path is a
// dot-separated list of object keys ("metadata.region"); value is encoded
// with encoding/json.
func WithJSONSet(path string, value any) RequestOption {
	var err error
	if path == "" {
		err = errors.New("the path is empty")
	}
	return checked("WithJSONSet", err, func(cfg *requestconfig.RequestConfig) { cfg.SetJSON(path, value) })
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
			err = fmt.Errorf("reading the body: %w", err)
		}
	default:
		b, err = json.Marshal(v)
	}
	if err == nil && contentType == "" {
		err = errors.New("the content type is empty")
	}
	return checked("WithRequestBody", err, func(cfg *requestconfig.RequestConfig) {
		cfg.Body = b
		cfg.Header.Set("Content-Type", contentType)
	})
}

// WithMaxRetries sets how many times a failed request is retried (default
// 2). 0 turns retries off. A negative n fails the call with an error.
func WithMaxRetries(n int) RequestOption {
	var err error
	if n < 0 {
		err = fmt.Errorf("%d: must be 0 or more", n)
	}
	return checked("WithMaxRetries", err, func(cfg *requestconfig.RequestConfig) { cfg.MaxRetries = n })
}

// WithRequestTimeout bounds each attempt, including reading the response
// body: 60 seconds unless this option says otherwise, as in the official
// Avara SDKs, and 0 for no bound but the context's. An attempt that times
// out is retried like a connection error, and its error matches
// avara.ErrAttemptTimeout; the context given to the call bounds the whole
// call, retries included.
func WithRequestTimeout(d time.Duration) RequestOption {
	var err error
	if d < 0 {
		err = fmt.Errorf("%v: must be 0 (none) or more", d)
	}
	return checked("WithRequestTimeout", err, func(cfg *requestconfig.RequestConfig) { cfg.RequestTimeout = d })
}

// WithMiddleware adds middleware around every attempt. Middleware runs in
// the order given, the first one outermost, after the client's own.
func WithMiddleware(mw ...Middleware) RequestOption {
	wrapped := make([]requestconfig.Middleware, len(mw))
	var err error
	for i, m := range mw {
		if m == nil {
			err = errors.New("a middleware is nil")
		}
		wrapped[i] = func(r *http.Request, next requestconfig.Next) (*http.Response, error) { return m(r, next) }
	}
	return checked("WithMiddleware", err, func(cfg *requestconfig.RequestConfig) {
		cfg.Middlewares = append(cfg.Middlewares[:len(cfg.Middlewares):len(cfg.Middlewares)], wrapped...)
	})
}

// WithResponseInto stores the last raw *http.Response of the call in *dst,
// also when the call fails. Its body has already been read by the SDK and is
// replaced by a reader over the same bytes.
func WithResponseInto(dst **http.Response) RequestOption {
	var err error
	if dst == nil {
		err = errors.New("dst is nil")
	}
	return checked("WithResponseInto", err, func(cfg *requestconfig.RequestConfig) { cfg.ResponseInto = dst })
}

// WithResponseBodyInto decodes a successful response body into dst (a
// pointer) instead of the method's own result, which is then left empty:
// with dst's own UnmarshalJSON when it has one, else with encoding/json.
func WithResponseBodyInto(dst any) RequestOption {
	var err error
	if dst == nil {
		err = errors.New("dst is nil")
	}
	into := requestconfig.JSONInto(dst)
	return checked("WithResponseBodyInto", err, func(cfg *requestconfig.RequestConfig) { cfg.ResponseBodyInto = into })
}

// WithIdempotencyKey sets the Idempotency-Key sent with a POST, PATCH or
// DELETE, instead of the random one the SDK makes for each call. Either way
// the key stays the same on every retry of that call, so a server that
// honours keys (avaratest does) applies the call once; the real Avara API
// documents no idempotency keys, and may apply a retried write twice. Use
// it to retry across calls, with a key derived from your own operation (an
// order id, a message id); on a client, every write of that client would
// share one key. The key is 1 to 255 characters. A GET carries no key and
// needs none.
func WithIdempotencyKey(key string) RequestOption {
	err := requestconfig.CheckHeader(requestconfig.IdempotencyKeyHeader, key)
	if n := utf8.RuneCountInString(key); n < requestconfig.IdempotencyKeyMinLength || n > requestconfig.IdempotencyKeyMaxLength {
		err = fmt.Errorf("the key must be %d to %d characters, got %d",
			requestconfig.IdempotencyKeyMinLength, requestconfig.IdempotencyKeyMaxLength, n)
	}
	return checked("WithIdempotencyKey", err, func(cfg *requestconfig.RequestConfig) { cfg.SetIdempotencyKey(key) })
}

// WithDebugLog logs one record per attempt at debug level (operation,
// method, URL without query, status, attempt number, duration, request id)
// and one per retry at info level (the operation, the wait before it, or
// that the retry budget refused it). Headers and bodies are never logged,
// so neither is the API key. A nil logger turns logging off. AVARA_LOG=debug
// or info sets one that writes to standard error.
func WithDebugLog(logger *slog.Logger) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		cfg.Logger = logger
		return nil
	})
}

// WithPagePrefetch makes auto-paging fetch the next page while the caller
// works through the current one: at most one page ahead, cancelled when the
// loop stops early or the context ends. Off by default, since it spends a
// request the caller may never need.
func WithPagePrefetch(on bool) RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		cfg.PagePrefetch = on
		return nil
	})
}

// WithRetryBackoff sets the wait before a retry when the server gives no
// Retry-After hint: initial before the first retry, twice as long before
// each further one, up to max, less up to 25% random jitter. The defaults
// are 0.5 s and 8 s. Zero waits are allowed (tests use them); a negative
// value, or an initial wait over max, fails the call.
func WithRetryBackoff(initial, max time.Duration) RequestOption {
	var err error
	if initial < 0 || max < initial {
		err = fmt.Errorf("(%v, %v): want 0 <= initial <= max", initial, max)
	}
	return checked("WithRetryBackoff", err, func(cfg *requestconfig.RequestConfig) {
		cfg.InitialBackoff, cfg.MaxBackoff = initial, max
	})
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
// The budget belongs to a client: give the option to avara.NewClient. A
// call given it fails, with an error saying so; WithoutRetryBudget exempts
// one call.
func WithRetryBudget(percent, minPerSecond float64) RequestOption {
	var err error
	if !(percent >= 0) || !(minPerSecond >= 0) || math.IsInf(percent, 0) || math.IsInf(minPerSecond, 0) {
		err = fmt.Errorf("(%v, %v): both must be finite and 0 or more", percent, minPerSecond)
	}
	spec := retrybudget.Spec{Percent: percent, MinPerSecond: minPerSecond}
	return checked("WithRetryBudget", err, func(cfg *requestconfig.RequestConfig) { cfg.NewRetryBudget = &spec })
}

// WithoutRetryBudget exempts a client, or a single call, from the retry
// budget: its retries are limited by WithMaxRetries alone. Under an
// outage, every call of an exempt client sends all its attempts.
func WithoutRetryBudget() RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		cfg.RetryBudget, cfg.NewRetryBudget = nil, nil
		return nil
	})
}

// WithObserver adds an observer of calls: it is told when each call begins
// and ends, and of each attempt and retry in between (see package observe).
// On NewClient it observes every call of the client; on a call, that call,
// after the client's observers. The avaraotel module's WithTelemetry is one.
func WithObserver(o observe.Observer) RequestOption {
	var err error
	if o == nil {
		err = errors.New("the observer is nil")
	}
	return checked("WithObserver", err, func(cfg *requestconfig.RequestConfig) {
		cfg.Observers = append(cfg.Observers[:len(cfg.Observers):len(cfg.Observers)], o)
	})
}

// WithRateLimiter makes every attempt, retries included, wait on l before
// it is sent. An error from l.Wait (its context ended, or the limiter
// refuses) ends the call with that error wrapped, sending nothing more.
func WithRateLimiter(l RateLimiter) RequestOption {
	var err error
	if l == nil {
		err = errors.New("the limiter is nil")
	}
	return checked("WithRateLimiter", err, func(cfg *requestconfig.RequestConfig) { cfg.RateLimiter = l })
}
