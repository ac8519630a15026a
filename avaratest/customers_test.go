package avaratest

import (
	"github.com/avara/avara-go/internal/fakeclock"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)

func TestCreate(t *testing.T) {
	t.Run("a new customer has every field of the reference, with exact timestamps from the clock", func(t *testing.T) {
		clock := fakeclock.New(t0)
		srv := newTestServer(t, WithClock(clock.Now))

		c := create(t, srv, "City Medical Center", map[string]string{"region": "ne"})

		assert.Regexp(t, `^cus_[0-9a-f]{32}$`, c.ExpressCustomerID)
		assert.Equal(t, "City Medical Center", c.ExpressCustomerName)
		assert.True(t, c.IsActive)
		assert.Equal(t, 0, c.UserCount)
		assert.Equal(t, "2024-01-15T09:00:00Z", c.CreatedAt)
		assert.Equal(t, "2024-01-15T09:00:00Z", c.UpdatedAt)
		assert.Equal(t, map[string]string{"region": "ne"}, c.Metadata)
		require.NotNil(t, c.CreatedByAPIKeyID)
		assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, *c.CreatedByAPIKeyID)
		assert.Nil(t, c.CreatedByUserID, "a customer made with an API key has no creating user")
	})

	t.Run("the response names every required field and leaves out the empty optional ones, as the official types declare", func(t *testing.T) {
		srv := newTestServer(t)
		res := do(t, srv, req{method: "POST", path: "/v1/express", body: `{"expressCustomerName":"A"}`})
		require.Equal(t, http.StatusOK, res.status)
		for _, field := range []string{`"createdAt"`, `"expressCustomerId"`, `"expressCustomerName"`, `"isActive"`,
			`"updatedAt"`, `"userCount"`, `"createdByApiKeyId"`} {
			assert.Contains(t, string(res.body), field)
		}
		for _, field := range []string{`"createdByUserId"`, `"metadata"`, `null`} {
			assert.NotContains(t, string(res.body), field, "optional, not nullable: left out rather than null")
		}
	})

	t.Run("the api key id is a UUID stable per key and never the key itself", func(t *testing.T) {
		a1 := newTestServer(t, WithAPIKey("avt_key_one"))
		a2 := newTestServer(t, WithAPIKey("avt_key_one"))
		b := newTestServer(t, WithAPIKey("avt_key_two"))

		idA1 := *create(t, a1, "x", nil).CreatedByAPIKeyID
		idA2 := *create(t, a2, "x", nil).CreatedByAPIKeyID
		idB := *create(t, b, "x", nil).CreatedByAPIKeyID

		assert.Equal(t, idA1, idA2)
		assert.NotEqual(t, idA1, idB)
		assert.NotContains(t, idA1, "avt_key_one")
	})

	t.Run("ids are random and distinct", func(t *testing.T) {
		srv := newTestServer(t)
		seen := map[string]bool{}
		for range 50 {
			id := create(t, srv, "x", nil).ExpressCustomerID
			require.False(t, seen[id])
			seen[id] = true
		}
	})

	t.Run("names are counted in characters, so one multibyte character is enough", func(t *testing.T) {
		srv := newTestServer(t)
		assert.Equal(t, "é", create(t, srv, "é", nil).ExpressCustomerName)
	})

	t.Run("an empty metadata object is stored as no metadata", func(t *testing.T) {
		srv := newTestServer(t)
		assert.Nil(t, create(t, srv, "x", map[string]string{}).Metadata)
	})

	t.Run("a later customer is never created before an earlier one, even if the clock goes back", func(t *testing.T) {
		clock := fakeclock.New(t0)
		srv := newTestServer(t, WithClock(clock.Now))
		first := create(t, srv, "first", nil)
		clock.Set(t0.Add(-time.Hour))
		second := create(t, srv, "second", nil)
		assert.Equal(t, first.CreatedAt, second.CreatedAt)
	})
}

func TestRetrieve(t *testing.T) {
	t.Run("a created customer can be fetched by id", func(t *testing.T) {
		srv := newTestServer(t)
		c := create(t, srv, "Clinic", map[string]string{"a": "b"})
		got := do(t, srv, req{method: "GET", path: "/v1/express/" + c.ExpressCustomerID}).customer(t)
		assert.Equal(t, c, got)
	})

	t.Run("a seeded customer has the seed's fields", func(t *testing.T) {
		seed := Seed{
			ID:              customerID(7),
			Name:            "Seeded",
			Metadata:        map[string]string{"k": "v"},
			Users:           []string{userID(1), userID(2), userID(1)},
			Inactive:        true,
			CreatedAt:       t0,
			CreatedByUserID: userID(99),
		}
		srv := newTestServer(t, WithCustomers(seed))
		got := do(t, srv, req{method: "GET", path: "/v1/express/" + seed.ID}).customer(t)
		assert.Equal(t, "Seeded", got.ExpressCustomerName)
		assert.False(t, got.IsActive)
		assert.Equal(t, 2, got.UserCount, "duplicate seed users count once")
		assert.Equal(t, "2024-01-15T09:00:00Z", got.CreatedAt)
		assert.Nil(t, got.CreatedByAPIKeyID, "a dashboard-created customer has no api key id")
		require.NotNil(t, got.CreatedByUserID)
		assert.Equal(t, userID(99), *got.CreatedByUserID)
	})

	t.Run("an unknown customer is 404 naming the id", func(t *testing.T) {
		srv := newTestServer(t)
		res := do(t, srv, req{method: "GET", path: "/v1/express/" + customerID(1)})
		assert.Equal(t, http.StatusNotFound, res.status)
		e := res.errorBody(t)
		assert.Equal(t, "not_found_error", e.Type)
		assert.Equal(t, "expressCustomerId", e.Param)
		assert.Contains(t, e.Message, customerID(1))
	})
}

func TestUpdate(t *testing.T) {
	clock := fakeclock.New(t0)
	srv := newTestServer(t, WithClock(clock.Now))
	c := create(t, srv, "Old", map[string]string{"a": "1", "b": "2"})
	path := "/v1/express/" + c.ExpressCustomerID

	t.Run("a new name changes only the name and moves updatedAt", func(t *testing.T) {
		clock.Advance(time.Minute)
		got := do(t, srv, req{method: "PATCH", path: path, body: `{"expressCustomerName":"New"}`}).customer(t)
		assert.Equal(t, "New", got.ExpressCustomerName)
		assert.Equal(t, map[string]string{"a": "1", "b": "2"}, got.Metadata)
		assert.Equal(t, "2024-01-15T09:00:00Z", got.CreatedAt)
		assert.Equal(t, "2024-01-15T09:01:00Z", got.UpdatedAt)
	})

	t.Run("metadata replaces the whole map rather than merging", func(t *testing.T) {
		got := do(t, srv, req{method: "PATCH", path: path, body: `{"metadata":{"c":"3"}}`}).customer(t)
		assert.Equal(t, map[string]string{"c": "3"}, got.Metadata)
		assert.Equal(t, "New", got.ExpressCustomerName)
	})

	t.Run("an empty body changes nothing, not even updatedAt", func(t *testing.T) {
		before, _ := srv.Customer(c.ExpressCustomerID)
		clock.Advance(time.Minute)
		got := do(t, srv, req{method: "PATCH", path: path, body: `{}`}).customer(t)
		assert.Equal(t, map[string]string{"c": "3"}, got.Metadata)
		assert.Equal(t, before.UpdatedAt.Format(time.RFC3339), got.UpdatedAt)
	})

	t.Run("null metadata clears it", func(t *testing.T) {
		got := do(t, srv, req{method: "PATCH", path: path, body: `{"metadata":null}`}).customer(t)
		assert.Nil(t, got.Metadata)
		stored, ok := srv.Customer(c.ExpressCustomerID)
		require.True(t, ok)
		assert.Nil(t, stored.Metadata)
	})

	t.Run("a null name is refused rather than taken as absent", func(t *testing.T) {
		res := do(t, srv, req{method: "PATCH", path: path, body: `{"expressCustomerName":null}`})
		assert.Equal(t, http.StatusBadRequest, res.status)
		assert.Equal(t, "expressCustomerName", res.errorBody(t).Param)
	})

	t.Run("an unknown customer is 404", func(t *testing.T) {
		res := do(t, srv, req{method: "PATCH", path: "/v1/express/" + customerID(1), body: `{"expressCustomerName":"x"}`})
		assert.Equal(t, http.StatusNotFound, res.status)
	})
}

func TestActivation(t *testing.T) {
	clock := fakeclock.New(t0)
	srv := newTestServer(t, WithClock(clock.Now))
	c := create(t, srv, "Clinic", nil)
	base := "/v1/express/" + c.ExpressCustomerID

	t.Run("deactivate turns the customer inactive", func(t *testing.T) {
		clock.Advance(time.Second)
		got := do(t, srv, req{method: "POST", path: base + "/deactivate"}).customer(t)
		assert.False(t, got.IsActive)
		assert.Equal(t, "2024-01-15T09:00:01Z", got.UpdatedAt)
	})

	t.Run("deactivating again succeeds and changes nothing", func(t *testing.T) {
		clock.Advance(time.Second)
		got := do(t, srv, req{method: "POST", path: base + "/deactivate"}).customer(t)
		assert.False(t, got.IsActive)
		assert.Equal(t, "2024-01-15T09:00:01Z", got.UpdatedAt)
	})

	t.Run("reactivate turns it active again, twice over", func(t *testing.T) {
		for range 2 {
			got := do(t, srv, req{method: "POST", path: base + "/reactivate"}).customer(t)
			assert.True(t, got.IsActive)
		}
	})

	t.Run("a body is refused, even an empty object, since openapi.yml gives these actions none", func(t *testing.T) {
		for _, body := range []string{`{"force":true}`, `{}`} {
			res := do(t, srv, req{method: "POST", path: base + "/deactivate", body: body})
			assert.Equal(t, http.StatusBadRequest, res.status)
			e := res.errorBody(t)
			assert.Equal(t, "body", e.Param)
			assert.Equal(t, "body: this operation takes no body", e.Message)
		}
	})

	t.Run("an unknown customer is 404 for both", func(t *testing.T) {
		for _, action := range []string{"deactivate", "reactivate"} {
			res := do(t, srv, req{method: "POST", path: "/v1/express/" + customerID(1) + "/" + action})
			assert.Equal(t, http.StatusNotFound, res.status, action)
		}
	})
}

func TestUsers(t *testing.T) {
	srv := newTestServer(t)
	c := create(t, srv, "Clinic", nil)
	users := "/v1/express/" + c.ExpressCustomerID + "/users"
	get := func(t *testing.T) wireCustomer {
		return do(t, srv, req{method: "GET", path: "/v1/express/" + c.ExpressCustomerID}).customer(t)
	}

	t.Run("adding a user succeeds and counts them", func(t *testing.T) {
		ok := do(t, srv, req{method: "POST", path: users, body: map[string]string{"userId": userID(1)}}).success(t)
		assert.True(t, ok.Success)
		assert.Contains(t, ok.Message, userID(1))
		assert.Equal(t, 1, get(t).UserCount)
	})

	t.Run("adding the same user again succeeds without counting them twice", func(t *testing.T) {
		ok := do(t, srv, req{method: "POST", path: users, body: map[string]string{"userId": userID(1)}}).success(t)
		assert.True(t, ok.Success)
		assert.Contains(t, ok.Message, "already a member")
		assert.Equal(t, 1, get(t).UserCount)
	})

	t.Run("userCount always equals the number of members", func(t *testing.T) {
		for i := 2; i <= 5; i++ {
			do(t, srv, req{method: "POST", path: users, body: map[string]string{"userId": userID(i)}}).success(t)
		}
		assert.Equal(t, 5, get(t).UserCount)
		stored, _ := srv.Customer(c.ExpressCustomerID)
		assert.Len(t, stored.Users, 5)
	})

	t.Run("removing a member succeeds and uncounts them", func(t *testing.T) {
		ok := do(t, srv, req{method: "DELETE", path: users, body: map[string]string{"userId": userID(5)}}).success(t)
		assert.True(t, ok.Success)
		assert.Equal(t, 4, get(t).UserCount)
	})

	t.Run("removing a user who is not a member is 404 that should not be retried", func(t *testing.T) {
		res := do(t, srv, req{method: "DELETE", path: users, body: map[string]string{"userId": userID(5)}})
		assert.Equal(t, http.StatusNotFound, res.status)
		assert.Equal(t, "false", res.header.Get("X-Should-Retry"))
		e := res.errorBody(t)
		assert.Equal(t, "not_found_error", e.Type)
		assert.Equal(t, "userId", e.Param)
		assert.Contains(t, e.Message, "not a member")
		assert.Equal(t, 4, get(t).UserCount)
	})

	t.Run("a deactivated customer refuses new users with 409 that should not be retried", func(t *testing.T) {
		do(t, srv, req{method: "POST", path: "/v1/express/" + c.ExpressCustomerID + "/deactivate"}).customer(t)
		res := do(t, srv, req{method: "POST", path: users, body: map[string]string{"userId": userID(6)}})
		assert.Equal(t, http.StatusConflict, res.status)
		assert.Equal(t, "false", res.header.Get("X-Should-Retry"))
		e := res.errorBody(t)
		assert.Equal(t, "conflict_error", e.Type)
		assert.Contains(t, e.Message, "deactivated")
		assert.Equal(t, 4, get(t).UserCount)
	})

	t.Run("a deactivated customer still lets users be removed", func(t *testing.T) {
		do(t, srv, req{method: "DELETE", path: users, body: map[string]string{"userId": userID(4)}}).success(t)
		assert.Equal(t, 3, get(t).UserCount)
	})

	t.Run("a reactivated customer takes users again", func(t *testing.T) {
		do(t, srv, req{method: "POST", path: "/v1/express/" + c.ExpressCustomerID + "/reactivate"}).customer(t)
		do(t, srv, req{method: "POST", path: users, body: map[string]string{"userId": userID(6)}}).success(t)
		assert.Equal(t, 4, get(t).UserCount)
	})

	t.Run("an unknown customer is 404 for add and remove", func(t *testing.T) {
		for _, m := range []string{"POST", "DELETE"} {
			res := do(t, srv, req{method: m, path: "/v1/express/" + customerID(1) + "/users", body: map[string]string{"userId": userID(1)}})
			assert.Equal(t, http.StatusNotFound, res.status, m)
			assert.Equal(t, "expressCustomerId", res.errorBody(t).Param, m)
		}
	})
}
