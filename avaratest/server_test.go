package avaratest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequests(t *testing.T) {
	t.Run("the log holds what was received, in order, with the key redacted", func(t *testing.T) {
		srv := newTestServer(t, WithAPIKey("avt_very_secret"))
		do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`,
			header: map[string]string{"Idempotency-Key": "k1", "X-Stainless-Retry-Count": "0"}})
		do(t, srv, req{method: "GET", path: "/v1/express?limit=5&cursor="})

		reqs := srv.Requests()
		require.Len(t, reqs, 2)
		assert.Equal(t, "POST", reqs[0].Method)
		assert.Equal(t, "/v1/express", reqs[0].Path)
		assert.Equal(t, `{"expressCustomerName":"x"}`, string(reqs[0].Body))
		assert.Equal(t, "k1", reqs[0].Header.Get("Idempotency-Key"))
		assert.Equal(t, "0", reqs[0].Header.Get("X-Stainless-Retry-Count"))
		assert.Equal(t, "Bearer [redacted]", reqs[0].Header.Get("Authorization"))
		assert.Equal(t, 200, reqs[0].Status)
		assert.Regexp(t, `^req_`, reqs[0].RequestID)
		assert.Equal(t, "GET", reqs[1].Method)
		assert.Equal(t, "5", reqs[1].Query.Get("limit"))

		assert.NotContains(t, fmt.Sprintf("%+v", reqs), "avt_very_secret")
	})

	t.Run("a wrong key is redacted too", func(t *testing.T) {
		srv := newTestServer(t)
		do(t, srv, req{method: "GET", path: "/v1/express", header: map[string]string{"Authorization": "Bearer leaked_key"}})
		assert.Equal(t, "Bearer [redacted]", srv.Requests()[0].Header.Get("Authorization"))
	})

	t.Run("the path is kept as sent, still escaped", func(t *testing.T) {
		srv := newTestServer(t)
		do(t, srv, req{method: "GET", path: "/v1/express/..%2Fadmin"})
		assert.Equal(t, "/v1/express/..%2Fadmin", srv.Requests()[0].Path)
	})

	t.Run("the returned log is a copy", func(t *testing.T) {
		srv := newTestServer(t)
		do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"x"}`})
		reqs := srv.Requests()
		reqs[0].Body[0] = 'X'
		reqs[0].Header.Set("Authorization", "changed")
		assert.Equal(t, byte('{'), srv.Requests()[0].Body[0])
		assert.Equal(t, "Bearer [redacted]", srv.Requests()[0].Header.Get("Authorization"))
	})

	t.Run("ResetRequests empties the log", func(t *testing.T) {
		srv := newTestServer(t)
		do(t, srv, req{method: "GET", path: "/v1/express"})
		srv.ResetRequests()
		assert.Empty(t, srv.Requests())
		do(t, srv, req{method: "GET", path: "/v1/express"})
		assert.Len(t, srv.Requests(), 1)
	})

	t.Run("the log keeps only the most recent requests", func(t *testing.T) {
		srv := NewUnstartedServer()
		h := srv.Handler()
		for i := range maxLoggedRequests + 5 {
			r := httptest.NewRequest("GET", fmt.Sprintf("/v1/express?limit=%d", i%100+1), nil)
			h.ServeHTTP(httptest.NewRecorder(), r)
		}
		reqs := srv.Requests()
		require.Len(t, reqs, maxLoggedRequests)
		assert.Equal(t, "6", reqs[0].Query.Get("limit"), "the five oldest were dropped")
	})
}

func TestHandler(t *testing.T) {
	t.Run("NewUnstartedServer serves without listening, through a recorder", func(t *testing.T) {
		srv := NewUnstartedServer(WithSeedCount(3))
		defer srv.Close()
		assert.Empty(t, srv.URL)
		r := httptest.NewRequest("GET", "/v1/express", nil)
		r.Header.Set("Authorization", "Bearer "+srv.APIKey)
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, r)
		require.Equal(t, 200, w.Code)
		var p wirePage
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
		assert.Len(t, p.ExpressCustomers, 3)
	})

	t.Run("the handler mounts on a server of one's own", func(t *testing.T) {
		fake := NewUnstartedServer()
		defer fake.Close()
		hs := httptest.NewServer(fake.Handler())
		defer hs.Close()
		fake.URL = hs.URL
		c := create(t, fake, "mounted", nil)
		assert.Equal(t, "mounted", c.ExpressCustomerName)
	})

	t.Run("with a logger every request is logged on one line without the key", func(t *testing.T) {
		var buf bytes.Buffer
		srv := newTestServer(t, WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
		do(t, srv, req{method: "GET", path: "/v1/express"})
		do(t, srv, req{method: "GET", path: "/nowhere"})
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		require.Len(t, lines, 2)
		assert.Contains(t, lines[0], "method=GET path=/v1/express status=200 duration=")
		assert.Contains(t, lines[1], "path=/nowhere status=404")
		assert.NotContains(t, buf.String(), srv.APIKey)
	})
}

func TestOptions(t *testing.T) {
	t.Run("WithAPIKey changes the accepted key", func(t *testing.T) {
		srv := newTestServer(t, WithAPIKey("avt_other"))
		assert.Equal(t, "avt_other", srv.APIKey)
		assert.Equal(t, 200, do(t, srv, req{method: "GET", path: "/v1/express"}).status)
		assert.Equal(t, 401, do(t, srv, req{method: "GET", path: "/v1/express",
			header: map[string]string{"Authorization": "Bearer " + DefaultAPIKey}}).status)
	})

	t.Run("seeds and generated customers combine, seeds first", func(t *testing.T) {
		srv := newTestServer(t, WithCustomers(Seed{Name: "explicit"}), WithSeedCount(2))
		cs := srv.Customers()
		require.Len(t, cs, 3)
		assert.Equal(t, []string{"explicit", "Customer 2", "Customer 3"}, []string{cs[0].Name, cs[1].Name, cs[2].Name})
	})

	t.Run("a snapshot cannot change the fake", func(t *testing.T) {
		srv := newTestServer(t, WithCustomers(Seed{ID: customerID(1), Name: "x", Metadata: map[string]string{"a": "b"}}))
		c, _ := srv.Customer(customerID(1))
		c.Metadata["a"] = "changed"
		again, _ := srv.Customer(customerID(1))
		assert.Equal(t, "b", again.Metadata["a"])
	})

	t.Run("a nil Option is ignored", func(t *testing.T) {
		var none Option
		srv := newTestServer(t, none, WithSeedCount(1))
		assert.Len(t, srv.Customers(), 1)
	})

	t.Run("an unknown id gives no snapshot", func(t *testing.T) {
		srv := newTestServer(t)
		_, ok := srv.Customer(customerID(1))
		assert.False(t, ok)
	})

	panics := []struct {
		name string
		f    func()
	}{
		{"an empty key is refused", func() { WithAPIKey("") }},
		{"a negative seed count is refused", func() { WithSeedCount(-1) }},
		{"a nil clock is refused", func() { WithClock(nil) }},
		{"a page size of 0 is refused", func() { WithDefaultPageSize(0) }},
		{"a page size of 101 is refused", func() { WithDefaultPageSize(101) }},
		{"a seed with a malformed id is refused", func() { NewUnstartedServer(WithCustomers(Seed{ID: "cus_1"})) }},
		{"two seeds with one id are refused", func() { NewUnstartedServer(WithCustomers(Seed{ID: customerID(1)}, Seed{ID: customerID(1)})) }},
		{"a seed with a malformed user is refused", func() { NewUnstartedServer(WithCustomers(Seed{Users: []string{"bob"}})) }},
		{"a seed with a malformed creating user is refused", func() { NewUnstartedServer(WithCustomers(Seed{CreatedByUserID: "dashboard"})) }},
		{"a seed over the metadata limits is refused", func() { NewUnstartedServer(WithCustomers(Seed{Metadata: pairs(51)})) }},
	}
	for _, tt := range panics {
		t.Run(tt.name, func(t *testing.T) { assert.Panics(t, tt.f) })
	}

	t.Run("timestamps are UTC and truncated to the millisecond", func(t *testing.T) {
		zone := time.FixedZone("X", 3*3600)
		srv := newTestServer(t, WithClock(func() time.Time { return time.Date(2024, 1, 15, 12, 0, 0, 123456789, zone) }))
		c := create(t, srv, "x", nil)
		assert.Equal(t, "2024-01-15T09:00:00.123Z", c.CreatedAt)
	})
}
