package requestconfig

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/avara/avara-go/packages/observe"
)

func execute(cfg *RequestConfig, dst any) error {
	if len(cfg.Header["Authorization"]) == 0 {
		return errNoAPIKey
	}
	if !validMethod(cfg.Operation.Method) {
		return fmt.Errorf("avara: invalid method %q", cfg.Operation.Method)
	}
	u := cfg.URL()
	warnInsecure(cfg, u.Scheme, u.Hostname())
	// A template every attempt clones with its own context: the URL is
	// already built, so http.NewRequest would only parse it again.
	req := &http.Request{
		Method:     cfg.Operation.Method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     cfg.Header,
		Host:       u.Host,
	}
	if cfg.Body != nil {
		body := cfg.Body
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	if len(cfg.Observers) == 0 {
		return run(cfg, req, nil, dst)
	}
	obs := cfg.startCall()
	err := run(cfg, req, obs, dst)
	for _, o := range obs {
		o.End(err)
	}
	return err
}

// run sends the attempts of a call, told to obs, and decodes its result.
func run(cfg *RequestConfig, req *http.Request, obs callObservers, dst any) error {
	ctx := cfg.Context
	budget := cfg.budget
	if cfg.NoRetryBudget {
		budget = nil
	}
	if budget != nil {
		budget.Call()
	}

	send := cfg.chain()
	var last error // the last attempt's error, kept for a wait that ends the call
	for attempt := 0; ; attempt++ {
		if cfg.RateLimiter != nil {
			if err := cfg.RateLimiter.Wait(ctx); err != nil {
				return requestError(req, attempt, limiterError(err, last))
			}
		}
		// Every attempt sends its own copy of req, so what a middleware
		// changes on one attempt never leaks into the next one, nor into
		// cfg.Header, from which a list's next page is built.
		actx, cancel := cfg.attemptContext(ctx)
		r := req.Clone(actx)
		r.Header["X-Stainless-Retry-Count"] = []string{strconv.Itoa(attempt)}
		if req.GetBody != nil {
			r.Body, _ = req.GetBody()
		}
		r, ended := obs.startAttempt(r, attempt)
		res, body, err := cfg.attempt(r, send, attempt)
		if err != nil && cfg.RequestTimeout > 0 && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			err = &attemptTimeout{cfg.RequestTimeout, err}
		}
		obs.endAttempt(ended, res, err)
		if cfg.ResponseInto != nil && res != nil {
			*cfg.ResponseInto = res
		}
		if err != nil && ctx.Err() != nil {
			cancel()
			closeBody(res)
			return requestError(req, attempt+1, contextError(ctx, err))
		}
		if !shouldRetry(res, err) || attempt >= cfg.MaxRetries {
			defer cancel()
			return cfg.finish(r, res, body, err, attempt+1, nil, dst)
		}
		delay, stop := cfg.retryDelay(ctx, res, attempt)
		var refused error
		if !stop && budget != nil && !budget.TryRetry() {
			stop, refused = true, ErrRetryBudgetExhausted
			obs.retry(observe.Retry{Attempt: attempt, Refused: refused})
			cfg.logRetry(r, attempt, 0, refused)
		}
		if !stop {
			obs.retry(observe.Retry{Attempt: attempt, Wait: delay})
			cfg.logRetry(r, attempt, delay, nil)
		}
		if stop {
			defer cancel()
			return cfg.finish(r, res, body, err, attempt+1, refused, dst)
		}
		last = err
		if last == nil {
			// Kept so that a context ending during the backoff still says
			// what the server last answered.
			errBody, _ := io.ReadAll(io.LimitReader(res.Body, MaxErrorBodyBytes))
			drain(res)
			last = cfg.apiError(r, res, errBody, attempt+1, nil)
		}
		cancel()
		if err := cfg.Clock.Sleep(ctx, delay); err != nil {
			return requestError(req, attempt+1, contextError(ctx, last))
		}
	}
}

// retryDelay says how long to wait before the next attempt, or stop when
// none should be made: the server asked for a wait of MaxRetryAfter or
// more, or one that the context's deadline leaves no time for.
func (cfg *RequestConfig) retryDelay(ctx context.Context, res *http.Response, attempt int) (d time.Duration, stop bool) {
	d, ok := RetryAfter(res, cfg.Clock.Now())
	switch {
	case ok && d >= MaxRetryAfter:
		return 0, true
	case !ok:
		d = backoff(cfg.InitialBackoff, cfg.MaxBackoff, attempt)
	}
	if deadline, has := ctx.Deadline(); has && time.Until(deadline) < d {
		return 0, true
	}
	return d, false
}

var errNoResponse = errors.New("avara: the HTTP client or a middleware returned no response and no error")

// attemptContext bounds one attempt by RequestTimeout, when set, on the
// config's clock; the caller ends it with cancel once the attempt's body is
// read.
func (cfg *RequestConfig) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if cfg.RequestTimeout <= 0 {
		return ctx, nop
	}
	return cfg.Clock.WithTimeout(ctx, cfg.RequestTimeout)
}

// attempt sends r once. For a 2xx answer it also reads the body, within the
// attempt's context.
func (cfg *RequestConfig) attempt(r *http.Request, send Next, attempt int) (*http.Response, []byte, error) {
	start := time.Now()
	res, err := send(r)
	if err == nil && res == nil {
		err = errNoResponse
	}
	var body []byte
	if err == nil && res.StatusCode >= 200 && res.StatusCode < 300 {
		body, err = readBody(res, cfg.reusesBody())
		if err != nil && !errors.Is(err, ErrInvalidResponse) {
			err = &transportError{err}
		}
	}
	cfg.log(r, res, err, attempt, time.Since(start))
	return res, body, err
}

func nop() {}

func (cfg *RequestConfig) chain() Next {
	client := cfg.HTTPClient
	send := func(r *http.Request) (*http.Response, error) {
		res, err := client.Do(r)
		if err != nil {
			return nil, &transportError{err}
		}
		return res, nil
	}
	for i := len(cfg.Middlewares) - 1; i >= 0; i-- {
		mw, next := cfg.Middlewares[i], send
		send = func(r *http.Request) (*http.Response, error) { return mw(r, next) }
	}
	return send
}

// finish turns the last attempt into the call's result. refused is
// ErrRetryBudgetExhausted when the budget withheld the retry the rules
// allowed.
func (cfg *RequestConfig) finish(req *http.Request, res *http.Response, body []byte, err error, attempts int, refused error, dst any) error {
	if err != nil {
		closeBody(res)
		err = plain(err)
		if refused != nil {
			err = &withheld{err}
		}
		return requestError(req, attempts, err)
	}
	if res.StatusCode < 200 || res.StatusCode >= 300 {
		errBody, _ := io.ReadAll(io.LimitReader(res.Body, MaxErrorBodyBytes))
		drain(res)
		return cfg.apiError(req, res, errBody, attempts, refused)
	}
	if cfg.ResponseInto != nil {
		res.Body = io.NopCloser(bytes.NewReader(body))
	}
	if cfg.ResponseBodyInto != nil {
		dst = cfg.ResponseBodyInto
	}
	if dst == nil || len(body) == 0 && res.StatusCode == http.StatusNoContent {
		return nil
	}
	// The body buffer is ours and never written again, so the decoded value
	// can keep substrings of it without a copy; unless the destination
	// keeps nothing of it, and then the buffer is reused.
	raw := unsafe.String(unsafe.SliceData(body), len(body))
	err = Decode(raw, dst)
	if cfg.reusesBody() {
		release(body)
	}
	if err != nil {
		return requestError(req, attempts, err)
	}
	return nil
}

// reusesBody reports whether a 2xx body is read into a reused buffer: the
// destination keeps nothing of it, and no option hands it out.
func (cfg *RequestConfig) reusesBody() bool {
	return cfg.ReusableBody && cfg.ResponseInto == nil && cfg.ResponseBodyInto == nil
}

// apiError builds the error of a non-2xx answer whose body (up to its bound)
// has been read. The request is redacted for it: the caller's copy keeps
// its credentials.
func (cfg *RequestConfig) apiError(req *http.Request, res *http.Response, body []byte, attempts int, refused error) error {
	hint, _ := RetryAfter(res, cfg.Clock.Now())
	redacted := redact(req)
	// The response points back at the request that was sent, key and all;
	// the error hands out the redacted one in both places.
	res.Request = redacted
	res.Body = io.NopCloser(bytes.NewReader(body))
	return NewAPIError(&Failure{
		Request:     redacted,
		Response:    res,
		Body:        body,
		RequestBody: req.GetBody,
		Attempts:    attempts,
		RetryAfter:  hint,
		Withheld:    refused,
	})
}

func redact(req *http.Request) *http.Request {
	r := req.Clone(req.Context())
	if r.Header.Get("Authorization") != "" {
		r.Header.Set("Authorization", "[redacted]")
	}
	return r
}

// plain is the error a caller sees for an attempt's err: without the
// pipeline's mark for errors of the HTTP client.
func plain(err error) error {
	if at, ok := err.(*attemptTimeout); ok {
		return &attemptTimeout{at.timeout, plain(at.err)}
	}
	var te *transportError
	if errors.As(err, &te) {
		return te.err
	}
	return err
}

func contextError(ctx context.Context, last error) error {
	if last == nil {
		return ctx.Err()
	}
	if errors.Is(last, ctx.Err()) {
		return plain(last)
	}
	return fmt.Errorf("%w (last attempt: %w)", ctx.Err(), plain(last))
}

// limiterError is the error of a call that a rate limiter's Wait ended.
func limiterError(err, last error) error {
	if last == nil {
		return fmt.Errorf("option.WithRateLimiter: Wait: %w", err)
	}
	return fmt.Errorf("option.WithRateLimiter: Wait: %w (last attempt: %w)", err, plain(last))
}

// log records an attempt at debug level: method, URL without its query,
// attempt number, duration, status and request id, or the error. Headers
// and bodies are never logged, so neither is the API key.
func (cfg *RequestConfig) log(r *http.Request, res *http.Response, err error, attempt int, d time.Duration) {
	if cfg.Logger == nil || !cfg.Logger.Enabled(r.Context(), slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", cfg.operationName()),
		slog.String("method", r.Method),
		slog.String("url", urlForErrors(r)),
		slog.Int("attempt", attempt),
		slog.Duration("duration", d),
	}
	if res != nil {
		attrs = append(attrs, slog.Int("status", res.StatusCode), slog.String("request_id", res.Header.Get("X-Request-Id")))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	cfg.Logger.LogAttrs(r.Context(), slog.LevelDebug, "avara request", attrs...)
}

// logRetry records at info level that the attempt will be retried after
// wait, or that the retry budget refused the retry.
func (cfg *RequestConfig) logRetry(r *http.Request, attempt int, wait time.Duration, refused error) {
	if cfg.Logger == nil || !cfg.Logger.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	attrs := []slog.Attr{
		slog.String("operation", cfg.operationName()),
		slog.String("method", r.Method),
		slog.String("url", urlForErrors(r)),
		slog.Int("attempt", attempt),
	}
	if refused != nil {
		cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "avara retry refused: the client's retry budget is exhausted", attrs...)
		return
	}
	attrs = append(attrs, slog.Duration("wait", wait))
	cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "avara retry", attrs...)
}

// operationName is the Go method the call came from ("Express.Users.Add"),
// or "Client.Execute" for a raw call.
func (cfg *RequestConfig) operationName() string {
	if cfg.Operation != nil && cfg.Operation.Name != "" {
		return cfg.Operation.Name
	}
	return "Client.Execute"
}

var insecureWarned sync.Map

// warnInsecure logs once per host that a plain-HTTP base URL sends the API
// key unencrypted, unless the host is this machine.
func warnInsecure(cfg *RequestConfig, scheme, host string) {
	if scheme != "http" || isLoopback(host) {
		return
	}
	if _, seen := insecureWarned.LoadOrStore(host, true); seen {
		return
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.Warn("avara: the base URL uses plain http to a remote host; the API key is sent unencrypted", slog.String("host", host))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validMethod reports whether m is an HTTP token, as http.NewRequest checks.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		c := m[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}
