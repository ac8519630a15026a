package avara_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests try to break the SDK's promises about reliability and
// resources: exactly-once writes under injected faults, connection reuse,
// no goroutine outliving its call, bounded response bodies.

// relCounter is a middleware that counts what the client saw of every
// attempt, retries included, by outcome.
type relCounter struct {
	attempts, retries                          atomic.Int64
	s500, s503, s429, other, dropped, timedOut atomic.Int64
}

func (c *relCounter) middleware(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	c.attempts.Add(1)
	if r.Header.Get("X-Stainless-Retry-Count") != "0" {
		c.retries.Add(1)
	}
	res, err := next(r)
	switch {
	case err != nil && errors.Is(err, context.DeadlineExceeded):
		c.timedOut.Add(1)
	case err != nil:
		c.dropped.Add(1)
	case res.StatusCode == http.StatusInternalServerError:
		c.s500.Add(1)
	case res.StatusCode == http.StatusServiceUnavailable:
		c.s503.Add(1)
	case res.StatusCode == http.StatusTooManyRequests:
		c.s429.Add(1)
	case res.StatusCode >= 300:
		c.other.Add(1)
	}
	return res, err
}

// relChaos is the fault mix of the chaos tests: every failure the SDK must
// ride out, on the write endpoints.
func relChaos(method, path string) []avaratest.Fault {
	return []avaratest.Fault{
		{Method: method, Path: path, Status: http.StatusInternalServerError},
		{Method: method, Path: path, Status: http.StatusServiceUnavailable, RetryAfter: "0"},
		{Method: method, Path: path, Status: http.StatusTooManyRequests, RetryAfterMS: "10"},
		{Method: method, Path: path, Drop: avaratest.DropBeforeRead},
		{Method: method, Path: path, Drop: avaratest.DropAfterRead},
		// Cut by the client's per-attempt timeout, relAttemptTimeout.
		{Method: method, Path: path, Delay: time.Minute},
	}
}

// relAttemptTimeout is the chaos clients' per-attempt timeout: what a stall
// costs, and long enough for an answer on a loaded machine.
const relAttemptTimeout = 500 * time.Millisecond

// relChaosClient is the client of the chaos tests: retries without waiting
// (the fake clock takes the backoff and the retry-after-ms hints) and
// without a retry budget, since 30% of requests failing is past any budget
// by design.
func relChaosClient(srv *avaratest.Server, counter *relCounter) *avara.Client {
	return srv.Client(
		option.WithMaxRetries(10),
		option.WithRequestTimeout(relAttemptTimeout),
		option.WithMiddleware(counter.middleware),
		option.WithoutRetryBudget(),
		withClock(realTimeouts{fakeclock.New(time.Unix(1e9, 0))}),
	)
}

// relWorkers runs job(0…n-1) on `workers` goroutines and returns the first
// error of each failed job.
func relWorkers(n, workers int, job func(i int) error) []error {
	var (
		next atomic.Int64
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := job(i); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("job %d: %w", i, err))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return errs
}

// relLogFigures logs what a chaos run cost: requests, faults by kind,
// retries. The fake's log tells most kinds apart: an injected status is
// logged with it, a connection dropped before the body was read has no
// body, one dropped after has one. A stall is dropped before its body is
// read too, once the client gives up on it: those are the attempts the SDK
// saw time out.
func relLogFigures(t *testing.T, what string, srv *avaratest.Server, c *relCounter, start time.Time) {
	t.Helper()
	reqs := srv.Requests()
	var s500, s503, s429, dropBefore, dropAfter int
	for _, r := range reqs {
		switch {
		case r.Status == http.StatusInternalServerError:
			s500++
		case r.Status == http.StatusServiceUnavailable:
			s503++
		case r.Status == http.StatusTooManyRequests:
			s429++
		case r.Status == 0 && r.Body == nil:
			dropBefore++
		case r.Status == 0:
			dropAfter++
		}
	}
	faults := srv.FaultsInjected()
	stalls := int(c.timedOut.Load())
	dropBefore -= stalls
	t.Logf("%s: %d requests sent in %v: %d attempts by the SDK (%d of them its retries) and %d replays by net/http itself "+
		"(it resends a request carrying an Idempotency-Key once when a reused connection drops it)",
		what, len(reqs), time.Since(start).Round(time.Millisecond), c.attempts.Load(), c.retries.Load(), int64(len(reqs))-c.attempts.Load())
	t.Logf("%s: %d faults injected: 500×%d, 503 (Retry-After: 0)×%d, 429 (retry-after-ms: 10)×%d, dropped before read×%d, dropped after read×%d, stalls past the %v attempt timeout×%d",
		what, faults, s500, s503, s429, dropBefore, dropAfter, relAttemptTimeout, stalls)
	t.Logf("%s: the SDK saw 500×%d, 503×%d, 429×%d, other non-2xx×%d, connection errors×%d, attempt timeouts×%d",
		what, c.s500.Load(), c.s503.Load(), c.s429.Load(), c.other.Load(), c.dropped.Load(), c.timedOut.Load())
}

// TestChaosCreatesEachCustomerExactlyOnce: with 30% of requests failing in
// every way the fake can fail them, 16 goroutines sharing one client create
// 1,000 customers. Every call must succeed, and the fake must then hold each
// customer exactly once: retries that reach a server which already applied
// the create (the answer was lost) are answered from the Idempotency-Key.
func TestChaosCreatesEachCustomerExactlyOnce(t *testing.T) {
	t.Parallel() // it mostly waits for stalled attempts to time out
	const (
		customers = 1000
		workers   = 16
	)
	srv := avaratest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetChaos(avaratest.Chaos{Rate: 0.3, Faults: relChaos(http.MethodPost, "/v1/express"), Seed: 7})

	counter := &relCounter{}
	client := relChaosClient(srv, counter)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang fails, not stalls CI
	defer cancel()

	start := time.Now()
	ids := make([]string, customers)
	errs := relWorkers(customers, workers, func(i int) error {
		c, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: fmt.Sprintf("chaos-%04d", i)})
		if err != nil {
			return err
		}
		if c.ExpressCustomerName != fmt.Sprintf("chaos-%04d", i) {
			return fmt.Errorf("answer names %q", c.ExpressCustomerName)
		}
		ids[i] = c.ExpressCustomerID
		return nil
	})
	relLogFigures(t, "create", srv, counter, start)
	require.Empty(t, errs, "every create must succeed through the faults")

	stored := srv.Customers()
	byName := map[string]int{}
	byID := map[string]bool{}
	for _, c := range stored {
		byName[c.Name]++
		byID[c.ID] = true
	}
	duplicates := 0
	for _, n := range byName {
		duplicates += n - 1
	}
	t.Logf("create: %d customers created, %d distinct names, %d duplicates", len(stored), len(byName), duplicates)
	assert.Equal(t, 0, duplicates, "no customer may be created twice")
	assert.Len(t, stored, customers)
	for i := range customers {
		name := fmt.Sprintf("chaos-%04d", i)
		assert.Equal(t, 1, byName[name], "customer %s", name)
		assert.True(t, byID[ids[i]], "the id returned for %s (%s) is the one the fake holds", name, ids[i])
	}
	// The API agrees: a walk of every page finds each customer once.
	srv.ClearFaults()
	listed := map[string]bool{}
	for c, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(100)}).All() {
		require.NoError(t, err)
		assert.False(t, listed[c.ExpressCustomerID], "listed twice: %s", c.ExpressCustomerID)
		listed[c.ExpressCustomerID] = true
	}
	assert.Len(t, listed, customers)

	assert.Positive(t, srv.FaultsInjected(), "the chaos must have struck")
	assert.Positive(t, counter.retries.Load())
	assert.Positive(t, counter.dropped.Load(), "dropped connections must have been ridden out")
	assert.Positive(t, counter.timedOut.Load(), "stalled attempts must have timed out and been retried")
}

// TestChaosMembershipIsExact adds and removes users under the same chaos:
// a lost answer to an add or a remove is retried with the same key, so a
// retried remove never turns into "not a member" (404), and each customer
// ends with exactly the intended members and userCount.
func TestChaosMembershipIsExact(t *testing.T) {
	t.Parallel() // it mostly waits for stalled attempts to time out
	const (
		customers = 10
		users     = 30 // per customer; every third is removed again
		workers   = 16
	)
	srv := avaratest.NewServer(avaratest.WithSeedCount(customers))
	t.Cleanup(srv.Close)
	srv.SetChaos(avaratest.Chaos{Rate: 0.3, Faults: append(
		relChaos(http.MethodPost, "/v1/express/*/users"),
		relChaos(http.MethodDelete, "/v1/express/*/users")...), Seed: 11})

	counter := &relCounter{}
	client := relChaosClient(srv, counter)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	seeded := srv.Customers()
	require.Len(t, seeded, customers)
	userID := func(c, u int) string { return fmt.Sprintf("usr_%016x%016x", c+1, u+1) }
	removed := func(u int) bool { return u%3 == 0 }

	start := time.Now()
	// Each job is one (customer, user) pair: add, then remove every third
	// user again. Pairs run concurrently, so every customer sees concurrent
	// adds and removes.
	errs := relWorkers(customers*users, workers, func(i int) error {
		c, u := i%customers, i/customers
		id := seeded[c].ID
		ok, err := client.Express.Users.Add(ctx, id, avara.ExpressUserAddParams{UserID: userID(c, u)})
		if err != nil {
			return fmt.Errorf("add: %w", err)
		}
		if !ok.Success {
			return errors.New("add: success is false")
		}
		if !removed(u) {
			return nil
		}
		ok, err = client.Express.Users.Remove(ctx, id, avara.ExpressUserRemoveParams{UserID: userID(c, u)})
		if err != nil {
			return fmt.Errorf("remove: %w", err)
		}
		if !ok.Success {
			return errors.New("remove: success is false")
		}
		return nil
	})
	relLogFigures(t, "membership", srv, counter, start)
	require.Empty(t, errs, "every add and remove must succeed through the faults")

	srv.ClearFaults()
	for c, sc := range seeded {
		var want []string
		for u := range users {
			if !removed(u) {
				want = append(want, userID(c, u))
			}
		}
		slices.Sort(want)
		got, ok := srv.Customer(sc.ID)
		require.True(t, ok)
		assert.Equal(t, want, got.Users, "members of %s", sc.ID)
		api, err := client.Express.Get(ctx, sc.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(len(want)), api.UserCount, "userCount of %s", sc.ID)
	}
	t.Logf("membership: %d adds and %d removes, every customer holds exactly its %d intended members",
		customers*users, customers*users/3, users-users/3)
	assert.Positive(t, srv.FaultsInjected())
	assert.Positive(t, counter.retries.Load())
}

// relConnServer serves the fake on a test server that counts the TCP
// connections it accepts.
func relConnServer(t *testing.T, opts ...avaratest.Option) (*avaratest.Server, *atomic.Int64) {
	t.Helper()
	fake := avaratest.NewUnstartedServer(opts...)
	var conns atomic.Int64
	ts := httptest.NewUnstartedServer(fake.Handler())
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	fake.URL = ts.URL
	t.Cleanup(func() {
		fake.Close()
		ts.Close()
	})
	return fake, &conns
}

// TestSequentialCallsReuseOneConnection sends 1000 calls one after the
// other, answered every way a call can be (2xx, 4xx, 5xx, a retried 500,
// a 64 KiB error body), and counts the TCP connections opened: every
// answer's body is read or drained, so one connection serves them all.
func TestSequentialCallsReuseOneConnection(t *testing.T) {
	srv, conns := relConnServer(t, avaratest.WithSeedCount(1))
	id := srv.Customers()[0].ID
	client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithMaxRetries(0))
	ctx := context.Background()

	kinds := map[string]int{}
	for i := range 1000 {
		var err error
		switch i % 10 {
		case 0:
			_, err = client.Express.Get(ctx, id)
		case 1:
			_, err = client.Express.Get(ctx, "cus_00000000000000000000000000000000") // 404
		case 2:
			_, err = client.Express.Update(ctx, id, avara.ExpressUpdateParams{}, option.WithJSONSet("bogus", 1)) // 400
		case 3:
			_, err = client.Express.Get(ctx, id, option.WithAPIKey("wrong")) // 401
		case 4:
			srv.InjectFault(avaratest.Fault{Status: http.StatusInternalServerError})
			_, err = client.Express.Get(ctx, id)
		case 5:
			srv.InjectFault(avaratest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "0"})
			_, err = client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(1)})
		case 6:
			_, err = client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(1)})
		case 7:
			_, err = client.Express.Users.Remove(ctx, id, avara.ExpressUserRemoveParams{UserID: "usr_00000000000000000000000000000000"}) // 404, not a member
		case 8: // a 500, retried on the same connection
			srv.InjectFault(avaratest.Fault{Status: http.StatusInternalServerError, RetryAfter: "0"})
			_, err = client.Express.Get(ctx, id, option.WithMaxRetries(1))
		case 9: // a 409 the server says not to retry, with a 64 KiB body
			srv.InjectFault(avaratest.Fault{Method: http.MethodPost, Status: http.StatusConflict, Message: strings.Repeat("x", 64<<10),
				Header: http.Header{"X-Should-Retry": {"false"}}})
			_, err = client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"}, option.WithMaxRetries(2))
		}
		var apiErr *avara.Error
		switch {
		case err == nil:
			kinds["2xx"]++
		case errors.As(err, &apiErr):
			kinds[strconv.Itoa(apiErr.StatusCode)]++
		default:
			t.Fatalf("call %d: %v", i, err)
		}
	}
	t.Logf("1000 calls (%v) opened %d TCP connection(s)", kinds, conns.Load())
	assert.Equal(t, map[string]int{"2xx": 300, "400": 100, "401": 100, "404": 200, "409": 100, "500": 100, "503": 100}, kinds)
	assert.LessOrEqual(t, conns.Load(), int64(2))
}

// relTransport is a client of its own, so that its idle connections can be
// closed without touching other tests' pools.
func relTransport(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// TestNoGoroutineOutlivesItsCall: once a call has returned (success, error
// answer, retries, per-attempt timeout, cancelled context) and the idle
// connections are closed, every goroutine it started is gone; the same for
// an auto-pager left early, with and without prefetch, and for calls in
// flight when the fake is closed.
func TestNoGoroutineOutlivesItsCall(t *testing.T) {
	ctx := context.Background()

	t.Run("finished calls", func(t *testing.T) {
		check := leakCheck(t)
		srv := avaratest.NewServer(avaratest.WithSeedCount(3))
		hc := relTransport(t)
		client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithHTTPClient(hc),
			option.WithRequestTimeout(100*time.Millisecond), option.WithRetryBackoff(0, 0))
		id := srv.Customers()[0].ID

		_, err := client.Express.Get(ctx, id)
		require.NoError(t, err)
		_, err = client.Express.Get(ctx, "cus_00000000000000000000000000000000")
		require.ErrorIs(t, err, avara.ErrNotFound)
		srv.InjectFault(avaratest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "0", Times: 2})
		_, err = client.Express.Get(ctx, id)
		require.NoError(t, err)
		srv.InjectFault(avaratest.Fault{Delay: time.Hour, Times: 3})
		_, err = client.Express.Get(ctx, id, option.WithMaxRetries(0))
		require.ErrorIs(t, err, avara.ErrAttemptTimeout)
		cctx, cancel := context.WithCancel(ctx)
		srv.InjectFault(avaratest.Fault{Delay: time.Hour})
		time.AfterFunc(20*time.Millisecond, cancel) // before or during the attempt: either way it ends the call
		_, err = client.Express.Get(cctx, id, option.WithRequestTimeout(0))
		require.ErrorIs(t, err, context.Canceled)
		srv.ClearFaults()

		srv.Close()
		hc.CloseIdleConnections()
		check()
	})

	for _, prefetch := range []bool{false, true} {
		t.Run(fmt.Sprintf("auto-pager left early, prefetch %v", prefetch), func(t *testing.T) {
			check := leakCheck(t)
			srv := avaratest.NewServer(avaratest.WithSeedCount(50))
			hc := relTransport(t)
			client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithHTTPClient(hc),
				option.WithPagePrefetch(prefetch))

			// range with break
			n := 0
			for _, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(5)}).All() {
				require.NoError(t, err)
				if n++; n == 7 {
					break
				}
			}
			// a Next loop left early, then closed
			iter := client.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(5)})
			for i := 0; i < 12 && iter.Next(); i++ {
			}
			iter.Close()
			require.NoError(t, iter.Err())
			// a walk whose context is cancelled with a page in flight
			srv.InjectFault(avaratest.Fault{Method: http.MethodGet, Delay: time.Hour, Times: 2})
			cctx, cancel := context.WithCancel(ctx)
			iter = client.Express.ListAutoPaging(cctx, avara.ExpressListParams{Limit: avara.Int(5)})
			time.AfterFunc(30*time.Millisecond, cancel) // whenever it comes, the walk ends with it
			for iter.Next() {
			}
			require.ErrorIs(t, iter.Err(), context.Canceled)
			iter.Close()

			srv.Close()
			hc.CloseIdleConnections()
			check()
		})
	}

	t.Run("fake closed under calls in flight", func(t *testing.T) {
		check := leakCheck(t)
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		hc := relTransport(t)
		client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey), option.WithHTTPClient(hc),
			option.WithMaxRetries(1), withClock(fakeclock.New(time.Unix(1e9, 0))))
		id := srv.Customers()[0].ID
		_, err := client.Express.Get(ctx, id) // leaves an idle connection behind
		require.NoError(t, err)

		// Every request the fake receives from now on, retries included,
		// is held until the fake closes, so no call can succeed.
		srv.InjectFault(avaratest.Fault{Delay: time.Hour, Times: 1000})
		errs := make(chan error, 8)
		for range 8 {
			go func() {
				_, err := client.Express.Get(ctx, id)
				errs <- err
			}()
		}
		waitUntil(t, "all 8 calls are held in the fake", func() bool { return srv.FaultsInjected() >= 8 })
		srv.Close() // no CloseIdleConnections: closing the server must be enough
		for range 8 {
			require.Error(t, <-errs)
		}
		check()
	})
}

// relStream writes n bytes of JSON-ish filler from one small buffer, so the
// server never holds the body; n < 0 writes until the client goes away.
func relStream(w io.Writer, n int64) {
	chunk := []byte(strings.Repeat(" ", 32<<10))
	for n != 0 {
		b := chunk
		if n > 0 && int64(len(b)) > n {
			b = b[:n]
		}
		m, err := w.Write(b)
		if err != nil {
			return
		}
		if n > 0 {
			n -= int64(m)
		}
	}
}

// TestResponseBodyOverTheBound: a 2xx body larger than MaxResponseBytes is
// refused with ErrInvalidResponse instead of being read into memory without
// end, whether the server declares its length or streams it chunked.
func TestResponseBodyOverTheBound(t *testing.T) {
	bound := requestconfig.MaxResponseBytes
	ctx := context.Background()

	t.Run("declared length", func(t *testing.T) {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.FormatInt(bound+1, 10))
			w.WriteHeader(http.StatusOK)
			relStream(w, bound+1)
		}))
		t.Cleanup(ts.Close)
		client := avara.NewClient(option.WithBaseURL(ts.URL), option.WithAPIKey("k"))
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := client.Express.Get(ctx, "cus_1")
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		require.ErrorIs(t, err, avara.ErrInvalidResponse)
		assert.Contains(t, err.Error(), "bound")
		assert.Equal(t, 1, reqErr.Attempts, "an oversized answer is not retried")
		// Refused from the header: nothing of the body is read.
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(bound/8))
	})

	t.Run("chunked, past the bound", func(t *testing.T) {
		var sent atomic.Int64
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			cw := &relCountingWriter{w: w, n: &sent}
			relStream(cw, -1) // never ends on its own
		}))
		t.Cleanup(ts.Close)
		client := avara.NewClient(option.WithBaseURL(ts.URL), option.WithAPIKey("k"))

		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err := client.Express.Get(ctx, "cus_1")
		elapsed := time.Since(start)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		allocated := after.TotalAlloc - before.TotalAlloc
		runtime.GC()
		runtime.ReadMemStats(&after)
		t.Logf("server sent %d MiB; the client allocated %d MiB while refusing it in %v, and holds %d MiB more heap after it",
			sent.Load()>>20, allocated>>20, elapsed.Round(time.Millisecond), (int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20)

		var reqErr *avara.RequestError
		require.ErrorAs(t, err, &reqErr)
		require.ErrorIs(t, err, avara.ErrInvalidResponse)
		assert.Equal(t, 1, reqErr.Attempts)
		// The read stops just past the bound (plus what is in flight) …
		assert.Less(t, sent.Load(), bound+bound/2)
		// … holds at most the bound once, plus slack for the transport …
		assert.Less(t, allocated, uint64(bound+bound/4))
		// … and keeps nothing once the call has failed.
		assert.Less(t, int64(after.HeapAlloc)-int64(before.HeapAlloc), bound/8)
	})
}

type relCountingWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (c *relCountingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// TestCloseIdleConnections checks that a client's pooled keep-alive
// connection, which a goroutine count in a caller's own test would see,
// goes with CloseIdleConnections, and that the client stays usable.
func TestCloseIdleConnections(t *testing.T) {
	srv, conns := relConnServer(t, avaratest.WithSeedCount(1))
	id := srv.Customers()[0].ID
	check := leakCheck(t)
	client := avara.NewClient(option.WithBaseURL(srv.URL), option.WithAPIKey(srv.APIKey))
	_, err := client.Express.Get(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, int64(1), conns.Load())

	client.CloseIdleConnections()
	check() // the pooled connection's goroutines, the client's and the server's, are gone
	_, err = client.Express.Get(context.Background(), id)
	require.NoError(t, err, "the client stays usable")
	assert.Equal(t, int64(2), conns.Load(), "on a new connection")
	client.CloseIdleConnections()

	t.Run("a client whose HTTP client cannot close idle connections is left alone", func(t *testing.T) {
		doer := option.HTTPClient(nil)
		assert.NotPanics(t, avara.NewClient(option.WithHTTPClient(doer)).CloseIdleConnections)
		assert.NotPanics(t, avara.NewClient(option.WithHTTPClient(&clDoer{})).CloseIdleConnections)
	})
}
