// Package fakeclock is a clock for tests: time stands still until
// something waits, and a wait moves it forward at once by exactly the time
// asked for. Retries, backoff and the retry budget are then tested without
// sleeping and without depending on the machine's speed (install it with a
// RequestOption that sets RequestConfig.Clock), and the fake server's
// timestamps are exact (avaratest.WithClock(c.Now)).
package fakeclock

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Clock is a fake requestconfig.Clock, safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	waits  []time.Duration
	timers []*timer
}

// timer ends a context of WithTimeout when the clock reaches at, unless
// stopped first.
type timer struct {
	at      time.Time
	f       func()
	stopped bool
}

// New returns a clock at start.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records the wait and moves the clock forward by d, unless ctx has
// already ended. It ends no context of WithTimeout, even one whose time
// it passes: the waits of concurrent calls on one clock add up, and would
// otherwise end each other's attempts. Advance and Set end them.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(max(d, 0))
	return nil
}

// Advance moves the clock forward by d without recording a wait, and ends
// the contexts of WithTimeout whose time has come.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	due := c.dueLocked()
	c.mu.Unlock()
	run(due)
}

// Set moves the clock to t, forward or back, and ends the contexts of
// WithTimeout whose time has come.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	due := c.dueLocked()
	c.mu.Unlock()
	run(due)
}

// WithTimeout returns a copy of ctx that ends once the clock has moved d
// forward from now, with context.DeadlineExceeded as a deadline's end
// does. Only Advance and Set move the clock past it.
func (c *Clock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	inner, cancel := context.WithCancel(ctx)
	t := &timeoutCtx{Context: inner}
	c.mu.Lock()
	tm := &timer{at: c.now.Add(d), f: func() { t.expired.Store(true); cancel() }}
	c.timers = append(c.timers, tm)
	due := c.dueLocked()
	c.mu.Unlock()
	run(due)
	return t, func() {
		c.mu.Lock()
		tm.stopped = true
		c.mu.Unlock()
		cancel()
	}
}

// timeoutCtx is the context of WithTimeout: once its time has come it
// reports context.DeadlineExceeded, as one of context.WithTimeout does.
type timeoutCtx struct {
	context.Context
	expired atomic.Bool
}

func (t *timeoutCtx) Err() error {
	err := t.Context.Err()
	if err != nil && t.expired.Load() {
		return context.DeadlineExceeded
	}
	return err
}

// Timers returns how many timeouts of WithTimeout are pending: a test can
// wait for an attempt to have started before moving the clock.
func (c *Clock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.stopped {
			n++
		}
	}
	return n
}

// dueLocked takes the timeouts due at c.now off the list, marked as run.
func (c *Clock) dueLocked() []func() {
	var due []func()
	kept := c.timers[:0]
	for _, t := range c.timers {
		switch {
		case t.stopped:
		case !t.at.After(c.now):
			t.stopped = true
			due = append(due, t.f)
		default:
			kept = append(kept, t)
		}
	}
	clear(c.timers[len(kept):])
	c.timers = kept
	return due
}

func run(fs []func()) {
	for _, f := range fs {
		f()
	}
}

// Waits returns every wait asked for so far, in order.
func (c *Clock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}
