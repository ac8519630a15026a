package requestconfig

import (
	"context"
	"time"
)

// Clock is the pipeline's source of time: what it reads to judge an HTTP
// date in Retry-After and to fill the retry budget's window, and how it
// waits between attempts. Tests replace it with one that advances at once,
// so that no test of retries depends on the machine's speed. Per-attempt
// timeouts and the caller's context stay on real time.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends, and then returns ctx's error.
	Sleep(ctx context.Context, d time.Duration) error
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
