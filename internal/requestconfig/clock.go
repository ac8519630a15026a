package requestconfig

import (
	"context"
	"time"
)

// Clock is the pipeline's source of time: what it reads to judge an HTTP
// date in Retry-After and to fill the retry budget's window, how it waits
// between attempts, and what ends an attempt that runs out of its timeout.
// Tests replace it with one that advances at once, so that no test of
// retries or timeouts depends on the machine's speed. The caller's context
// stays on real time.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends, and then returns ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
	// WithTimeout returns a copy of ctx that ends, with
	// context.DeadlineExceeded, once d has passed on this clock: an
	// attempt's timeout, which a test can then end by moving the clock.
	WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (realClock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}
