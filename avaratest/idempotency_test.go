package avaratest

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func withKey(key string) map[string]string { return map[string]string{"Idempotency-Key": key} }

func TestIdempotency(t *testing.T) {
	t.Run("a repeated key with the same request replays the first answer and creates once", func(t *testing.T) {
		srv := newTestServer(t)
		r := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"Once"}`, header: withKey("k1")}
		first := do(t, srv, r)
		second := do(t, srv, r)

		assert.Equal(t, first.status, second.status)
		assert.Equal(t, string(first.body), string(second.body))
		assert.Empty(t, first.header.Get("Idempotent-Replayed"))
		assert.Equal(t, "true", second.header.Get("Idempotent-Replayed"))
		assert.NotEqual(t, first.header.Get("X-Request-Id"), second.header.Get("X-Request-Id"), "each HTTP request has its own id")
		assert.Len(t, srv.Customers(), 1)
	})

	t.Run("a repeated key with a different body is 409 that should not be retried", func(t *testing.T) {
		srv := newTestServer(t)
		do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"A"}`, header: withKey("k1")}).customer(t)
		res := do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"B"}`, header: withKey("k1")})

		assert.Equal(t, http.StatusConflict, res.status)
		assert.Equal(t, "false", res.header.Get("X-Should-Retry"))
		e := res.errorBody(t)
		assert.Equal(t, "idempotency_error", e.Type)
		assert.Equal(t, "Idempotency-Key", e.Param)
		assert.Len(t, srv.Customers(), 1)
	})

	t.Run("a repeated key on a different path or method is 409", func(t *testing.T) {
		srv := newTestServer(t)
		c := create(t, srv, "x", nil)
		users := "/v1/express/" + c.ExpressCustomerID + "/users"
		body := map[string]string{"userId": userID(1)}
		do(t, srv, req{method: "POST", path: users, body: body, header: withKey("k2")}).success(t)

		res := do(t, srv, req{method: "DELETE", path: users, body: body, header: withKey("k2")})
		assert.Equal(t, http.StatusConflict, res.status)
		res = do(t, srv, req{method: "POST", path: "/v1/express/" + c.ExpressCustomerID + "/deactivate", header: withKey("k2")})
		assert.Equal(t, http.StatusConflict, res.status)
		stored, _ := srv.Customer(c.ExpressCustomerID)
		assert.True(t, stored.IsActive)
		assert.Len(t, stored.Users, 1)
	})

	t.Run("a replayed remove stays a success rather than turning into a 404", func(t *testing.T) {
		srv := newTestServer(t, WithCustomers(Seed{ID: customerID(1), Name: "x", Users: []string{userID(1)}}))
		r := req{method: "DELETE", path: "/v1/express/" + customerID(1) + "/users", body: map[string]string{"userId": userID(1)}, header: withKey("rm")}
		first := do(t, srv, r).success(t)
		again := do(t, srv, r).success(t)
		assert.Equal(t, first, again)
	})

	t.Run("a request its rules refuse is not stored: the key stays free, and the same request gets the same 400", func(t *testing.T) {
		srv := newTestServer(t)
		r := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":""}`, header: withKey("bad")}
		first := do(t, srv, r)
		second := do(t, srv, r)
		assert.Equal(t, http.StatusBadRequest, second.status)
		assert.Equal(t, string(first.body), string(second.body))
		assert.Empty(t, second.header.Get("Idempotent-Replayed"))
		good := do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`, header: withKey("bad")})
		assert.Equal(t, http.StatusOK, good.status, "the key was never used: %s", good.body)
	})

	t.Run("an injected 5xx is not stored, so the retry runs the operation", func(t *testing.T) {
		srv := newTestServer(t)
		srv.InjectFault(Fault{Method: "POST", Path: "/v1/express", Status: 503})
		r := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`, header: withKey("k5")}

		assert.Equal(t, http.StatusServiceUnavailable, do(t, srv, r).status)
		assert.Empty(t, srv.Customers())
		created := do(t, srv, r).customer(t)
		replayed := do(t, srv, r).customer(t)
		assert.Equal(t, created, replayed)
		assert.Len(t, srv.Customers(), 1)
	})

	t.Run("a request without a key is not deduplicated", func(t *testing.T) {
		srv := newTestServer(t)
		r := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`}
		do(t, srv, r).customer(t)
		do(t, srv, r).customer(t)
		assert.Len(t, srv.Customers(), 2)
	})

	t.Run("a key on a GET is ignored", func(t *testing.T) {
		srv := newTestServer(t)
		r := req{method: "GET", path: "/v1/express", header: withKey("g")}
		assert.Empty(t, do(t, srv, r).page(t).ExpressCustomers)
		create(t, srv, "x", nil)
		assert.Len(t, do(t, srv, r).page(t).ExpressCustomers, 1)
	})

	t.Run("an unauthenticated request does not claim the key", func(t *testing.T) {
		srv := newTestServer(t)
		body := `{"expressCustomerName":"x"}`
		res := do(t, srv, req{method: "POST", path: "/v1/express", body: body,
			header: map[string]string{"Idempotency-Key": "k", "Authorization": "Bearer wrong"}})
		assert.Equal(t, http.StatusUnauthorized, res.status)
		do(t, srv, req{method: "POST", path: "/v1/express", body: body, header: withKey("k")}).customer(t)
	})

	t.Run("an overlong key is refused", func(t *testing.T) {
		srv := newTestServer(t)
		res := do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`, header: withKey(strings.Repeat("k", 256))})
		assert.Equal(t, http.StatusBadRequest, res.status)
		assert.Equal(t, "Idempotency-Key", res.errorBody(t).Param)
	})
}

// gateClock blocks every call while closed, to hold a request inside the
// handler.
type gateClock struct {
	mu      sync.Mutex
	closed  bool
	gate    chan struct{}
	entered chan struct{}
}

func (c *gateClock) Now() time.Time {
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed {
		c.entered <- struct{}{}
		<-c.gate
	}
	return t0
}

// waitForWaiters returns once n requests wait on an Idempotency-Key held by
// another; it fails t if that takes a minute, which only a hang does.
func waitForWaiters(t *testing.T, srv *Server, n int32) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); srv.idem.waiting.Load() < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d requests wait on the key after a minute", srv.idem.waiting.Load(), n)
		}
	}
}

func TestIdempotencyConcurrency(t *testing.T) {
	t.Run("concurrent requests with one key run the operation once and all get its answer", func(t *testing.T) {
		clock := &gateClock{gate: make(chan struct{}), entered: make(chan struct{}, 1)}
		srv := newTestServer(t, WithClock(clock.Now))
		clock.mu.Lock()
		clock.closed = true
		clock.mu.Unlock()

		r := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`, header: withKey("same")}
		const n = 10
		bodies := make([]string, n)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			bodies[0] = string(do(t, srv, r).body)
		}()
		<-clock.entered // the first request now owns the key and is inside create
		for i := 1; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				bodies[i] = string(do(t, srv, r).body)
			}()
		}
		waitForWaiters(t, srv, n-1)
		clock.mu.Lock()
		clock.closed = false
		clock.mu.Unlock()
		close(clock.gate)
		wg.Wait()

		require.Len(t, srv.Customers(), 1)
		for i := range n {
			assert.Equal(t, bodies[0], bodies[i], "answer %d", i)
		}
	})

	t.Run("many keys used concurrently each create exactly one customer", func(t *testing.T) {
		srv := newTestServer(t)
		var wg sync.WaitGroup
		for i := range 20 {
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					do(t, srv, req{method: "POST", path: "/v1/express",
						body: map[string]string{"expressCustomerName": fmt.Sprint(i)}, header: withKey(fmt.Sprint("key-", i))}).customer(t)
				}()
			}
		}
		wg.Wait()
		assert.Len(t, srv.Customers(), 20)
	})

	t.Run("a request waiting on a key ends when the server closes", func(t *testing.T) {
		clock := &gateClock{gate: make(chan struct{}), entered: make(chan struct{}, 1)}
		srv := NewServer(WithClock(clock.Now))
		clock.mu.Lock()
		clock.closed = true
		clock.mu.Unlock()
		r := req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`, header: withKey("k")}

		firstDone := make(chan struct{})
		go func() {
			defer close(firstDone)
			_, _ = send(t, srv, r)
		}()
		<-clock.entered
		secondErr := make(chan error, 1)
		go func() {
			_, err := send(t, srv, r)
			secondErr <- err
		}()
		waitForWaiters(t, srv, 1)

		// Close ends the waiting request at once, then waits for the first
		// one, which is released once the second has ended.
		closed := make(chan struct{})
		go func() {
			srv.Close()
			close(closed)
		}()
		assert.Error(t, <-secondErr, "the waiting request is dropped, not answered")
		close(clock.gate)
		<-closed
		<-firstDone
	})
}
