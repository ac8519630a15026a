package contracttest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusLog records the status of every answer, by operation, so the test
// can show it covered every endpoint and every status the fake answers.
type statusLog struct {
	Base http.RoundTripper
	Spec *Spec

	mu   sync.Mutex
	seen map[string][]int // "POST /v1/express/{expressCustomerId}/users" → statuses
}

func (l *statusLog) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := l.Base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	op := req.Method + " " + req.URL.Path
	if route, _, err := l.Spec.router.FindRoute(req); err == nil {
		op = req.Method + " " + route.Path
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]int{}
	}
	if !slices.Contains(l.seen[op], resp.StatusCode) {
		l.seen[op] = append(l.seen[op], resp.StatusCode)
	}
	return resp, nil
}

func (l *statusLog) statuses() map[string][]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string][]int, len(l.seen))
	for op, s := range l.seen {
		out[op] = slices.Sorted(slices.Values(s))
	}
	return out
}

// The fake server (avaratest), driven through the SDK, answers every
// endpoint with what openapi.yml documents: for each of its successes and
// each error it gives (400, 401, 404, 409, 413, 415, 429, 5xx), the response
// validates against the operation's schema. Requests that are valid are
// validated too; the ones that break the spec on purpose (to get a 400 or a
// 401) go through a client that checks only the answers.
func TestFakeAnswersMatchSpec(t *testing.T) {
	spec := sharedSpec(t)
	const (
		seedID   = "cus_00000000000000000000000000000001"
		idleID   = "cus_00000000000000000000000000000002"
		unknown  = "cus_ffffffffffffffffffffffffffffffff"
		member   = "usr_00000000000000000000000000000001"
		stranger = "usr_00000000000000000000000000000002"
	)
	created := time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)
	srv := avaratest.NewServer(
		avaratest.WithCustomers(
			avaratest.Seed{ID: seedID, Name: "Seeded", Metadata: map[string]string{"region": "ne"},
				Users: []string{member}, CreatedAt: created},
			avaratest.Seed{ID: idleID, Name: "Dashboard-made", Inactive: true, CreatedAt: created,
				CreatedByUserID: "usr_0123456789abcdef0123456789abcdef"},
		),
		avaratest.WithSeedCount(5),
	)
	t.Cleanup(srv.Close)

	log := &statusLog{Base: http.DefaultTransport, Spec: spec}
	client := func(skipRequests bool, opts ...option.RequestOption) *avara.Client {
		hc := &http.Client{Timeout: 30 * time.Second, Transport: &Transport{
			Spec: spec, Base: log, SkipRequests: skipRequests,
			Report: func(err error) { t.Errorf("the fake and openapi.yml disagree: %v", err) },
		}}
		return srv.Client(append([]option.RequestOption{option.WithHTTPClient(hc), option.WithMaxRetries(0)}, opts...)...)
	}
	strict := client(false) // requests checked too
	loose := client(true)   // requests that break the spec on purpose
	ctx := t.Context()

	// wantStatus checks err is nil for 200, or an *avara.Error of that status.
	wantStatus := func(t *testing.T, status int, err error) {
		t.Helper()
		if status == http.StatusOK {
			require.NoError(t, err)
			return
		}
		var apiErr *avara.Error
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, status, apiErr.StatusCode, "%v", err)
	}

	t.Run("successes", func(t *testing.T) {
		c, err := strict.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"})
		require.NoError(t, err)
		assert.False(t, c.JSON.Metadata.IsPresent(), "the fake leaves out metadata when there is none: optional, not nullable")
		c, err = strict.Express.New(ctx, avara.ExpressNewParams{
			ExpressCustomerName: "City Medical Center",
			Metadata:            map[string]string{"department": "radiology", strings.Repeat("k", 100): strings.Repeat("v", 1000)},
		}, option.WithIdempotencyKey("fake-contract-create"))
		require.NoError(t, err)
		// The same key again: the first answer, replayed.
		var raw *http.Response
		again, err := strict.Express.New(ctx, avara.ExpressNewParams{
			ExpressCustomerName: "City Medical Center",
			Metadata:            map[string]string{"department": "radiology", strings.Repeat("k", 100): strings.Repeat("v", 1000)},
		}, option.WithIdempotencyKey("fake-contract-create"), option.WithResponseInto(&raw))
		require.NoError(t, err)
		assert.Equal(t, c.ExpressCustomerID, again.ExpressCustomerID)
		assert.Equal(t, "true", raw.Header.Get("Idempotent-Replayed"))

		_, err = strict.Express.Get(ctx, seedID)
		require.NoError(t, err)
		_, err = strict.Express.Get(ctx, idleID) // created from the dashboard: createdByApiKeyId null
		require.NoError(t, err)

		for _, p := range []avara.ExpressUpdateParams{
			{},
			{ExpressCustomerName: avara.String("Renamed")},
			{Metadata: param.NewOpt(map[string]string{"tier": "gold"})},
			{Metadata: param.Null[map[string]string]()},
			{ExpressCustomerName: avara.String("Both"), Metadata: param.NewOpt(map[string]string{})},
		} {
			_, err = strict.Express.Update(ctx, c.ExpressCustomerID, p)
			require.NoError(t, err)
		}

		for range 2 { // both are idempotent
			_, err = strict.Express.Deactivate(ctx, c.ExpressCustomerID)
			require.NoError(t, err)
		}
		for range 2 {
			_, err = strict.Express.Reactivate(ctx, c.ExpressCustomerID)
			require.NoError(t, err)
		}

		for range 2 { // adding a member again succeeds, saying so
			_, err = strict.Express.Users.Add(ctx, c.ExpressCustomerID, avara.ExpressUserAddParams{UserID: member})
			require.NoError(t, err)
		}
		_, err = strict.Express.Users.Remove(ctx, c.ExpressCustomerID, avara.ExpressUserRemoveParams{UserID: member})
		require.NoError(t, err)

		// Pages: the default size, a small limit walked to the last page
		// (whose cursor is null), and the largest limit.
		_, err = strict.Express.List(ctx, avara.ExpressListParams{})
		require.NoError(t, err)
		n := 0
		for _, err := range strict.Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(2)}).All() {
			require.NoError(t, err)
			n++
		}
		assert.Equal(t, len(srv.Customers()), n)
		page, err := strict.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(100)})
		require.NoError(t, err)
		assert.False(t, page.HasMore)
		assert.True(t, page.JSON.Cursor.IsNull() || !page.JSON.Cursor.IsPresent())
	})

	// The other direction: what the spec accepts at its limits, the fake
	// accepts too (a fake stricter than the API would fail a user's valid
	// code). These requests are validated against the spec as well.
	t.Run("the spec's limits are accepted", func(t *testing.T) {
		pairs := map[string]string{}
		for i := range 50 {
			pairs[fmt.Sprint("k", i)] = strings.Repeat("v", 1000)
		}
		pairs[strings.Repeat("k", 100)] = "v" // replaces one: still 50
		delete(pairs, "k0")
		calls := map[string]func() error{
			"a name of 1 character": func() error {
				_, err := strict.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"})
				return err
			},
			"50 pairs, a 100-character key, 1000-character values": func() error {
				_, err := strict.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A", Metadata: pairs})
				return err
			},
			"an empty metadata object": func() error {
				_, err := strict.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A", Metadata: map[string]string{}})
				return err
			},
			"non-ASCII metadata counted in characters": func() error {
				_, err := strict.Express.Update(ctx, seedID, avara.ExpressUpdateParams{
					Metadata: param.NewOpt(map[string]string{strings.Repeat("é", 100): strings.Repeat("ü", 1000)})})
				return err
			},
			// The fake refused this until the spec was checked against it:
			// the reference bounds keys at 100 characters and sets no minimum.
			"an empty metadata key": func() error {
				_, err := strict.Express.Update(ctx, seedID, avara.ExpressUpdateParams{
					Metadata: param.NewOpt(map[string]string{"": "v"})})
				return err
			},
			"limit 1": func() error {
				_, err := strict.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(1)})
				return err
			},
			"limit 100": func() error {
				_, err := strict.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(100)})
				return err
			},
			"an Idempotency-Key of 255 characters": func() error {
				_, err := strict.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"},
					option.WithIdempotencyKey(strings.Repeat("i", 255)))
				return err
			},
		}
		for name, call := range calls {
			t.Run(name, func(t *testing.T) { wantStatus(t, http.StatusOK, call()) })
		}
	})

	t.Run("400 for input the spec forbids", func(t *testing.T) {
		pairs := map[string]string{}
		for i := range 51 {
			pairs[fmt.Sprint("k", i)] = "v"
		}
		calls := map[string]func() error{
			"bad customer id": func() error { _, err := loose.Express.Get(ctx, "cus_123"); return err },
			"bad customer id on update": func() error {
				_, err := loose.Express.Update(ctx, "CUS_00000000000000000000000000000001", avara.ExpressUpdateParams{})
				return err
			},
			"bad customer id on deactivate": func() error { _, err := loose.Express.Deactivate(ctx, "cus_x"); return err },
			"bad customer id on reactivate": func() error { _, err := loose.Express.Reactivate(ctx, "cus_x"); return err },
			"51 metadata pairs": func() error {
				_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A", Metadata: pairs})
				return err
			},
			"metadata key of 101 characters": func() error {
				_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A",
					Metadata: map[string]string{strings.Repeat("k", 101): "v"}})
				return err
			},
			"metadata value of 1001 characters": func() error {
				_, err := loose.Express.Update(ctx, seedID, avara.ExpressUpdateParams{
					Metadata: param.NewOpt(map[string]string{"k": strings.Repeat("v", 1001)})})
				return err
			},
			// The SDK refuses an empty name itself; the option sends one
			// past it.
			"empty name on update": func() error {
				_, err := loose.Express.Update(ctx, seedID, avara.ExpressUpdateParams{ExpressCustomerName: avara.String("x")},
					option.WithJSONSet("expressCustomerName", ""))
				return err
			},
			"null metadata on create, which only update allows": func() error {
				_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"}, option.WithJSONSet("metadata", nil))
				return err
			},
			"limit given twice": func() error {
				_, err := loose.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(5)}, option.WithQueryAdd("limit", "500"))
				return err
			},
			"a body on deactivate, which takes none": func() error {
				_, err := loose.Express.Deactivate(ctx, seedID, option.WithRequestBody("application/json", "{}"))
				return err
			},
			"unknown body field": func() error {
				_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"},
					option.WithJSONSet("express_customer_name", "A"))
				return err
			},
			"malformed JSON": func() error {
				_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"},
					option.WithRequestBody("application/json", "{"))
				return err
			},
			"name of the wrong type": func() error {
				_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"},
					option.WithJSONSet("expressCustomerName", 5))
				return err
			},
			"bad user id on add": func() error {
				_, err := loose.Express.Users.Add(ctx, seedID, avara.ExpressUserAddParams{UserID: "usr_1"})
				return err
			},
			"bad user id on remove": func() error {
				_, err := loose.Express.Users.Remove(ctx, seedID, avara.ExpressUserRemoveParams{UserID: "user"})
				return err
			},
			"limit 0": func() error {
				_, err := loose.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(0)})
				return err
			},
			"limit 101": func() error {
				_, err := loose.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(101)})
				return err
			},
			// A cursor is any string to the spec; the fake refuses ones it
			// did not issue.
			"a cursor the fake never issued": func() error {
				_, err := strict.Express.List(ctx, avara.ExpressListParams{Cursor: avara.String("not-a-cursor")})
				return err
			},
		}
		for name, call := range calls {
			t.Run(name, func(t *testing.T) { wantStatus(t, http.StatusBadRequest, call()) })
		}
	})

	t.Run("401 without the right key", func(t *testing.T) {
		_, err := client(false, option.WithAPIKey("wrong-key")).Express.Get(ctx, seedID)
		wantStatus(t, http.StatusUnauthorized, err)
		_, err = client(true, option.WithHeader("Authorization", "Basic dXNlcjpwYXNz")).Express.List(ctx, avara.ExpressListParams{})
		wantStatus(t, http.StatusUnauthorized, err)
		_, err = client(false, option.WithAPIKey("wrong-key")).Express.Users.Remove(ctx, seedID, avara.ExpressUserRemoveParams{UserID: member})
		wantStatus(t, http.StatusUnauthorized, err)
	})

	t.Run("404 for an unknown customer or member", func(t *testing.T) {
		_, err := strict.Express.Get(ctx, unknown)
		wantStatus(t, http.StatusNotFound, err)
		_, err = strict.Express.Update(ctx, unknown, avara.ExpressUpdateParams{ExpressCustomerName: avara.String("x")})
		wantStatus(t, http.StatusNotFound, err)
		_, err = strict.Express.Deactivate(ctx, unknown)
		wantStatus(t, http.StatusNotFound, err)
		_, err = strict.Express.Reactivate(ctx, unknown)
		wantStatus(t, http.StatusNotFound, err)
		_, err = strict.Express.Users.Add(ctx, unknown, avara.ExpressUserAddParams{UserID: member})
		wantStatus(t, http.StatusNotFound, err)
		_, err = strict.Express.Users.Remove(ctx, unknown, avara.ExpressUserRemoveParams{UserID: member})
		wantStatus(t, http.StatusNotFound, err)
		_, err = strict.Express.Users.Remove(ctx, seedID, avara.ExpressUserRemoveParams{UserID: stranger})
		wantStatus(t, http.StatusNotFound, err)
	})

	t.Run("409 for a deactivated customer or a reused key", func(t *testing.T) {
		_, err := strict.Express.Users.Add(ctx, idleID, avara.ExpressUserAddParams{UserID: stranger})
		wantStatus(t, http.StatusConflict, err)
		_, err = strict.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "first"}, option.WithIdempotencyKey("fake-contract-reused"))
		require.NoError(t, err)
		_, err = strict.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "second"}, option.WithIdempotencyKey("fake-contract-reused"))
		wantStatus(t, http.StatusConflict, err)
		_, err = strict.Express.Users.Remove(ctx, seedID, avara.ExpressUserRemoveParams{UserID: member}, option.WithIdempotencyKey("fake-contract-reused"))
		wantStatus(t, http.StatusConflict, err)
	})

	t.Run("413 for a body over 1 MiB", func(t *testing.T) {
		big := strings.Repeat("x", avaratest.MaxBodyBytes)
		_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: big})
		wantStatus(t, http.StatusRequestEntityTooLarge, err)
		_, err = loose.Express.Users.Remove(ctx, seedID, avara.ExpressUserRemoveParams{UserID: big})
		wantStatus(t, http.StatusRequestEntityTooLarge, err)
	})

	t.Run("415 for a body that is not sent as JSON", func(t *testing.T) {
		for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
			t.Run(fmt.Sprintf("Content-Type %q", ct), func(t *testing.T) {
				opt := option.WithHeader("Content-Type", ct)
				if ct == "" {
					opt = option.WithHeaderDel("Content-Type")
				}
				_, err := loose.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "A"}, opt)
				wantStatus(t, http.StatusUnsupportedMediaType, err)
				var apiErr *avara.Error
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, "Content-Type", apiErr.Param)
				_, err = loose.Express.Users.Remove(ctx, seedID, avara.ExpressUserRemoveParams{UserID: member}, opt)
				wantStatus(t, http.StatusUnsupportedMediaType, err)
				_, err = loose.Express.Update(ctx, seedID, avara.ExpressUpdateParams{}, opt)
				wantStatus(t, http.StatusUnsupportedMediaType, err)
				_, err = loose.Express.Users.Add(ctx, seedID, avara.ExpressUserAddParams{UserID: member}, opt)
				wantStatus(t, http.StatusUnsupportedMediaType, err)
			})
		}
	})

	t.Run("429 and 5xx injected", func(t *testing.T) {
		srv.InjectFault(avaratest.Fault{Method: "GET", Path: "/v1/express", Status: http.StatusTooManyRequests, RetryAfter: "1"})
		_, err := strict.Express.List(ctx, avara.ExpressListParams{})
		wantStatus(t, http.StatusTooManyRequests, err)
		srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express/*/users", Status: http.StatusServiceUnavailable})
		_, err = strict.Express.Users.Add(ctx, seedID, avara.ExpressUserAddParams{UserID: member})
		wantStatus(t, http.StatusServiceUnavailable, err)
		srv.InjectFault(avaratest.Fault{Method: "PATCH", Status: http.StatusInternalServerError})
		_, err = strict.Express.Update(ctx, seedID, avara.ExpressUpdateParams{})
		wantStatus(t, http.StatusInternalServerError, err)
		srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express/*/deactivate", Status: http.StatusForbidden})
		_, err = strict.Express.Deactivate(ctx, seedID)
		wantStatus(t, http.StatusForbidden, err)
	})

	// Every Express operation answered a 200, and the statuses above all
	// occurred. (avaratest's own tests send every other operation and check
	// its answer against the spec.)
	seen := log.statuses()
	for path, item := range spec.Doc.Paths.Map() {
		if !strings.HasPrefix(path, "/v1/express") {
			continue
		}
		for method := range item.Operations() {
			assert.Contains(t, seen[method+" "+path], http.StatusOK, "%s %s never answered 200", method, path)
		}
	}
	all := map[int]bool{}
	for _, s := range seen {
		for _, code := range s {
			all[code] = true
		}
	}
	for _, code := range []int{200, 400, 401, 403, 404, 409, 413, 415, 429, 500, 503} {
		assert.True(t, all[code], "no answer with status %d was checked", code)
	}
	var lines []string
	for op, s := range seen {
		lines = append(lines, fmt.Sprintf("%s: %v", op, s))
	}
	slices.Sort(lines)
	t.Logf("statuses checked against openapi.yml:\n%s", strings.Join(lines, "\n"))
}
