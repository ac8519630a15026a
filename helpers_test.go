package avara_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/require"
)

// Helpers shared by every test file of the package: one recording server,
// one goroutine-leak checker, one locked buffer, and the clocks that keep
// tests independent of the machine's speed.

// testKey is the API key of every recording server's client: a sentinel
// searched for in everything the SDK prints, dumps and logs.
const testKey = "sk-sentinel-0123456789"

// TestMain fails the run when the tests leave a goroutine behind: every
// server is closed by its test, and the SDK's idle connections are closed
// here, so none should remain.
func TestMain(m *testing.M) {
	base, _ := countGoroutines()
	code := m.Run()
	if code == 0 {
		avara.NewClient().CloseIdleConnections()
		if leaked := goroutineLeaks(base); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines leaked by the tests:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// leakCheck returns a function that fails t unless the number of
// goroutines comes back to what it is now.
func leakCheck(t *testing.T) func() {
	t.Helper()
	base, _ := countGoroutines()
	return func() {
		t.Helper()
		if leaked := goroutineLeaks(base); leaked != "" {
			t.Errorf("goroutines still running:\n%s", leaked)
		}
	}
}

// goroutineLeaks returns "" once the number of goroutines is back to base,
// or, if it is still higher after a minute, a line saying how many run and
// every goroutine's stack. Goroutines that are ending take a moment to be
// gone, so it polls, in this goroutine: a helper such as
// assert.Eventually would run its condition on goroutines of its own,
// which would be counted. The goroutine os/signal starts for the fuzzing
// engine (go test -fuzz), which lives as long as the process, is not the
// tests' and is not counted.
func goroutineLeaks(base int) string {
	deadline := time.Now().Add(time.Minute)
	n, stacks := countGoroutines()
	for n > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		n, stacks = countGoroutines()
	}
	if n <= base {
		return ""
	}
	return fmt.Sprintf("%d goroutines, %d before; stacks:\n%s", n, base, stacks)
}

// countGoroutines returns how many goroutines run, leaving out os/signal's
// own, and all their stacks.
func countGoroutines() (int, string) {
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	n := 0
	for _, g := range strings.Split(stacks, "\n\n") {
		if !strings.Contains(g, "os/signal.loop") {
			n++
		}
	}
	return n, stacks
}

// lockedBuffer is a bytes.Buffer safe for the concurrent writes of loggers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// recorded is what a recordingServer saw of one request.
type recorded struct {
	Method   string
	Path     string // escaped
	RawQuery string
	Query    url.Values
	Header   http.Header
	Body     string
}

// step answers one request.
type step func(w http.ResponseWriter, r *http.Request)

// recordingServer records every request, then answers the n-th one (from
// 0) with steps[n], or with the last step once they run out.
type recordingServer struct {
	*httptest.Server
	mu    sync.Mutex
	reqs  []recorded
	steps []step
}

func newRecordingServer(t *testing.T, steps ...step) *recordingServer {
	t.Helper()
	require.NotEmpty(t, steps, "a server needs at least one answer")
	s := &recordingServer{steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *recordingServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body)) // steps may read it again
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, recorded{
		Method:   r.Method,
		Path:     r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery,
		Query:    r.URL.Query(),
		Header:   r.Header.Clone(),
		Body:     string(body),
	})
	s.mu.Unlock()
	s.steps[min(n, len(s.steps)-1)](w, r)
}

func (s *recordingServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

func (s *recordingServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// client returns a client with testKey, pointed at the server, with the
// default retries unless opts say otherwise.
func (s *recordingServer) client(opts ...option.RequestOption) *avara.Client {
	base := []option.RequestOption{option.WithAPIKey(testKey), option.WithBaseURL(s.URL)}
	return avara.NewClient(append(base, opts...)...)
}

// reply answers with status, a JSON body and header pairs.
func reply(status int, body string, header ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// retryNow answers status with Retry-After: 0, so a retry comes at once.
func retryNow(status int, header ...string) step {
	return reply(status, `{"error":{"type":"server_error","message":"try again"}}`, append([]string{"Retry-After", "0"}, header...)...)
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// stall waits d before answering with then, or gives up when the client
// goes away first.
func stall(d time.Duration, then step) step {
	return func(w http.ResponseWriter, r *http.Request) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			then(w, r)
		case <-r.Context().Done():
		}
	}
}

// headersOf returns the header name of each request.
func headersOf(reqs []recorded, name string) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Header.Get(name)
	}
	return out
}

// bodiesOf returns the body of each request.
func bodiesOf(reqs []recorded) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = r.Body
	}
	return out
}

// withClock gives a client (or a call) the clock c, usually a
// *fakeclock.Clock: its waits between attempts take no real time, they
// move c forward instead, and the retry budget's window slides only when c
// does. Tests of retries use it so that they neither sleep nor depend on
// the machine's speed.
func withClock(c requestconfig.Clock) option.RequestOption {
	return requestconfig.OptionFunc(func(cfg *requestconfig.RequestConfig) error {
		cfg.Clock = c
		return nil
	})
}

// waitUntil returns once cond holds, polling it; it fails t if that takes
// a minute, which only a hang does. It is for waiting on another
// goroutine's progress, never for judging how fast something is.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for this, in vain: %s", what)
		}
	}
}

// realTimeouts is a fake clock whose attempt timeouts run on real time:
// its waits between attempts take no time, while a server that stalls is
// cut off by the attempt timeout as it would be in production. Tests of
// stalling servers use it.
type realTimeouts struct{ *fakeclock.Clock }

func (realTimeouts) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}
