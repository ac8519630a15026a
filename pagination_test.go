package avara_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pgCustomer is a minimal customer with the given id.
func pgCustomer(id string) string {
	return fmt.Sprintf(`{"expressCustomerId":%q,"expressCustomerName":"Customer %s","isActive":true,"userCount":0}`, id, id)
}

// pgPage renders a page of customers with the given ids; cursor is raw
// JSON ("" leaves the key out).
func pgPage(hasMore bool, cursor string, ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = pgCustomer(id)
	}
	s := fmt.Sprintf(`{"expressCustomers":[%s],"hasMore":%t`, strings.Join(items, ","), hasMore)
	if cursor != "" {
		s += `,"cursor":` + cursor
	}
	return s + "}"
}

// pgIDs returns "prefix1" … "prefixN".
func pgIDs(prefix string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s%d", prefix, i+1)
	}
	return ids
}

// newPagedServer answers a list request by the cursor it asks for: pages
// maps a cursor ("" for the first page) to a body. A cursor not in pages is
// a test failure answered with 400.
func newPagedServer(t *testing.T, pages map[string]string) *recordingServer {
	t.Helper()
	return newRecordingServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Query().Get("cursor")]
		if !ok {
			t.Errorf("unexpected cursor %q", r.URL.Query().Get("cursor"))
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	})
}

// threePages is a walk of 3 pages of 2, 2 and 1 customers.
var threePages = map[string]string{
	"":   pgPage(true, `"c1"`, "a1", "a2"),
	"c1": pgPage(true, `"c2"`, "b1", "b2"),
	"c2": pgPage(false, `null`, "c1"),
}

// collectNext walks iter with its Next loop and returns the ids seen.
func collectNext(iter *pagination.AutoPager[avara.ExpressCustomer]) []string {
	var ids []string
	for iter.Next() {
		ids = append(ids, iter.Current().ExpressCustomerID)
	}
	return ids
}

func requestCursors(reqs []recorded) []string {
	out := make([]string, len(reqs))
	for i, r := range reqs {
		q, _ := url.ParseQuery(r.RawQuery)
		out[i] = q.Get("cursor")
	}
	return out
}

func TestListAutoPagingThreePages(t *testing.T) {
	want := []string{"a1", "a2", "b1", "b2", "c1"}

	t.Run("Next loop", func(t *testing.T) {
		srv := newPagedServer(t, threePages)
		iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
		assert.Equal(t, want, collectNext(iter))
		require.NoError(t, iter.Err())
		assert.False(t, iter.Next(), "Next stays false after the end")
		assert.Equal(t, []string{"", "c1", "c2"}, requestCursors(srv.requests()))
	})

	t.Run("range All", func(t *testing.T) {
		srv := newPagedServer(t, threePages)
		var got []string
		for c, err := range srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}).All() {
			require.NoError(t, err)
			got = append(got, c.ExpressCustomerID)
		}
		assert.Equal(t, want, got)
		assert.Equal(t, []string{"", "c1", "c2"}, requestCursors(srv.requests()))
	})

	t.Run("GetNextPage", func(t *testing.T) {
		srv := newPagedServer(t, threePages)
		page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
		require.NoError(t, err)
		var got []string
		for page != nil {
			for _, c := range page.ExpressCustomers {
				got = append(got, c.ExpressCustomerID)
			}
			page, err = page.GetNextPage()
			require.NoError(t, err)
		}
		assert.Equal(t, want, got)
		assert.Len(t, srv.requests(), 3)
	})
}

// TestListAutoPagingHasMoreWithoutCursor checks that a server saying
// hasMore with no usable cursor ends the walk after one page, not a loop.
func TestListAutoPagingHasMoreWithoutCursor(t *testing.T) {
	for name, cursor := range map[string]string{"missing": "", "null": "null", "empty": `""`} {
		t.Run(name, func(t *testing.T) {
			srv := newPagedServer(t, map[string]string{"": pgPage(true, cursor, "a1", "a2")})
			iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
			assert.Equal(t, []string{"a1", "a2"}, collectNext(iter))
			require.ErrorIs(t, iter.Err(), pagination.ErrNoCursor, "the walk ends, as the official SDKs end it, and says it was cut")
			assert.Len(t, srv.requests(), 1)

			page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
			require.NoError(t, err)
			assert.True(t, page.HasMore)
			assert.Empty(t, page.Cursor)
			next, err := page.GetNextPage()
			assert.NoError(t, err)
			assert.Nil(t, next)
			assert.Len(t, srv.requests(), 2, "GetNextPage sends nothing")
		})
	}
}

// TestListAutoPagingEmptyPageInTheMiddle checks that an empty page with
// hasMore and a new cursor does not end the walk.
func TestListAutoPagingEmptyPageInTheMiddle(t *testing.T) {
	srv := newPagedServer(t, map[string]string{
		"":   pgPage(true, `"c1"`, "a1"),
		"c1": pgPage(true, `"c2"`),
		"c2": pgPage(true, `"c3"`),
		"c3": pgPage(false, "", "d1"),
	})
	iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
	assert.Equal(t, []string{"a1", "d1"}, collectNext(iter))
	require.NoError(t, iter.Err())
	assert.Equal(t, []string{"", "c1", "c2", "c3"}, requestCursors(srv.requests()))
}

// TestListAutoPagingEmptyFirstPage checks a walk over an empty collection.
func TestListAutoPagingEmptyFirstPage(t *testing.T) {
	srv := newPagedServer(t, map[string]string{"": `{"expressCustomers":[],"hasMore":false,"cursor":null}`})
	iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
	assert.False(t, iter.Next())
	require.NoError(t, iter.Err())
	assert.Equal(t, -1, iter.Index())
	assert.Len(t, srv.requests(), 1)
}

// TestListAutoPagingRepeatedCursor checks that a cursor the server already
// handed out in this walk ends it.
func TestListAutoPagingRepeatedCursor(t *testing.T) {
	tests := map[string]map[string]string{
		"same cursor back": {
			"":   pgPage(true, `"c1"`, "a1"),
			"c1": pgPage(true, `"c1"`, "b1"),
		},
		"earlier cursor back": {
			"":   pgPage(true, `"c1"`, "a1"),
			"c1": pgPage(true, `"c2"`, "b1"),
			"c2": pgPage(true, `"c1"`, "c1"),
		},
		"starting cursor back": {
			"start": pgPage(true, `"c1"`, "a1"),
			"c1":    pgPage(true, `"start"`, "b1"),
		},
	}
	for name, pages := range tests {
		t.Run(name, func(t *testing.T) {
			srv := newPagedServer(t, pages)
			var params avara.ExpressListParams
			if _, ok := pages["start"]; ok {
				params.Cursor = avara.String("start")
			}
			iter := srv.client().Express.ListAutoPaging(context.Background(), params)
			ids := collectNext(iter)
			require.ErrorIs(t, iter.Err(), pagination.ErrCursorRepeated, "a cut walk is never silent")
			assert.Len(t, ids, len(pages))
			assert.Len(t, srv.requests(), len(pages), "each page is asked for once")
		})
	}

	t.Run("GetNextPage returns nil, nil", func(t *testing.T) {
		srv := newPagedServer(t, tests["same cursor back"])
		page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
		require.NoError(t, err)
		page2, err := page.GetNextPage()
		require.NoError(t, err)
		require.NotNil(t, page2)
		assert.Equal(t, "c1", page2.Cursor)
		assert.True(t, page2.HasMore)

		page3, err := page2.GetNextPage()
		assert.NoError(t, err)
		assert.Nil(t, page3)
		assert.Len(t, srv.requests(), 2)
	})
}

// TestGetNextPageTwice checks that asking a page for its next page again
// fetches that page again: the walk's memory of cursors tells a server
// handing a cursor back from a caller asking twice.
func TestGetNextPageTwice(t *testing.T) {
	srv := newPagedServer(t, threePages)
	page, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{})
	require.NoError(t, err)

	first, err := page.GetNextPage()
	require.NoError(t, err)
	require.NotNil(t, first)
	again, err := page.GetNextPage()
	require.NoError(t, err)
	require.NotNil(t, again, "asking twice is not a repeated cursor")
	assert.Equal(t, first.ExpressCustomers[0].ExpressCustomerID, again.ExpressCustomers[0].ExpressCustomerID)

	last, err := again.GetNextPage()
	require.NoError(t, err)
	require.NotNil(t, last)
	end, err := last.GetNextPage()
	require.NoError(t, err)
	assert.Nil(t, end)
	assert.Equal(t, []string{"", "c1", "c1", "c2"}, requestCursors(srv.requests()))
}

// TestListAutoPagingKeepsParamsAndOptions checks that every page's request
// carries the first request's limit, query, per-call headers and middleware.
func TestListAutoPagingKeepsParamsAndOptions(t *testing.T) {
	srv := newPagedServer(t, threePages)
	params := avara.ExpressListParams{Limit: avara.Int(2)}
	params.SetExtraFields(map[string]any{"name": "clinic"})
	mw := func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		r.Header.Add("X-Trace", "t1")
		return next(r)
	}
	iter := srv.client(option.WithHeader("X-Client", "c")).Express.ListAutoPaging(context.Background(), params,
		option.WithHeader("X-Per-Call", "yes"),
		option.WithQuery("region", "ne"),
		option.WithMiddleware(mw),
	)
	assert.Len(t, collectNext(iter), 5)
	require.NoError(t, iter.Err())

	reqs := srv.requests()
	require.Len(t, reqs, 3)
	for i, r := range reqs {
		q, err := url.ParseQuery(r.RawQuery)
		require.NoError(t, err)
		assert.Equal(t, "2", q.Get("limit"), "page %d", i+1)
		assert.Equal(t, "clinic", q.Get("name"), "page %d", i+1)
		assert.Equal(t, "ne", q.Get("region"), "page %d", i+1)
		assert.Equal(t, "yes", r.Header.Get("X-Per-Call"), "page %d", i+1)
		assert.Equal(t, "c", r.Header.Get("X-Client"), "page %d", i+1)
		assert.Equal(t, []string{"t1"}, r.Header.Values("X-Trace"), "page %d: middleware runs once per request", i+1)
		assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"), "page %d", i+1)
		assert.Equal(t, "0", r.Header.Get("X-Stainless-Retry-Count"), "page %d", i+1)
	}
	assert.Equal(t, []string{"", "c1", "c2"}, requestCursors(reqs))
}

// TestListAutoPagingBreakSendsNoMoreRequests checks that leaving a loop
// early sends nothing further.
func TestListAutoPagingBreakSendsNoMoreRequests(t *testing.T) {
	pages := map[string]string{
		"":   pgPage(true, `"c1"`, pgIDs("a", 100)...),
		"c1": pgPage(false, "", "b1"),
	}
	t.Run("range All", func(t *testing.T) {
		srv := newPagedServer(t, pages)
		n := 0
		for _, err := range srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Limit: avara.Int(100)}).All() {
			require.NoError(t, err)
			if n++; n == 3 {
				break
			}
		}
		assert.Equal(t, 3, n)
		assert.Len(t, srv.requests(), 1)
	})
	t.Run("Next loop", func(t *testing.T) {
		srv := newPagedServer(t, pages)
		iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Limit: avara.Int(100)})
		for i := 0; i < 3; i++ {
			require.True(t, iter.Next())
		}
		assert.Equal(t, "a3", iter.Current().ExpressCustomerID)
		assert.Len(t, srv.requests(), 1)
	})
}

// TestListAutoPagingNoRequestBeforeNext checks that building the pager
// sends nothing.
func TestListAutoPagingNoRequestBeforeNext(t *testing.T) {
	srv := newPagedServer(t, threePages)
	iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
	seq := iter.All()
	assert.Empty(t, srv.requests())
	assert.Equal(t, -1, iter.Index())
	assert.Empty(t, iter.Cursor())
	require.NoError(t, iter.Err())
	for range seq {
		break
	}
	assert.Len(t, srv.requests(), 1)
}

// errorOnPage2 answers page 1 from threePages and the second request
// with a 500.
func errorOnPage2(t *testing.T) *recordingServer {
	return newRecordingServer(t, reply(http.StatusOK, threePages[""]),
		reply(http.StatusInternalServerError, `{"error":{"type":"server_error","message":"boom"}}`, "X-Request-Id", "req_page2"))
}

func assertServerError(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	var apiErr *avara.Error
	require.True(t, errors.As(err, &apiErr), "%T: %v", err, err)
	assert.Equal(t, http.StatusInternalServerError, apiErr.StatusCode)
	assert.Equal(t, "boom", apiErr.Message)
	assert.Equal(t, "req_page2", apiErr.RequestID)
	assert.ErrorIs(t, err, avara.ErrServer)
}

// TestListAutoPagingErrorOnPage2 checks that a failure mid-walk comes after
// page 1's items, once, and ends the walk.
func TestListAutoPagingErrorOnPage2(t *testing.T) {
	t.Run("Next loop", func(t *testing.T) {
		srv := errorOnPage2(t)
		iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithMaxRetries(0))
		assert.Equal(t, []string{"a1", "a2"}, collectNext(iter))
		assertServerError(t, iter.Err())
		assert.False(t, iter.Next(), "the walk stays ended")
		assert.Len(t, srv.requests(), 2)
	})

	t.Run("range All", func(t *testing.T) {
		srv := errorOnPage2(t)
		var ids []string
		var errs []error
		for c, err := range srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithMaxRetries(0)).All() {
			if err != nil {
				errs = append(errs, err)
				assert.Zero(t, c.ExpressCustomerID, "the error comes with a zero item")
				continue
			}
			require.Empty(t, errs, "no item after the error")
			ids = append(ids, c.ExpressCustomerID)
		}
		assert.Equal(t, []string{"a1", "a2"}, ids)
		require.Len(t, errs, 1, "the error is yielded once")
		assertServerError(t, errs[0])
		assert.Len(t, srv.requests(), 2)
	})

	t.Run("retried by default", func(t *testing.T) {
		srv := errorOnPage2(t)
		iter := srv.client(option.WithMaxRetries(1)).Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
		collectNext(iter)
		assertServerError(t, iter.Err())
		reqs := srv.requests()
		require.Len(t, reqs, 3, "page 2 is tried twice")
		assert.Equal(t, []string{"", "c1", "c1"}, requestCursors(reqs))
		assert.Equal(t, "1", reqs[2].Header.Get("X-Stainless-Retry-Count"))
	})
}

// TestListAutoPagingIndexAndCursor checks Index and Cursor along a walk,
// and that a walk resumed from Cursor sees that page again and the rest.
func TestListAutoPagingIndexAndCursor(t *testing.T) {
	srv := newPagedServer(t, threePages)
	iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{})
	type step struct {
		id     string
		index  int
		cursor string
	}
	want := []step{{"a1", 0, ""}, {"a2", 1, ""}, {"b1", 2, "c1"}, {"b2", 3, "c1"}, {"c1", 4, "c2"}}
	var got []step
	for iter.Next() {
		got = append(got, step{iter.Current().ExpressCustomerID, iter.Index(), iter.Cursor()})
	}
	require.NoError(t, iter.Err())
	assert.Equal(t, want, got)

	// A job that stopped on b1 resumes from the cursor of b1's page.
	resumed := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{Cursor: avara.String("c1")})
	require.True(t, resumed.Next())
	assert.Equal(t, "b1", resumed.Current().ExpressCustomerID)
	assert.Equal(t, 0, resumed.Index(), "a resumed walk counts from 0")
	assert.Equal(t, "c1", resumed.Cursor())
	assert.Equal(t, []string{"b1", "b2", "c1"}, append([]string{"b1"}, collectNext(resumed)...))
	require.NoError(t, resumed.Err())
}

// TestListAutoPagingPrefetch checks that with prefetch on the walk is the
// same, the next page is asked for while the current one is worked through,
// and errors surface the same way.
func TestListAutoPagingPrefetch(t *testing.T) {
	t.Run("same items in the same order", func(t *testing.T) {
		srv := newPagedServer(t, threePages)
		iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithPagePrefetch(true))
		require.True(t, iter.Next())
		ids := []string{iter.Current().ExpressCustomerID}
		waitUntil(t, "page 2 is fetched while page 1 is worked through", func() bool { return len(srv.requests()) == 2 })
		ids = append(ids, collectNext(iter)...)
		require.NoError(t, iter.Err())
		assert.Equal(t, []string{"a1", "a2", "b1", "b2", "c1"}, ids)
		assert.Equal(t, []string{"", "c1", "c2"}, requestCursors(srv.requests()))
	})

	t.Run("error surfaces as Err", func(t *testing.T) {
		srv := errorOnPage2(t)
		iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithPagePrefetch(true))
		assert.Equal(t, []string{"a1", "a2"}, collectNext(iter))
		assertServerError(t, iter.Err())
	})

	t.Run("error surfaces in All", func(t *testing.T) {
		srv := errorOnPage2(t)
		var ids []string
		var errs []error
		for c, err := range srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithPagePrefetch(true)).All() {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ids = append(ids, c.ExpressCustomerID)
		}
		assert.Equal(t, []string{"a1", "a2"}, ids)
		require.Len(t, errs, 1)
		assertServerError(t, errs[0])
	})
}

// TestListAutoPagingPrefetchBreak checks that leaving the loop cancels the
// prefetch in flight and leaves no goroutine behind.
func TestListAutoPagingPrefetchBreak(t *testing.T) {
	for _, loop := range []string{"range All", "Next loop with Close"} {
		t.Run(loop, func(t *testing.T) {
			check := leakCheck(t)
			cancelled := make(chan struct{})
			srv := newRecordingServer(t, reply(http.StatusOK, threePages[""]), func(w http.ResponseWriter, r *http.Request) {
				<-r.Context().Done() // page 2 hangs until the client gives up on it
				close(cancelled)
			})
			transport := &http.Transport{}
			client := srv.client(option.WithHTTPClient(&http.Client{Transport: transport}))
			iter := client.Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithPagePrefetch(true))

			if loop == "range All" {
				for range iter.All() {
					waitUntil(t, "the prefetch of page 2 is sent", func() bool { return len(srv.requests()) == 2 })
					break
				}
			} else {
				require.True(t, iter.Next())
				waitUntil(t, "the prefetch of page 2 is sent", func() bool { return len(srv.requests()) == 2 })
				iter.Close()
				assert.False(t, iter.Next(), "a closed pager is done")
			}

			select { // leaving the loop cancels the prefetch
			case <-cancelled:
			case <-time.After(time.Minute):
				t.Fatal("the prefetch of page 2 was not cancelled")
			}
			assert.Len(t, srv.requests(), 2)
			require.NoError(t, iter.Err())

			transport.CloseIdleConnections()
			srv.Close()
			check()
		})
	}
}

// TestListAutoPagingContextCancelled checks that a cancelled context ends a
// walk with the context's error.
func TestListAutoPagingContextCancelled(t *testing.T) {
	srv := newPagedServer(t, threePages)
	ctx, cancel := context.WithCancel(context.Background())
	iter := srv.client().Express.ListAutoPaging(ctx, avara.ExpressListParams{})
	require.True(t, iter.Next())
	cancel()
	for iter.Next() {
	}
	assert.ErrorIs(t, iter.Err(), context.Canceled)
	assert.Len(t, srv.requests(), 1)
}

// TestListAutoPagingBadParams checks that an option error is reported by
// Err and All without sending anything.
func TestListAutoPagingBadParams(t *testing.T) {
	srv := newPagedServer(t, threePages)
	iter := srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithBaseURL("::not a url"))
	assert.False(t, iter.Next())
	assert.Error(t, iter.Err())
	var n int
	for _, err := range srv.client().Express.ListAutoPaging(context.Background(), avara.ExpressListParams{}, option.WithBaseURL("::not a url")).All() {
		assert.Error(t, err)
		n++
	}
	assert.Equal(t, 1, n)
	assert.Empty(t, srv.requests())
}
