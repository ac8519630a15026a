package avaratest

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInjectFault(t *testing.T) {
	createReq := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`}

	t.Run("the next N matching requests get the status with Retry-After and the standard error body", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Path: "/v1/express", Status: 503, RetryAfter: "0", RetryAfterMS: "10", Times: 2})
		assert.Equal(t, 2, srv.PendingFaults())

		for i := range 2 {
			res := do(t, srv, createReq)
			require.Equal(t, http.StatusServiceUnavailable, res.status, "attempt %d", i)
			assert.Equal(t, "0", res.header.Get("Retry-After"))
			assert.Equal(t, "10", res.header.Get("Retry-After-Ms"))
			e := res.errorBody(t)
			assert.Equal(t, "api_error", e.Type)
			assert.Equal(t, "injected fault: 503 Service Unavailable", e.Message)
		}
		do(t, srv, createReq).customer(t)

		assert.Equal(t, 2, srv.FaultsInjected())
		assert.Equal(t, 0, srv.PendingFaults())
		assert.Len(t, srv.Customers(), 1, "faulted requests never reach the state")
	})

	t.Run("a fault skips requests that do not match its method and path", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Path: "/v1/express", Status: 500})
		assert.Equal(t, http.StatusOK, do(t, srv, req{method: "GET", path: "/v1/express"}).status)
		assert.Equal(t, http.StatusOK, do(t, srv, req{method: "GET", path: "/v1/express?limit=5"}).status, "the query is not part of the path")
		assert.Equal(t, http.StatusInternalServerError, do(t, srv, createReq).status)
	})

	t.Run("a star in the path matches any one segment", func(t *testing.T) {
		srv := newTestServer(t)
		c := create(t, srv, "x", nil)
		srv.InjectFault(Fault{Path: "/v1/express/*/users", Status: 429, Header: http.Header{"X-Should-Retry": {"true"}}})
		assert.Equal(t, http.StatusOK, do(t, srv, req{method: "GET", path: "/v1/express/" + c.ExpressCustomerID}).status)
		res := do(t, srv, req{method: "POST", path: "/v1/express/" + c.ExpressCustomerID + "/users", body: map[string]string{"userId": userID(1)}})
		assert.Equal(t, http.StatusTooManyRequests, res.status)
		assert.Equal(t, "true", res.header.Get("X-Should-Retry"))
		assert.Equal(t, "rate_limit_error", res.errorBody(t).Type)
	})

	t.Run("faults apply in the order they were injected", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Status: 502})
		srv.InjectFault(Fault{Status: 504, Message: "custom"})
		assert.Equal(t, 502, do(t, srv, createReq).status)
		res := do(t, srv, createReq)
		assert.Equal(t, 504, res.status)
		assert.Equal(t, "custom", res.errorBody(t).Message)
		assert.Equal(t, 200, do(t, srv, createReq).status)
	})

	t.Run("ClearFaults removes pending faults", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Status: 500, Times: 5})
		srv.ClearFaults()
		assert.Equal(t, 0, srv.PendingFaults())
		assert.Equal(t, 200, do(t, srv, createReq).status)
	})

	t.Run("a fault answers before authentication, like a failing proxy", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Status: 503})
		res := do(t, srv, req{method: "GET", path: "/v1/express", header: map[string]string{"Authorization": "-"}})
		assert.Equal(t, 503, res.status)
	})

	t.Run("a delay holds the answer back", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Delay: 150 * time.Millisecond})
		start := time.Now()
		res := do(t, srv, createReq)
		assert.Equal(t, 200, res.status)
		assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)
	})

	t.Run("a delay with a status answers the status late", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Delay: 100 * time.Millisecond, Status: 504})
		start := time.Now()
		assert.Equal(t, 504, do(t, srv, createReq).status)
		assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond)
	})

	t.Run("a delay ends when the client gives up, and the request has no effect", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Delay: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		r := createReq
		r.ctx = ctx
		_, err := send(t, srv, r)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		waitUntil(t, "the fake logs the request it dropped", func() bool {
			reqs := srv.Requests()
			return len(reqs) == 1 && reqs[0].Status == 0
		})
		assert.Empty(t, srv.Customers())
	})

	t.Run("Close ends a long delay at once", func(t *testing.T) {
		srv := NewServer()
		srv.InjectFault(Fault{Delay: time.Hour})
		errc := make(chan error, 1)
		go func() {
			_, err := send(t, srv, createReq)
			errc <- err
		}()
		waitUntil(t, "the request is delayed", func() bool { return srv.FaultsInjected() == 1 })
		closed := make(chan struct{})
		go func() {
			srv.Close()
			close(closed)
		}()
		select {
		case <-closed:
		case <-time.After(time.Minute): // against a delay of an hour
			t.Fatal("Close waited for the delay")
		}
		assert.Error(t, <-errc, "the delayed request is dropped")
	})

	t.Run("a drop before reading fails the request without any effect", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Drop: DropBeforeRead})
		_, err := send(t, srv, createReq)
		require.Error(t, err)
		assert.Empty(t, srv.Customers())
		reqs := srv.Requests()
		require.Len(t, reqs, 1)
		assert.Nil(t, reqs[0].Body, "the body was never read")
		assert.Equal(t, 0, reqs[0].Status)
		do(t, srv, createReq).customer(t)
	})

	t.Run("a drop after reading fails the request although it took effect", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Drop: DropAfterRead})
		_, err := send(t, srv, createReq)
		require.Error(t, err)
		assert.Len(t, srv.Customers(), 1)
		reqs := srv.Requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, createReq.body, string(reqs[0].Body))
		assert.Equal(t, 0, reqs[0].Status)
	})

	t.Run("a drop after reading is saved by an idempotency key: the retry gets the lost answer", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Drop: DropAfterRead})
		r := createReq
		r.header = withKey("lost")
		_, err := send(t, srv, r)
		require.Error(t, err)
		require.Len(t, srv.Customers(), 1)

		retry := do(t, srv, r)
		c := retry.customer(t)
		assert.Equal(t, srv.Customers()[0].ID, c.ExpressCustomerID)
		assert.Equal(t, "true", retry.header.Get("Idempotent-Replayed"))
		assert.Len(t, srv.Customers(), 1)
	})

	t.Run("drop wins over a status", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Status: 500, Drop: DropBeforeRead})
		_, err := send(t, srv, createReq)
		assert.Error(t, err)
	})

	invalid := []struct {
		name  string
		fault Fault
		want  string
	}{
		{"a fault with no effect is refused", Fault{Method: "POST"}, "fault has no effect: set Status, Delay or Drop"},
		{"a success status is refused", Fault{Status: 200}, "status must be 0 or between 400 and 599, got 200"},
		{"a status over 599 is refused", Fault{Status: 600}, "status must be 0 or between 400 and 599, got 600"},
		{"a negative delay is refused", Fault{Delay: -time.Second}, "delay must not be negative, got -1s"},
		{"a negative count is refused", Fault{Status: 500, Times: -1}, "times must not be negative, got -1"},
		{"an unknown drop mode is refused", Fault{Drop: DropMode(9)}, "unknown drop mode 9"},
		{"a path with a query, which would never match, is refused", Fault{Status: 500, Path: "/v1/express?limit=1"},
			`path "/v1/express?limit=1" has a query or fragment; a fault matches the path only, such as "/v1/express"`},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t)
			assert.PanicsWithValue(t, "avaratest: InjectFault: "+tt.want, func() { srv.InjectFault(tt.fault) })
		})
	}
}

func TestChaos(t *testing.T) {
	t.Run("a share of requests near the rate fails, and every failure is counted", func(t *testing.T) {
		srv := newTestServer(t)
		srv.SetChaos(Chaos{Rate: 0.3, Seed: 1})
		failed := 0
		const n = 300
		for range n {
			res := do(t, srv, req{method: "GET", path: "/v1/express"})
			if res.status != 200 {
				require.Equal(t, 503, res.status)
				failed++
			}
		}
		assert.Equal(t, failed, srv.FaultsInjected())
		assert.InDelta(t, 0.3*n, failed, 0.1*n)
	})

	t.Run("the same seed gives the same faults to sequential requests", func(t *testing.T) {
		run := func() []int {
			srv := newTestServer(t)
			srv.SetChaos(Chaos{Rate: 0.5, Seed: 42, Faults: []Fault{{Status: 500}, {Status: 429}}})
			var out []int
			for range 40 {
				out = append(out, do(t, srv, req{method: "GET", path: "/v1/express"}).status)
			}
			return out
		}
		assert.Equal(t, run(), run())
	})

	t.Run("chaos only picks faults that match the request", func(t *testing.T) {
		srv := newTestServer(t)
		srv.SetChaos(Chaos{Rate: 1, Faults: []Fault{{Method: "POST", Status: 500}}})
		assert.Equal(t, 200, do(t, srv, req{method: "GET", path: "/v1/express"}).status)
		assert.Equal(t, 500, do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`}).status)
	})

	t.Run("dropped answers and keys add up to exactly one customer per key", func(t *testing.T) {
		srv := newTestServer(t)
		srv.SetChaos(Chaos{Rate: 0.5, Seed: 7, Faults: []Fault{
			{Status: 503, RetryAfter: "0"}, {Drop: DropBeforeRead}, {Drop: DropAfterRead},
		}})
		for i := range 20 {
			r := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`, header: withKey(string(rune('a' + i)))}
			for attempt := 0; ; attempt++ {
				require.Less(t, attempt, 50, "chaos never let request %d through", i)
				res, err := send(t, srv, r)
				if err == nil && res.status == 200 {
					break
				}
			}
		}
		assert.Len(t, srv.Customers(), 20)
		assert.Positive(t, srv.FaultsInjected())
	})

	t.Run("rate 0 turns chaos off", func(t *testing.T) {
		srv := newTestServer(t)
		srv.SetChaos(Chaos{Rate: 1})
		srv.SetChaos(Chaos{})
		assert.Equal(t, 200, do(t, srv, req{method: "GET", path: "/v1/express"}).status)
	})

	t.Run("a rate outside 0 to 1 is refused", func(t *testing.T) {
		srv := newTestServer(t)
		assert.Panics(t, func() { srv.SetChaos(Chaos{Rate: 1.5}) })
	})
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	t.Run("closing a server that had delayed, dropped and waiting requests leaves no goroutines behind", func(t *testing.T) {
		before := runtime.NumGoroutine()
		srv := NewServer(WithSeedCount(5))
		srv.InjectFault(Fault{Delay: time.Hour, Times: 3})
		srv.InjectFault(Fault{Drop: DropAfterRead})
		done := make(chan struct{}, 4)
		for range 4 {
			go func() {
				_, _ = send(t, srv, req{method: "GET", path: "/v1/express"})
				done <- struct{}{}
			}()
		}
		waitUntil(t, "all four requests met their faults", func() bool { return srv.FaultsInjected() == 4 })
		srv.Close()
		srv.Close() // safe to repeat
		for range 4 {
			<-done
		}
		httpClient().CloseIdleConnections()
		// A plain loop: require.Eventually runs its condition on goroutines
		// of its own, which would be counted.
		deadline := time.Now().Add(time.Minute)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		assert.LessOrEqual(t, runtime.NumGoroutine(), before)
	})
}
