package avara_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/internal/retrybudget"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Outages: the retry budget, Retry-After hints the SDK will not wait for,
// client-side rate limiting and per-attempt timeouts. Time is a fake clock
// throughout: it stands still unless the SDK waits, so the budget's window
// and every wait are exact, whatever the machine's speed.

var otStart = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// otOutcome is what a batch of calls came to.
type otOutcome struct {
	calls, failed, withheld int
	requests                int // what the server received
}

// otGets makes n calls of Express.Get from workers goroutines on one client.
func otGets(t *testing.T, srv *avaratest.Server, client *avara.Client, id string, n, workers int) otOutcome {
	t.Helper()
	before := len(srv.Requests())
	var failed, withheld atomic.Int64
	errs := relWorkers(n, workers, func(int) error {
		_, err := client.Express.Get(context.Background(), id)
		if err != nil {
			failed.Add(1)
			if errors.Is(err, avara.ErrRetryBudgetExhausted) {
				withheld.Add(1)
			}
			var apiErr *avara.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
				return err
			}
		}
		return nil
	})
	require.Empty(t, errs, "every failure is the server's 503")
	return otOutcome{n, int(failed.Load()), int(withheld.Load()), len(srv.Requests()) - before}
}

func otOutage() avaratest.Chaos {
	return avaratest.Chaos{Rate: 1, Faults: []avaratest.Fault{{Status: http.StatusServiceUnavailable, RetryAfter: "0"}}}
}

func TestRetryBudgetUnderAnOutage(t *testing.T) {
	const calls, workers = 1000, 50
	t.Run("1,000 calls from 50 goroutines send at most 1,400 requests, not 3,000", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		id := srv.Customers()[0].ID
		srv.SetChaos(otOutage())
		client := srv.Client(withClock(fakeclock.New(otStart)))

		got := otGets(t, srv, client, id, calls, workers)
		t.Logf("outage, default budget: %d calls, %d requests sent, %d retries granted, %d calls refused a retry",
			got.calls, got.requests, got.requests-got.calls, got.withheld)
		assert.Equal(t, calls, got.failed, "the server is down: every call fails")
		assert.LessOrEqual(t, got.requests, 1400)
		// In one window the budget grants its floor (10/s × 10 s) plus 20%
		// of the calls: 300 retries at most.
		assert.LessOrEqual(t, got.requests, calls+300)
		assert.GreaterOrEqual(t, got.requests, calls+100, "the floor at least is granted")
		assert.Positive(t, got.withheld, "calls refused a retry say so")
	})
	t.Run("WithoutRetryBudget sends every attempt: 3,000 requests", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		id := srv.Customers()[0].ID
		srv.SetChaos(otOutage())
		client := srv.Client(withClock(fakeclock.New(otStart)), option.WithoutRetryBudget())

		got := otGets(t, srv, client, id, calls, workers)
		t.Logf("outage, no budget: %d calls, %d requests sent", got.calls, got.requests)
		assert.Equal(t, 3*calls, got.requests)
		assert.Zero(t, got.withheld)
	})
	t.Run("with 2% of answers failing, no call fails for lack of budget", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		id := srv.Customers()[0].ID
		srv.SetChaos(avaratest.Chaos{Rate: 0.02, Seed: 3, Faults: []avaratest.Fault{{Status: http.StatusServiceUnavailable, RetryAfter: "0"}}})
		client := srv.Client(withClock(fakeclock.New(otStart)))

		got := otGets(t, srv, client, id, calls, workers)
		t.Logf("2%% failures: %d calls, %d requests sent, %d faults, %d calls failed", got.calls, got.requests, srv.FaultsInjected(), got.failed)
		assert.Positive(t, srv.FaultsInjected())
		assert.Zero(t, got.withheld, "the budget allows every retry")
	})
	t.Run("after the outage ends, calls are retried again within one window", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		id := srv.Customers()[0].ID
		clock := fakeclock.New(otStart)
		client := srv.Client(withClock(clock))
		srv.SetChaos(otOutage())
		got := otGets(t, srv, client, id, calls, workers)
		require.Positive(t, got.withheld, "the outage spent the budget")
		srv.ClearFaults()

		// Right after the outage a lone failure is not retried yet...
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable, RetryAfter: "0"})
		_, err := client.Express.Get(context.Background(), id)
		require.ErrorIs(t, err, avara.ErrRetryBudgetExhausted)
		assert.Contains(t, err.Error(), "(retry withheld: the client's retry budget is exhausted)")

		// ...one window later it is.
		clock.Advance(retrybudget.Window)
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: http.StatusServiceUnavailable, RetryAfter: "0"})
		before := len(srv.Requests())
		c, err := client.Express.Get(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, id, c.ExpressCustomerID)
		assert.Equal(t, 2, len(srv.Requests())-before, "the 503 and its retry")
	})
	t.Run("a connection error whose retry is withheld says so too", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		id := srv.Customers()[0].ID
		client := srv.Client(withClock(fakeclock.New(otStart)), option.WithRetryBudget(0, 0))
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Drop: avaratest.DropBeforeRead})
		_, err := client.Express.Get(context.Background(), id)
		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.ErrorIs(t, err, avara.ErrRetryBudgetExhausted)
		assert.Equal(t, 1, reqErr.Attempts)
		assert.Contains(t, err.Error(), "(retry withheld: the client's retry budget is exhausted)")
	})
}

func TestRetryBudgetOptions(t *testing.T) {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	t.Cleanup(srv.Close)
	id := srv.Customers()[0].ID
	fail := func() {
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 503, RetryAfter: "0", Times: 2})
	}

	t.Run("WithRetryBudget(0, 0) on the client allows no retry at all", func(t *testing.T) {
		client := srv.Client(withClock(fakeclock.New(otStart)), option.WithRetryBudget(0, 0))
		fail()
		_, err := client.Express.Get(context.Background(), id)
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.ErrorIs(t, err, avara.ErrRetryBudgetExhausted)
		srv.ClearFaults()
	})
	t.Run("WithoutRetryBudget on one call exempts that call only", func(t *testing.T) {
		client := srv.Client(withClock(fakeclock.New(otStart)), option.WithRetryBudget(0, 0))
		fail()
		_, err := client.Express.Get(context.Background(), id, option.WithoutRetryBudget())
		require.NoError(t, err, "two 503s, then the answer")
		fail()
		_, err = client.Express.Get(context.Background(), id)
		assert.ErrorIs(t, err, avara.ErrRetryBudgetExhausted, "the next call is under the budget again")
		srv.ClearFaults()
	})
	t.Run("WithRetryBudget on a call fails it: the budget belongs to the client", func(t *testing.T) {
		before := len(srv.Requests())
		_, err := srv.Client().Express.Get(context.Background(), id, option.WithRetryBudget(50, 1))
		require.ErrorIs(t, err, avara.ErrInvalidParams)
		assert.Contains(t, err.Error(), "option.WithRetryBudget: the retry budget is shared by every call of a client: give it to avara.NewClient")
		assert.Equal(t, before, len(srv.Requests()), "nothing is sent")
	})
	t.Run("a bad budget fails every call, naming the option", func(t *testing.T) {
		for _, bad := range [][2]float64{{-1, 10}, {20, -1}, {nanOf(), 10}} {
			_, err := srv.Client(option.WithRetryBudget(bad[0], bad[1])).Express.Get(context.Background(), id)
			assert.ErrorIs(t, err, avara.ErrInvalidParams)
			assert.ErrorContains(t, err, fmt.Sprintf("option.WithRetryBudget: (%v, %v): both must be finite and 0 or more", bad[0], bad[1]))
		}
	})
	t.Run("every call of a client shares its budget, and clients do not share one", func(t *testing.T) {
		clock := fakeclock.New(otStart)
		a := srv.Client(withClock(clock), option.WithRetryBudget(0, 0.1)) // one retry per window
		b := srv.Client(withClock(clock), option.WithRetryBudget(0, 0.1))
		once := func() { srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 503, RetryAfter: "0"}) }
		once()
		_, err := a.Express.Get(context.Background(), id)
		require.NoError(t, err, "a's one retry")
		once()
		_, err = a.Express.Get(context.Background(), id, option.WithMaxRetries(5))
		assert.ErrorIs(t, err, avara.ErrRetryBudgetExhausted, "a call's options make no new budget")
		once()
		_, err = b.Express.Get(context.Background(), id)
		assert.NoError(t, err, "b's own retry")
		srv.ClearFaults()
	})
}

func nanOf() float64 {
	zero := 0.0
	return zero / zero
}

func TestRetryAfterHints(t *testing.T) {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	t.Cleanup(srv.Close)
	id := srv.Customers()[0].ID

	t.Run("Retry-After: 120 ends the retries at once, with RetryAfter 120 s", func(t *testing.T) {
		clock := fakeclock.New(otStart)
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 429, RetryAfter: "120", Times: 3})
		t.Cleanup(srv.ClearFaults)
		before := len(srv.Requests())
		_, err := srv.Client(withClock(clock)).Express.Get(context.Background(), id)
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 429, apiErr.StatusCode)
		assert.Equal(t, 120*time.Second, apiErr.RetryAfter)
		assert.Equal(t, 1, apiErr.Attempts)
		assert.Equal(t, 1, len(srv.Requests())-before, "one attempt")
		assert.Empty(t, clock.Waits(), "returned at once: no wait, not even the backoff's")
		assert.NotErrorIs(t, err, avara.ErrRetryBudgetExhausted, "the server's hint stopped it, not the budget")
	})
	t.Run("retry-after-ms: 250 waits 250 ms", func(t *testing.T) {
		clock := fakeclock.New(otStart)
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 503, RetryAfterMS: "250"})
		_, err := srv.Client(withClock(clock)).Express.Get(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{250 * time.Millisecond}, clock.Waits())
	})
	t.Run("an HTTP-date hint waits its distance from now", func(t *testing.T) {
		clock := fakeclock.New(otStart)
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 503, RetryAfter: otStart.Add(7 * time.Second).Format(http.TimeFormat)})
		_, err := srv.Client(withClock(clock)).Express.Get(context.Background(), id)
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{7 * time.Second}, clock.Waits())
	})
	t.Run("an HTTP date past the deadline's reach returns the answer at once", func(t *testing.T) {
		clock := fakeclock.New(otStart)
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 503, RetryAfter: otStart.Add(30 * time.Second).Format(http.TimeFormat)})
		t.Cleanup(srv.ClearFaults)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := srv.Client(withClock(clock)).Express.Get(ctx, id)
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
		assert.Empty(t, clock.Waits())
	})
	t.Run("an answer without a hint has RetryAfter 0", func(t *testing.T) {
		srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 500, Times: 3})
		_, err := srv.Client(withClock(fakeclock.New(otStart))).Express.Get(context.Background(), id)
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Zero(t, apiErr.RetryAfter)
		assert.Equal(t, 3, apiErr.Attempts)
	})
}

// otLimiter allows one request per interval on a fake clock, waiting (and
// so moving the clock) when a request comes early. It records when each
// request was let through.
type otLimiter struct {
	clock    *fakeclock.Clock
	interval time.Duration

	mu   sync.Mutex
	next time.Time
	at   []time.Time
}

func (l *otLimiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	slot := now
	if l.next.After(now) {
		slot = l.next
	}
	if err := l.clock.Sleep(ctx, slot.Sub(now)); err != nil {
		return err
	}
	l.next = slot.Add(l.interval)
	l.at = append(l.at, slot)
	return nil
}

// otBlockingLimiter never lets a request through: Wait returns only when
// its context ends, after telling waiting that it started.
type otBlockingLimiter struct{ waiting chan struct{} }

func (l otBlockingLimiter) Wait(ctx context.Context) error {
	close(l.waiting)
	<-ctx.Done()
	return ctx.Err()
}

func TestRateLimiter(t *testing.T) {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	t.Cleanup(srv.Close)
	id := srv.Customers()[0].ID

	t.Run("50 requests a second space 100 attempts, retries included, over 2 s", func(t *testing.T) {
		clock := fakeclock.New(otStart)
		limiter := &otLimiter{clock: clock, interval: time.Second / 50}
		client := srv.Client(withClock(clock), option.WithRateLimiter(limiter))
		before := len(srv.Requests())
		for range 50 {
			srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Status: 503, RetryAfter: "0"})
			_, err := client.Express.Get(context.Background(), id)
			require.NoError(t, err)
		}
		require.Equal(t, 100, len(srv.Requests())-before, "50 calls, each retried once")
		require.Len(t, limiter.at, 100, "every attempt waited on the limiter")
		spread := limiter.at[99].Sub(limiter.at[0])
		t.Logf("100 attempts at 50/s spread over %v", spread)
		assert.Equal(t, 99*time.Second/50, spread)
	})
	t.Run("a cancelled context ends a Wait at once, sending nothing", func(t *testing.T) {
		limiter := otBlockingLimiter{make(chan struct{})}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		before := len(srv.Requests())
		go func() {
			_, err := srv.Client(option.WithRateLimiter(limiter)).Express.Get(ctx, id)
			done <- err
		}()
		<-limiter.waiting
		cancel()
		err := <-done
		require.ErrorIs(t, err, context.Canceled)
		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Zero(t, reqErr.Attempts)
		assert.Contains(t, err.Error(), "option.WithRateLimiter: Wait: context canceled")
		assert.Equal(t, before, len(srv.Requests()))
	})
	t.Run("a limiter that refuses ends the call with its error wrapped", func(t *testing.T) {
		refuse := errors.New("quota for today used up")
		_, err := srv.Client(option.WithRateLimiter(limiterFunc(func(context.Context) error { return refuse }))).Express.Get(context.Background(), id)
		assert.ErrorIs(t, err, refuse)
	})
	t.Run("WithRateLimiter(nil) fails the call, naming the option", func(t *testing.T) {
		_, err := srv.Client(option.WithRateLimiter(nil)).Express.Get(context.Background(), id)
		assert.ErrorContains(t, err, "WithRateLimiter: the limiter is nil")
	})
}

type limiterFunc func(context.Context) error

func (f limiterFunc) Wait(ctx context.Context) error { return f(ctx) }

func TestAttemptTimeoutIsToldApartFromTheDeadline(t *testing.T) {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	t.Cleanup(srv.Close)
	id := srv.Customers()[0].ID
	stall := avaratest.Fault{Method: http.MethodGet, Delay: time.Hour, Times: 2} // cut short by the client

	t.Run("an attempt that runs out of WithRequestTimeout matches ErrAttemptTimeout", func(t *testing.T) {
		srv.InjectFault(stall)
		t.Cleanup(srv.ClearFaults)
		_, err := srv.Client(option.WithRetryBackoff(0, 0), option.WithRequestTimeout(50*time.Millisecond), option.WithMaxRetries(1)).
			Express.Get(context.Background(), id)
		require.ErrorIs(t, err, avara.ErrAttemptTimeout)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "it is still the attempt context's deadline")
		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		assert.Equal(t, 2, reqErr.Attempts, "a timed-out attempt is retried")
		assert.Contains(t, err.Error(), "attempt timed out after 50ms (option.WithRequestTimeout)")
	})
	t.Run("the caller's own deadline does not", func(t *testing.T) {
		srv.InjectFault(stall)
		t.Cleanup(srv.ClearFaults)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := srv.Client(option.WithRequestTimeout(time.Hour)).Express.Get(ctx, id)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.NotErrorIs(t, err, avara.ErrAttemptTimeout)
	})
}
