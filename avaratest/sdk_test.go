package avaratest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests drive the fake through the SDK, so the two are known to agree
// on the wire protocol.

const (
	user1 = "usr_00000000000000000000000000000001"
	user2 = "usr_00000000000000000000000000000002"
)

func apiError(t *testing.T, err error) *avara.Error {
	t.Helper()
	var e *avara.Error
	require.ErrorAs(t, err, &e)
	return e
}

func TestThroughTheSDK(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)
	srv := avaratest.NewServer(avaratest.WithClock(func() time.Time { return t0 }))
	t.Cleanup(srv.Close)
	client := srv.Client(option.WithMaxRetries(0))

	var id string
	t.Run("a customer is created with every field decoded", func(t *testing.T) {
		c, err := client.Express.New(ctx, avara.ExpressNewParams{
			ExpressCustomerName: "City Medical Center",
			Metadata:            map[string]string{"region": "ne"},
		})
		require.NoError(t, err)
		id = c.ExpressCustomerID
		assert.Regexp(t, `^cus_[0-9a-f]{32}$`, id)
		assert.Equal(t, "City Medical Center", c.ExpressCustomerName)
		assert.True(t, c.IsActive)
		assert.Equal(t, t0, c.CreatedAt)
		assert.Equal(t, t0, c.UpdatedAt)
		assert.NotEmpty(t, c.CreatedByAPIKeyID)
		assert.False(t, c.JSON.CreatedByUserID.IsPresent(), "an API key made it: the creator user is left out")
		assert.Equal(t, map[string]string{"region": "ne"}, c.Metadata)
		assert.Empty(t, c.JSON.ExtraFields, "the fake sends only fields the SDK knows")
	})

	t.Run("it is fetched by id", func(t *testing.T) {
		c, err := client.Express.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, "City Medical Center", c.ExpressCustomerName)
	})

	t.Run("an update renames it and null clears its metadata", func(t *testing.T) {
		c, err := client.Express.Update(ctx, id, avara.ExpressUpdateParams{
			ExpressCustomerName: avara.String("Renamed"),
			Metadata:            param.Null[map[string]string](),
		})
		require.NoError(t, err)
		assert.Equal(t, "Renamed", c.ExpressCustomerName)
		assert.Nil(t, c.Metadata)
	})

	t.Run("an update replaces the whole metadata", func(t *testing.T) {
		c, err := client.Express.Update(ctx, id, avara.ExpressUpdateParams{
			Metadata: param.NewOpt(map[string]string{"tier": "gold"}),
		})
		require.NoError(t, err)
		assert.Equal(t, map[string]string{"tier": "gold"}, c.Metadata)
		assert.Equal(t, "Renamed", c.ExpressCustomerName)
	})

	t.Run("users are added and removed, and userCount follows", func(t *testing.T) {
		ok, err := client.Express.Users.Add(ctx, id, avara.ExpressUserAddParams{UserID: user1})
		require.NoError(t, err)
		assert.True(t, ok.Success)
		_, err = client.Express.Users.Add(ctx, id, avara.ExpressUserAddParams{UserID: user2})
		require.NoError(t, err)
		ok, err = client.Express.Users.Remove(ctx, id, avara.ExpressUserRemoveParams{UserID: user2})
		require.NoError(t, err)
		assert.True(t, ok.Success)
		c, err := client.Express.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, int64(1), c.UserCount)
	})

	t.Run("removing a non-member is a 404 error", func(t *testing.T) {
		_, err := client.Express.Users.Remove(ctx, id, avara.ExpressUserRemoveParams{UserID: user2})
		e := apiError(t, err)
		assert.Equal(t, http.StatusNotFound, e.StatusCode)
		assert.Contains(t, e.Message, "not a member")
	})

	t.Run("a deactivated customer refuses users with 409 and is not retried", func(t *testing.T) {
		retrying := srv.Client() // default retries: x-should-retry: false must stop them
		c, err := retrying.Express.Deactivate(ctx, id)
		require.NoError(t, err)
		assert.False(t, c.IsActive)
		srv.ResetRequests()
		_, err = retrying.Express.Users.Add(ctx, id, avara.ExpressUserAddParams{UserID: user2})
		e := apiError(t, err)
		assert.Equal(t, http.StatusConflict, e.StatusCode)
		assert.Contains(t, e.Message, "deactivated")
		assert.Len(t, srv.Requests(), 1)
	})

	t.Run("reactivate is idempotent", func(t *testing.T) {
		for range 2 {
			c, err := client.Express.Reactivate(ctx, id)
			require.NoError(t, err)
			assert.True(t, c.IsActive)
		}
	})

	t.Run("validation errors carry the field and the request id", func(t *testing.T) {
		md := map[string]string{}
		for i := range 51 {
			md[fmt.Sprint("k", i)] = "v"
		}
		_, err := client.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x", Metadata: md})
		e := apiError(t, err)
		assert.Equal(t, http.StatusBadRequest, e.StatusCode)
		assert.Equal(t, "metadata", e.Param)
		assert.Contains(t, e.Message, "at most 50 pairs allowed, got 51")
		assert.Regexp(t, `^req_`, e.RequestID)
	})

	t.Run("an unknown customer is a 404 error", func(t *testing.T) {
		_, err := client.Express.Get(ctx, "cus_ffffffffffffffffffffffffffffffff")
		assert.Equal(t, http.StatusNotFound, apiError(t, err).StatusCode)
	})

	t.Run("a wrong key is a 401 error", func(t *testing.T) {
		_, err := srv.Client(option.WithAPIKey("avt_wrong")).Express.Get(ctx, id)
		assert.Equal(t, http.StatusUnauthorized, apiError(t, err).StatusCode)
	})
}

func TestSDKPagination(t *testing.T) {
	ctx := context.Background()

	t.Run("250 customers at limit 100 are 3 pages and 250 unique ids", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(250))
		t.Cleanup(srv.Close)
		client := srv.Client()

		page, err := client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(100)})
		require.NoError(t, err)
		pages, ids := 0, map[string]bool{}
		for page != nil {
			pages++
			for _, c := range page.ExpressCustomers {
				ids[c.ExpressCustomerID] = true
			}
			page, err = page.GetNextPage()
			require.NoError(t, err)
		}
		assert.Equal(t, 3, pages)
		assert.Len(t, ids, 250)
	})

	t.Run("auto-paging with range visits every customer once", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(57))
		t.Cleanup(srv.Close)
		seen := map[string]int{}
		for c, err := range srv.Client().Express.ListAutoPaging(ctx, avara.ExpressListParams{Limit: avara.Int(10)}).All() {
			require.NoError(t, err)
			seen[c.ExpressCustomerID]++
		}
		assert.Len(t, seen, 57)
		for id, n := range seen {
			assert.Equal(t, 1, n, id)
		}
	})
}

func TestSDKRetries(t *testing.T) {
	ctx := context.Background()

	t.Run("injected 503s with Retry-After 0 are retried to success", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Status: 503, RetryAfter: "0", Times: 2})
		c, err := srv.Client().Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x"})
		require.NoError(t, err)
		assert.Equal(t, "x", c.ExpressCustomerName)
		reqs := srv.Requests()
		require.Len(t, reqs, 3)
		assert.Equal(t, []int{503, 503, 200}, []int{reqs[0].Status, reqs[1].Status, reqs[2].Status})
		key := reqs[0].Header.Get("Idempotency-Key")
		assert.NotEmpty(t, key)
		for _, r := range reqs {
			assert.Equal(t, key, r.Header.Get("Idempotency-Key"), "one key across a call's retries")
			assert.Equal(t, "Bearer [redacted]", r.Header.Get("Authorization"))
		}
	})

	t.Run("a lost answer is retried with the same key and creates one customer", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/express", Drop: avaratest.DropAfterRead, Delay: 10 * time.Millisecond})
		c, err := srv.Client().Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "once"})
		require.NoError(t, err)
		customers := srv.Customers()
		require.Len(t, customers, 1)
		assert.Equal(t, customers[0].ID, c.ExpressCustomerID)
	})

	t.Run("a lost remove answer is retried into a success, not a 404", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithCustomers(avaratest.Seed{
			ID: "cus_00000000000000000000000000000001", Name: "x", Users: []string{user1},
		}))
		t.Cleanup(srv.Close)
		srv.InjectFault(avaratest.Fault{Method: "DELETE", Drop: avaratest.DropAfterRead})
		ok, err := srv.Client().Express.Users.Remove(ctx, "cus_00000000000000000000000000000001", avara.ExpressUserRemoveParams{UserID: user1})
		require.NoError(t, err)
		assert.True(t, ok.Success)
	})

	t.Run("a delay longer than the request timeout is retried", func(t *testing.T) {
		srv := avaratest.NewServer(avaratest.WithSeedCount(1))
		t.Cleanup(srv.Close)
		srv.InjectFault(avaratest.Fault{Method: "GET", Delay: time.Hour})
		_, err := srv.Client(option.WithRequestTimeout(200*time.Millisecond)).Express.List(ctx, avara.ExpressListParams{})
		require.NoError(t, err)
		assert.Equal(t, 1, srv.FaultsInjected())
	})

	t.Run("a cancelled context stops a delayed call at once", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		srv.InjectFault(avaratest.Fault{Delay: time.Hour})
		cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := srv.Client().Express.List(cctx, avara.ExpressListParams{})
		require.Error(t, err)
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "got %v", err)
		assert.Less(t, time.Since(start), 5*time.Second)
	})
}
