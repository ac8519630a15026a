package requestconfig

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/avara/avara-go/internal/apierror"
)

// MaxResponseBytes bounds a successful response body; a larger one fails the
// call with ErrInvalidResponse instead of exhausting memory. The largest page
// the API can send (100 customers with 50 metadata pairs of maximum size) is
// well under it. A variable only so the package's tests can lower it.
var MaxResponseBytes int64 = 64 << 20

// MaxErrorBodyBytes bounds how much of an error body is read; the rest is
// discarded.
const MaxErrorBodyBytes = 1 << 20

// DefaultHTTPClient is the client used unless WithHTTPClient says otherwise.
// It has its own transport (http.DefaultTransport is neither changed nor
// relied on) with timeouts for every phase that has no natural bound, a
// pool sized for concurrent use of one client, and a redirect policy that
// keeps the API key to the origin it was meant for.
var DefaultHTTPClient HTTPDoer = &http.Client{CheckRedirect: checkRedirect, Transport: &http.Transport{
	Proxy: http.ProxyFromEnvironment,
	DialContext: (&net.Dialer{
		Timeout:   30 * time.Second,
		KeepAlive: 30 * time.Second,
	}).DialContext,
	ForceAttemptHTTP2:     true,
	MaxIdleConns:          100,
	MaxIdleConnsPerHost:   64,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ResponseHeaderTimeout: 2 * time.Minute,
	ExpectContinueTimeout: time.Second,
	// The API's headers are a few hundred bytes; net/http's default
	// allows 10 MiB per response, so a hostile server could make each
	// pooled connection hold that much, and slow every attempt down.
	MaxResponseHeaderBytes: MaxResponseHeaderBytes,
}}

// MaxResponseHeaderBytes bounds the response headers the default client
// accepts; an answer with more fails like a broken connection.
const MaxResponseHeaderBytes = 1 << 20

// checkRedirect follows at most 10 redirects, as net/http does, and drops
// the Authorization header when one leaves the origin (scheme, host and
// port) of the first request. net/http itself compares host names only: it
// would send the API key to another port of the same host, or in clear text
// after a redirect from https to http.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if !sameOrigin(via[0].URL, req.URL) {
		req.Header.Del("Authorization")
	}
	return nil
}

func sameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if u.Scheme == "https" {
			return "443"
		}
		return "80"
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// transportError marks an error returned by the HTTP client itself, as
// opposed to one a middleware made up: only the former is retried.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// RequestError is a call that ended without an HTTP answer to show for it:
// a connection failure, a cancelled context, a body the SDK could not use.
type RequestError struct {
	Method   string
	URL      string
	Attempts int
	Err      error
}

func (e *RequestError) Error() string {
	cause := e.Err
	// net/http's own error repeats the method and URL already named here.
	if ue, ok := cause.(*url.Error); ok {
		cause = ue.Err
	}
	s := fmt.Sprintf("avara: %s %q: %v", e.Method, e.URL, cause)
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return s
}

func (e *RequestError) Unwrap() error { return e.Err }

func execute(cfg *RequestConfig, dst any) error {
	if cfg.MaxRetries < 0 {
		return fmt.Errorf("avara: WithMaxRetries: must be 0 or more, got %d", cfg.MaxRetries)
	}
	if len(cfg.Header["Authorization"]) == 0 {
		return errNoAPIKey
	}
	ctx := cfg.Context
	u := cfg.URL()
	warnInsecure(cfg, u.Scheme, u.Hostname())
	if cfg.Method == http.MethodPost || cfg.Method == http.MethodPatch || cfg.Method == http.MethodDelete {
		if cfg.Header.Get("Idempotency-Key") == "" {
			key := cfg.IdempotencyKey
			if key == "" {
				key = newIdempotencyKey()
			}
			cfg.Header["Idempotency-Key"] = []string{key}
		}
	}
	cfg.Header["X-Avara-Retry-Count"] = []string{"0"}

	if !validMethod(cfg.Method) {
		return fmt.Errorf("avara: invalid method %q", cfg.Method)
	}
	// A template every attempt clones with its own context: the URL is
	// already built, so http.NewRequest would only parse it again.
	req := &http.Request{
		Method:     cfg.Method,
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

	send := cfg.chain()
	for attempt := 0; ; attempt++ {
		// Every attempt, the first included, sends its own copy of req, so
		// what a middleware changes on one attempt never leaks into the next
		// one, nor into cfg.Header, from which a list's next page is built.
		actx, cancel := cfg.attemptContext(ctx)
		r := req.Clone(actx)
		r.Header["X-Avara-Retry-Count"] = []string{strconv.Itoa(attempt)}
		if req.GetBody != nil {
			r.Body, _ = req.GetBody()
		}
		res, body, err := cfg.attempt(r, send, attempt)
		if cfg.ResponseInto != nil && res != nil {
			*cfg.ResponseInto = res
		}
		if err != nil && ctx.Err() != nil {
			cancel()
			closeBody(res)
			return requestError(req, attempt+1, contextError(ctx, err))
		}
		retry := shouldRetry(res, err) && attempt < cfg.MaxRetries
		if !retry {
			defer cancel()
			return cfg.finish(r, res, body, err, attempt+1, dst)
		}
		delay := retryDelay(res, attempt)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
			defer cancel()
			return cfg.finish(r, res, body, err, attempt+1, dst)
		}
		last := err
		if last == nil {
			// Kept so that a context ending during the backoff still says
			// what the server last answered.
			errBody, _ := io.ReadAll(io.LimitReader(res.Body, MaxErrorBodyBytes))
			drain(res)
			last = apierror.New(r, res, errBody, attempt+1)
		}
		cancel()
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return requestError(req, attempt+1, contextError(ctx, last))
			case <-t.C:
			}
		}
	}
}

var errNoResponse = errors.New("avara: the HTTP client or a middleware returned no response and no error")

var errNoAPIKey = errors.New("avara: no API key: set the AVARA_API_KEY environment variable or pass option.WithAPIKey(key)")

// attemptContext bounds one attempt by WithRequestTimeout, when set; the
// caller ends it with cancel once the attempt's body is read.
func (cfg *RequestConfig) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if cfg.RequestTimeout > 0 {
		return context.WithTimeout(ctx, cfg.RequestTimeout)
	}
	return ctx, nop
}

// attempt sends r once. For a 2xx answer it also reads the body, within the
// attempt's context.
func (cfg *RequestConfig) attempt(r *http.Request, send MiddlewareNext, attempt int) (*http.Response, []byte, error) {
	start := time.Now()
	res, err := send(r)
	if err == nil && res == nil {
		err = errNoResponse
	}
	var body []byte
	if err == nil && res.StatusCode >= 200 && res.StatusCode < 300 {
		body, err = readBody(res)
		if err != nil && !errors.Is(err, ErrInvalidResponse) {
			err = &transportError{err}
		}
	}
	cfg.log(r, res, err, attempt, time.Since(start))
	return res, body, err
}

func nop() {}

func (cfg *RequestConfig) chain() MiddlewareNext {
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

// finish turns the last attempt into the call's result.
func (cfg *RequestConfig) finish(req *http.Request, res *http.Response, body []byte, err error, attempts int, dst any) error {
	if err != nil {
		closeBody(res)
		var te *transportError
		if errors.As(err, &te) {
			err = te.err
		}
		return requestError(req, attempts, err)
	}
	if res.StatusCode < 200 || res.StatusCode >= 300 {
		errBody, _ := io.ReadAll(io.LimitReader(res.Body, MaxErrorBodyBytes))
		drain(res)
		return apierror.New(req, res, errBody, attempts)
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
	// can keep substrings of it without a copy.
	raw := unsafe.String(unsafe.SliceData(body), len(body))
	if err := Decode(raw, dst); err != nil {
		return requestError(req, attempts, err)
	}
	return nil
}

func readBody(res *http.Response) ([]byte, error) {
	defer res.Body.Close()
	if res.Body == http.NoBody { // a HEAD answer declares a length it has no body for
		return nil, nil
	}
	if n := res.ContentLength; n > MaxResponseBytes {
		return nil, fmt.Errorf("%w: body of %d bytes is over the %d-byte bound", ErrInvalidResponse, n, MaxResponseBytes)
	}
	return readBounded(res.Body, MaxResponseBytes, res.ContentLength)
}

// readBounded reads r to its end, failing with ErrInvalidResponse once it
// passes limit. sizeHint, the declared length or -1, sizes the first block
// (one byte more, to see the end without another block). Past that it reads
// into blocks of growing size, none larger than what is left of the bound,
// and joins them once at the end: refusing an endless body costs the bound
// and no more, and a body of unknown length costs about twice its size at
// the peak, where a doubling buffer (bytes.Buffer, which also reallocates
// an exactly sized one to keep 512 bytes free) costs three times the bound
// to refuse one and up to four times its size to accept one.
func readBounded(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	const maxBlock = 4 << 20
	var (
		blocks [][]byte
		total  int64
	)
	first := int64(512)
	if sizeHint >= 0 {
		first = sizeHint + 1
	}
	block := make([]byte, 0, min(first, limit+1))
	for {
		if len(block) == cap(block) {
			blocks = append(blocks, block)
			block = make([]byte, 0, min(int64(cap(block))*2, maxBlock, limit+1-total))
		}
		n, err := r.Read(block[len(block):cap(block)])
		block = block[:len(block)+n]
		if total += int64(n); total > limit {
			return nil, fmt.Errorf("%w: body is over the %d-byte bound", ErrInvalidResponse, limit)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(blocks) == 0 {
		return block, nil
	}
	out := make([]byte, 0, total)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, block...), nil
}

// drain reads what is left of a body, up to a bound, so the connection can
// be reused, and closes it.
func drain(res *http.Response) {
	if res == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, MaxErrorBodyBytes))
	res.Body.Close()
}

func closeBody(res *http.Response) {
	if res != nil {
		res.Body.Close()
	}
}

// shouldRetry applies the retry rules: connection errors and per-attempt
// timeouts, 408, 409, 429 and 5xx, with x-should-retry overriding either way
// for any answer but a 2xx. An error a middleware made up is not retried.
func shouldRetry(res *http.Response, err error) bool {
	if err != nil {
		var te *transportError
		return errors.As(err, &te)
	}
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return false // a success is final, whatever the headers say
	}
	switch res.Header.Get("X-Should-Retry") {
	case "true":
		return true
	case "false":
		return false
	}
	switch c := res.StatusCode; {
	case c == http.StatusRequestTimeout, c == http.StatusConflict, c == http.StatusTooManyRequests:
		return true
	default:
		return c >= 500
	}
}

// retryDelay honours retry-after-ms, then Retry-After (seconds or an HTTP
// date), when under a minute; otherwise it backs off exponentially from
// 0.5 s, doubling up to 8 s, less up to 25% jitter so clients spread out.
func retryDelay(res *http.Response, attempt int) time.Duration {
	if d, ok := RetryAfter(res, time.Now()); ok {
		return d
	}
	d := 500 * time.Millisecond << min(attempt, 4)
	d = min(d, 8*time.Second)
	return d - time.Duration(jitter()*float64(d)/4)
}

// RetryAfter reads the server's retry hint: retry-after-ms when it is a
// number, else Retry-After (seconds or an HTTP date). ok is false when there
// is none, it cannot be parsed, it is negative, or it is a minute or more.
func RetryAfter(res *http.Response, now time.Time) (time.Duration, bool) {
	if res == nil {
		return 0, false
	}
	d, ok := scaled(res.Header.Get("Retry-After-Ms"), time.Millisecond)
	if v := res.Header.Get("Retry-After"); !ok && v != "" {
		if d, ok = scaled(v, time.Second); !ok {
			if t, err := http.ParseTime(v); err == nil {
				d, ok = t.Sub(now), true
			}
		}
	}
	if !ok || d < 0 || d >= time.Minute {
		return 0, false
	}
	return d, true
}

// scaled parses v as a number of units. Out-of-range values are clamped
// before converting (a float too large for a Duration converts to an
// unspecified value); the caller ignores them either way.
func scaled(v string, unit time.Duration) (time.Duration, bool) {
	f, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil || f != f: // not a number, or NaN
		return 0, false
	case f < 0:
		return -1, true
	case f*float64(unit) >= float64(time.Minute):
		return time.Minute, true
	}
	return time.Duration(f * float64(unit)), true
}

func jitter() float64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return float64(uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16) / (1 << 24)
}

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "avara-go-" + hex.EncodeToString(b[:])
}

func contextError(ctx context.Context, last error) error {
	if last == nil {
		return ctx.Err()
	}
	if errors.Is(last, ctx.Err()) {
		var te *transportError
		if errors.As(last, &te) {
			return te.err
		}
		return last
	}
	return fmt.Errorf("%w (last attempt: %w)", ctx.Err(), last)
}

// requestError builds the error of a call that got no usable answer. The URL
// text is made here, on the failure path, not on every call.
func requestError(req *http.Request, attempts int, err error) *RequestError {
	return &RequestError{req.Method, urlForErrors(req), attempts, err}
}

func urlForErrors(req *http.Request) string {
	u := *req.URL
	u.RawQuery, u.User = "", nil
	return u.String()
}

func (cfg *RequestConfig) log(r *http.Request, res *http.Response, err error, attempt int, d time.Duration) {
	if cfg.Logger == nil || !cfg.Logger.Enabled(r.Context(), slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
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
