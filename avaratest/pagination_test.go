package avaratest

import (
	"encoding/base64"
	"fmt"
	"github.com/avara/avara-go/internal/fakeclock"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// walk pages through the whole list and returns the ids in order and the
// number of pages.
func walk(t testing.TB, srv *Server, limit int) ([]string, int) {
	t.Helper()
	var ids []string
	pages := 0
	cursor := ""
	seenCursors := map[string]bool{}
	for {
		q := url.Values{}
		if limit > 0 {
			q.Set("limit", fmt.Sprint(limit))
		}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		p := do(t, srv, req{method: "GET", path: "/v1/express?" + q.Encode()}).page(t)
		pages++
		for _, c := range p.ExpressCustomers {
			ids = append(ids, c.ExpressCustomerID)
		}
		if !p.HasMore {
			require.Nil(t, p.Cursor, "the last page has a null cursor")
			return ids, pages
		}
		require.NotNil(t, p.Cursor, "a page with more after it has a cursor")
		require.False(t, seenCursors[*p.Cursor], "the server handed back a cursor twice")
		seenCursors[*p.Cursor] = true
		cursor = *p.Cursor
	}
}

func TestPagination(t *testing.T) {
	t.Run("250 customers at limit 100 are 3 pages of 250 unique ids in creation order", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(250))
		ids, pages := walk(t, srv, 100)
		assert.Equal(t, 3, pages)
		require.Len(t, ids, 250)
		unique := map[string]bool{}
		for _, id := range ids {
			unique[id] = true
		}
		assert.Len(t, unique, 250)
		for i, c := range srv.Customers() {
			require.Equal(t, c.ID, ids[i])
		}
	})

	t.Run("pages are full until the last, whose cursor is null", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(250))
		first := do(t, srv, req{method: "GET", path: "/v1/express?limit=100"}).page(t)
		assert.Len(t, first.ExpressCustomers, 100)
		assert.True(t, first.HasMore)
		res := do(t, srv, req{method: "GET", path: "/v1/express?limit=100&cursor=" + *first.Cursor})
		second := res.page(t)
		last := do(t, srv, req{method: "GET", path: "/v1/express?limit=100&cursor=" + *second.Cursor}).page(t)
		assert.Len(t, last.ExpressCustomers, 50)
		assert.False(t, last.HasMore)
		assert.Contains(t, string(do(t, srv, req{method: "GET", path: "/v1/express?limit=100&cursor=" + *second.Cursor}).body), `"cursor":null`)
	})

	t.Run("without a limit a page holds the default page size", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(30))
		assert.Len(t, do(t, srv, req{method: "GET", path: "/v1/express"}).page(t).ExpressCustomers, DefaultPageSize)
		srv7 := newTestServer(t, WithSeedCount(30), WithDefaultPageSize(7))
		assert.Len(t, do(t, srv7, req{method: "GET", path: "/v1/express"}).page(t).ExpressCustomers, 7)
	})

	t.Run("an empty list is one empty page with no cursor", func(t *testing.T) {
		srv := newTestServer(t)
		res := do(t, srv, req{method: "GET", path: "/v1/express"})
		assert.JSONEq(t, `{"expressCustomers":[],"hasMore":false,"cursor":null}`, string(res.body))
	})

	t.Run("a list whose size is a multiple of the limit ends without an empty page", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(200))
		ids, pages := walk(t, srv, 100)
		assert.Len(t, ids, 200)
		assert.Equal(t, 2, pages)
	})

	t.Run("customers with equal timestamps keep creation order across pages", func(t *testing.T) {
		clock := fakeclock.New(t0)
		srv := newTestServer(t, WithClock(clock.Now))
		var created []string
		for i := range 25 {
			created = append(created, create(t, srv, fmt.Sprint(i), nil).ExpressCustomerID)
		}
		ids, _ := walk(t, srv, 4)
		assert.Equal(t, created, ids)
	})

	t.Run("seeds are listed by their createdAt", func(t *testing.T) {
		srv := newTestServer(t, WithCustomers(
			Seed{ID: customerID(2), Name: "later", CreatedAt: t0.Add(time.Hour)},
			Seed{ID: customerID(1), Name: "earlier", CreatedAt: t0},
		))
		ids, _ := walk(t, srv, 1)
		assert.Equal(t, []string{customerID(1), customerID(2)}, ids)
	})

	t.Run("a createdAt cursor, the API's documented keyset form, resumes after that time", func(t *testing.T) {
		srv := newTestServer(t, WithCustomers(
			Seed{ID: customerID(1), CreatedAt: t0},
			Seed{ID: customerID(2), CreatedAt: t0.Add(time.Hour)},
			Seed{ID: customerID(3), CreatedAt: t0.Add(2 * time.Hour)},
		))
		since := base64.StdEncoding.EncodeToString([]byte(`{"createdAt":"` + t0.Add(time.Hour).Format(time.RFC3339) + `"}`))
		page := do(t, srv, req{method: "GET", path: "/v1/express?cursor=" + url.QueryEscape(since)}).page(t)
		require.Len(t, page.ExpressCustomers, 1)
		assert.Equal(t, customerID(3), page.ExpressCustomers[0].ExpressCustomerID)

		// The official SDKs' tests send this one: 2024-01-15T09:00:00Z.
		res := do(t, srv, req{method: "GET", path: "/v1/autoScribe/clinicalReferences?cursor=eyJjcmVhdGVkQXQiOiIyMDI0LTAxLTE1VDA5OjAwOjAwWiJ9"})
		assert.Equal(t, http.StatusOK, res.status, "%s", res.body)

		bad := base64.StdEncoding.EncodeToString([]byte(`{"createdAt":"yesterday"}`))
		res = do(t, srv, req{method: "GET", path: "/v1/express?cursor=" + url.QueryEscape(bad)})
		assert.Equal(t, http.StatusBadRequest, res.status)
	})

	t.Run("a cursor stays valid after later customers are created", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(10))
		first := do(t, srv, req{method: "GET", path: "/v1/express?limit=5"}).page(t)
		late := create(t, srv, "late", nil)
		rest := do(t, srv, req{method: "GET", path: "/v1/express?limit=100&cursor=" + *first.Cursor}).page(t)
		require.Len(t, rest.ExpressCustomers, 6)
		assert.Equal(t, late.ExpressCustomerID, rest.ExpressCustomers[5].ExpressCustomerID)
	})
}

func TestPaginationUnderConcurrentInserts(t *testing.T) {
	t.Run("a walk with 8 goroutines inserting returns every pre-existing customer exactly once", func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(300))
		before := map[string]bool{}
		for _, c := range srv.Customers() {
			before[c.ID] = true
		}

		// Each inserter stops after a fixed number so the walk can reach the
		// end: unbounded inserts would keep extending the list.
		const perGoroutine = 60
		var inserted atomic.Int64
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range perGoroutine {
					res, err := send(t, srv, req{method: "POST", path: "/v1/express",
						body: map[string]string{"expressCustomerName": fmt.Sprintf("g%d-%d", g, i)}})
					if err != nil || res.status != 200 {
						t.Errorf("insert failed: %v %d %s", err, res.status, res.body)
						return
					}
					inserted.Add(1)
				}
			}()
		}
		// Let the inserters get going before the walk starts.
		for inserted.Load() < 16 {
			time.Sleep(time.Millisecond)
		}

		ids, _ := walk(t, srv, 7)
		wg.Wait()

		seen := map[string]int{}
		for _, id := range ids {
			seen[id]++
		}
		for id := range before {
			assert.Equal(t, 1, seen[id], "pre-existing customer %s", id)
		}
		for id, n := range seen {
			assert.Equal(t, 1, n, "customer %s seen %d times", id, n)
		}
		assert.Equal(t, int64(8*perGoroutine), inserted.Load())
		assert.Len(t, srv.Customers(), 300+8*perGoroutine)
	})
}

func TestPaginationOfALargeCollection(t *testing.T) {
	if testing.Short() {
		t.Skip("walks a large collection")
	}
	n := 100_000
	if raceEnabled {
		n = 10_000
	}
	t.Run(fmt.Sprintf("%d customers walk in %d pages, each customer once", n, n/100), func(t *testing.T) {
		srv := newTestServer(t, WithSeedCount(n))
		start := time.Now()
		ids, pages := walk(t, srv, 100)
		assert.Len(t, ids, n)
		assert.Equal(t, n/100, pages)
		seen := make(map[string]bool, n)
		for _, id := range ids {
			assert.False(t, seen[id], "seen twice: %s", id)
			seen[id] = true
		}
		t.Logf("walked %d customers in %d pages in %s", len(ids), pages, time.Since(start))
	})
}

// TestWhatOfficialClientsSend replays what the official Python client sends
// for express.list(cursor="eyJvZmZzZXQiOjIwfQ==", limit=20): the cursor of
// the real spec's example (the base64 of {"offset":20}) and limit as a
// float.
func TestWhatOfficialClientsSend(t *testing.T) {
	srv := newTestServer(t, WithSeedCount(25))
	all := srv.Customers()
	ids := func(p wirePage) []string {
		var out []string
		for _, c := range p.ExpressCustomers {
			out = append(out, c.ExpressCustomerID)
		}
		return out
	}

	t.Run("limit=2.0 is a page of two", func(t *testing.T) {
		p := do(t, srv, req{method: "GET", path: "/v1/express?limit=2.0"}).page(t)
		assert.Equal(t, []string{all[0].ID, all[1].ID}, ids(p))
		assert.True(t, p.HasMore)
	})
	t.Run("the offset cursor eyJvZmZzZXQiOjIwfQ== starts at the 21st customer", func(t *testing.T) {
		p := do(t, srv, req{method: "GET", path: "/v1/express?cursor=eyJvZmZzZXQiOjIwfQ%3D%3D&limit=20.0"}).page(t)
		want := []string{all[20].ID, all[21].ID, all[22].ID, all[23].ID, all[24].ID}
		assert.Equal(t, want, ids(p))
		assert.False(t, p.HasMore)
	})
	t.Run("an offset past the end is an empty last page", func(t *testing.T) {
		p := do(t, srv, req{method: "GET", path: "/v1/express?cursor=" + url.QueryEscape("eyJvZmZzZXQiOjEwMDB9")}).page(t)
		assert.Empty(t, p.ExpressCustomers)
		assert.False(t, p.HasMore)
	})
	for _, tt := range []struct{ limit, message string }{
		{"2.5", `limit: must be a whole number between 1 and 100, got "2.5"`},
		{"0", `limit: must be a whole number between 1 and 100, got "0"`},
		{"0.0", `limit: must be a whole number between 1 and 100, got "0.0"`},
		{"101", `limit: must be a whole number between 1 and 100, got "101"`},
	} {
		t.Run("limit="+tt.limit+" is a 400 naming limit", func(t *testing.T) {
			res := do(t, srv, req{method: "GET", path: "/v1/express?limit=" + tt.limit})
			require.Equal(t, 400, res.status)
			e := res.errorBody(t)
			assert.Equal(t, "limit", e.Param)
			assert.Equal(t, tt.message, e.Message)
		})
	}
}
