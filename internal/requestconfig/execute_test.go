package requestconfig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func response(status int, header ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	return &http.Response{StatusCode: status, Header: h, Body: http.NoBody}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	tests := []struct {
		name   string
		header []string
		want   time.Duration
		wantOK bool
	}{
		{"whole seconds are read", []string{"Retry-After", "2"}, 2 * time.Second, true},
		{"zero seconds means retry now", []string{"Retry-After", "0"}, 0, true},
		{"fractional seconds are read", []string{"Retry-After", "1.5"}, 1500 * time.Millisecond, true},
		{"an HTTP date is the time left until it", []string{"Retry-After", date(10 * time.Second)}, 10 * time.Second, true},
		{"an HTTP date in the past means retry now", []string{"Retry-After", date(-10 * time.Second)}, 0, true},
		{"retry-after-ms alone is read", []string{"Retry-After-Ms", "250"}, 250 * time.Millisecond, true},
		{"retry-after-ms is preferred over Retry-After", []string{"Retry-After-Ms", "250", "Retry-After", "10"}, 250 * time.Millisecond, true},
		{"fractional retry-after-ms is read", []string{"Retry-After-Ms", "1.5"}, 1500 * time.Microsecond, true},
		{"a garbled retry-after-ms falls back to Retry-After", []string{"Retry-After-Ms", "soon", "Retry-After", "3"}, 3 * time.Second, true},
		{"a negative retry-after-ms falls back to Retry-After", []string{"Retry-After-Ms", "-5", "Retry-After", "3"}, 3 * time.Second, true},
		{"negative seconds are no hint", []string{"Retry-After", "-1"}, 0, false},
		{"negative milliseconds are no hint", []string{"Retry-After-Ms", "-5"}, 0, false},
		{"two minutes are read as they are", []string{"Retry-After", "120"}, 2 * time.Minute, true},
		{"an HTTP date an hour away is read as it is", []string{"Retry-After", date(time.Hour)}, time.Hour, true},
		{"60000 milliseconds are a minute", []string{"Retry-After-Ms", "60000"}, time.Minute, true},
		{"a number too large for a duration is the largest one", []string{"Retry-After", "1e300"}, math.MaxInt64, true},
		{"infinity is the largest duration", []string{"Retry-After-Ms", "Inf"}, math.MaxInt64, true},
		{"NaN is no hint", []string{"Retry-After", "NaN"}, 0, false},
		{"garbage is no hint", []string{"Retry-After", "soon"}, 0, false},
		{"an empty header is no hint", []string{"Retry-After", ""}, 0, false},
		{"no header means no hint", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := retryAfter(response(503, tt.header...), now)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
	t.Run("no response means no hint", func(t *testing.T) {
		_, ok := retryAfter(nil, now)
		assert.False(t, ok)
	})
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		name         string
		initial, max time.Duration
		attempt      int
		base         time.Duration
	}{
		{"the first retry waits about half a second", 500 * time.Millisecond, 8 * time.Second, 0, 500 * time.Millisecond},
		{"the second retry waits about one second", 500 * time.Millisecond, 8 * time.Second, 1, time.Second},
		{"the third retry waits about two seconds", 500 * time.Millisecond, 8 * time.Second, 2, 2 * time.Second},
		{"the fourth retry waits about four seconds", 500 * time.Millisecond, 8 * time.Second, 3, 4 * time.Second},
		{"the fifth retry waits about eight seconds", 500 * time.Millisecond, 8 * time.Second, 4, 8 * time.Second},
		{"later retries are capped at eight seconds", 500 * time.Millisecond, 8 * time.Second, 5, 8 * time.Second},
		{"a very late retry is still capped at eight seconds", 500 * time.Millisecond, 8 * time.Second, 60, 8 * time.Second},
		{"a tuned backoff starts where it is told", 10 * time.Millisecond, time.Second, 0, 10 * time.Millisecond},
		{"a tuned backoff stops at its own cap", 10 * time.Millisecond, 15 * time.Millisecond, 3, 15 * time.Millisecond},
		{"a cap near the largest duration does not overflow", time.Second, math.MaxInt64, 100, math.MaxInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := tt.base-tt.base/4, tt.base
			seen := map[time.Duration]bool{}
			for range 200 {
				d := backoff(tt.initial, tt.max, tt.attempt)
				require.GreaterOrEqual(t, d, lo, "jitter takes at most 25%% off")
				require.LessOrEqual(t, d, hi, "jitter never adds time")
				seen[d] = true
			}
			assert.Greater(t, len(seen), 1, "the delay is jittered")
		})
	}
	t.Run("a zero backoff waits nothing", func(t *testing.T) {
		assert.Zero(t, backoff(0, 0, 3))
	})
}

func TestRetryDelay(t *testing.T) {
	cfg := Defaults(testErrors{})
	tests := []struct {
		name     string
		res      *http.Response
		wantStop bool
		want     time.Duration // 0: the backoff's, about 0.5 s
	}{
		{"a hint under a minute is waited for", response(429, "Retry-After", "3"), false, 3 * time.Second},
		{"a hint of a minute ends the retries", response(429, "Retry-After", "60"), true, 0},
		{"a hint of two minutes ends the retries", response(503, "Retry-After", "120"), true, 0},
		{"no hint means the backoff", response(503), false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, stop := cfg.retryDelay(context.Background(), tt.res, 0)
			assert.Equal(t, tt.wantStop, stop)
			if tt.want != 0 || tt.wantStop {
				assert.Equal(t, tt.want, d)
			} else {
				assert.InDelta(t, float64(440*time.Millisecond), float64(d), float64(65*time.Millisecond))
			}
		})
	}
	t.Run("a wait past the context's deadline ends the retries", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
		defer cancel()
		_, stop := cfg.retryDelay(ctx, response(503, "Retry-After", "59"), 0)
		assert.False(t, stop, "59 s fit in an hour")
		ctx, cancel = context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, stop = cfg.retryDelay(ctx, response(503, "Retry-After", "59"), 0)
		assert.True(t, stop, "59 s do not fit in a second")
	})
}

func TestShouldRetry(t *testing.T) {
	tests := []struct {
		name string
		res  *http.Response
		err  error
		want bool
	}{
		{"408 is retried", response(408), nil, true},
		{"409 is retried", response(409), nil, true},
		{"429 is retried", response(429), nil, true},
		{"500 is retried", response(500), nil, true},
		{"502 is retried", response(502), nil, true},
		{"503 is retried", response(503), nil, true},
		{"400 is not retried", response(400), nil, false},
		{"401 is not retried", response(401), nil, false},
		{"404 is not retried", response(404), nil, false},
		{"422 is not retried", response(422), nil, false},
		{"200 is not retried", response(200), nil, false},
		{"x-should-retry true makes a 400 retried", response(400, "X-Should-Retry", "true"), nil, true},
		{"x-should-retry false keeps a 409 from being retried", response(409, "X-Should-Retry", "false"), nil, false},
		{"x-should-retry false keeps a 503 from being retried", response(503, "X-Should-Retry", "false"), nil, false},
		{"x-should-retry true does not retry a success", response(200, "X-Should-Retry", "true"), nil, false},
		{"an unknown x-should-retry value leaves the status to decide", response(500, "X-Should-Retry", "maybe"), nil, true},
		{"an error from the HTTP client is retried", nil, &transportError{errors.New("connection reset")}, true},
		{"a wrapped error from the HTTP client is retried", nil, fmt.Errorf("mw: %w", &transportError{io.ErrUnexpectedEOF}), true},
		{"an error a middleware made up is not retried", nil, errors.New("middleware says no"), false},
		{"an invalid response is not retried", nil, fmt.Errorf("%w: too big", errInvalidResponse), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, shouldRetry(tt.res, tt.err))
		})
	}
}

// testErrors makes the failures themselves the errors Execute returns, so
// that a test can look at them.
type testErrors struct{}

func (testErrors) APIError(f *Failure) error            { return apiFailure{f} }
func (testErrors) RequestError(f *RequestFailure) error { return requestFailure{f} }
func (testErrors) RetryRefused() error                  { return errRefused }

var errRefused = errors.New("refused")

type apiFailure struct{ *Failure }

func (e apiFailure) Error() string { return fmt.Sprintf("status %d", e.Response.StatusCode) }

type requestFailure struct{ *RequestFailure }

func (e requestFailure) Error() string { return e.Err.Error() }
func (e requestFailure) Unwrap() error { return e.Err }

// newTestConfig is a GET to srvURL whose waits between attempts take no
// time, changed by edit.
func newTestConfig(t *testing.T, srvURL string, edit ...func(*RequestConfig)) *RequestConfig {
	t.Helper()
	cfg := Defaults(testErrors{})
	cfg.Header.Set("Authorization", "Bearer sk-test")
	cfg.BaseURL = mustParse(srvURL)
	cfg.Clock = fakeclock.New(time.Unix(1e9, 0))
	require.NoError(t, cfg.Begin(context.Background(), &Operation{Method: http.MethodGet}, "v1/thing", nil, nil))
	for _, e := range edit {
		e(cfg)
	}
	return cfg
}

func TestExecuteBounds(t *testing.T) {
	// Sequential on purpose: it lowers the package-level bound.
	old := MaxResponseBytes
	MaxResponseBytes = 1 << 10
	t.Cleanup(func() { MaxResponseBytes = old })

	big := `{"pad":"` + strings.Repeat("x", 2<<10) + `"}`
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr bool
	}{
		{"a 2xx body with a Content-Length over the bound fails with ErrInvalidResponse", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, big)
		}, true},
		{"a chunked 2xx body over the bound fails with ErrInvalidResponse", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for i := range 4 {
				_, _ = io.WriteString(w, big[i*len(big)/4:(i+1)*len(big)/4])
				w.(http.Flusher).Flush()
			}
		}, true},
		{"a 2xx body at the bound is accepted", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.WriteString(w, `{"pad":"`+strings.Repeat("x", 1<<10-10)+`"}`)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				tt.handler(w, r)
			}))
			t.Cleanup(srv.Close)

			var dst map[string]any
			err := newTestConfig(t, srv.URL).Execute(JSONInto(&dst))
			if !tt.wantErr {
				require.NoError(t, err)
				assert.Len(t, dst["pad"], 1<<10-10)
				return
			}
			var f requestFailure
			require.ErrorAs(t, err, &f)
			assert.True(t, f.InvalidResponse, "the failure is an invalid response")
			assert.Contains(t, err.Error(), "bound")
			assert.Equal(t, int32(1), requests.Load(), "an oversized answer is not retried")
		})
	}
}

func TestExecuteMiddlewareErrors(t *testing.T) {
	tests := []struct {
		name         string
		mw           Middleware
		wantRequests int32
		wantAttempts int32
		wantErr      string
	}{
		{
			name: "an error a middleware makes up is returned after one attempt",
			mw: func(r *http.Request, next Next) (*http.Response, error) {
				return nil, errors.New("quota exceeded locally")
			},
			wantRequests: 0, wantAttempts: 1, wantErr: "quota exceeded locally",
		},
		{
			name: "a middleware that answers neither a response nor an error fails the call",
			mw: func(r *http.Request, next Next) (*http.Response, error) {
				return nil, nil
			},
			wantRequests: 0, wantAttempts: 1, wantErr: "no response",
		},
		{
			name: "a transport error passed on by a middleware is still retried",
			mw: func(r *http.Request, next Next) (*http.Response, error) {
				if r.Header.Get("X-Stainless-Retry-Count") == "0" {
					return next(r.Clone(r.Context()).WithContext(canceledContext()))
				}
				return next(r)
			},
			wantRequests: 1, wantAttempts: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var requests, attempts atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				_, _ = io.WriteString(w, `{}`)
			}))
			t.Cleanup(srv.Close)
			count := func(cfg *RequestConfig) {
				cfg.Middlewares = append(cfg.Middlewares, func(r *http.Request, next Next) (*http.Response, error) {
					attempts.Add(1)
					return next(r)
				}, tt.mw)
			}
			err := newTestConfig(t, srv.URL, count).Execute(nil)
			if tt.wantErr == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tt.wantErr)
			}
			assert.Equal(t, tt.wantRequests, requests.Load())
			assert.Equal(t, tt.wantAttempts, attempts.Load())
		})
	}
}

func canceledContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}
