package avara_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
)

// Helpers shared by the package's tests, so that none of them depends on
// the machine's speed.

// withClock gives a client (or a call) the clock c, usually a
// *fakeclock.Clock: its waits between attempts take no real time, they
// move c forward instead, and the retry budget's window slides only when c
// does. Tests of retries use it so that they neither sleep nor depend on
// the machine's speed.
func withClock(c requestconfig.Clock) option.RequestOption {
	return func(cfg *requestconfig.RequestConfig) error {
		cfg.Clock = c
		return nil
	}
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

// leakCheck returns a function that fails t unless the number of
// goroutines comes back to what it is now; on failure it prints every
// goroutine's stack. Goroutines that are ending take a moment to be gone,
// so it polls, for up to a minute, in this goroutine: a helper such as
// assert.Eventually would run its condition on goroutines of its own,
// which would be counted.
func leakCheck(t *testing.T) func() {
	t.Helper()
	base := runtime.NumGoroutine()
	return func() {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		n := runtime.NumGoroutine()
		for n > base && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
			n = runtime.NumGoroutine()
		}
		if n > base {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Errorf("%d goroutines still running, %d before; stacks:\n%s", n, base, buf)
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
