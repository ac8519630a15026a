package avara_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exSeedCustomerJSON is the customer of the API reference's JSON example.
const exSeedCustomerJSON = `{
  "createdAt": "2024-01-15T09:00:00Z",
  "expressCustomerId": "cus_1234567890abcdef1234567890abcdef",
  "expressCustomerName": "City Medical Center - Radiology Department",
  "isActive": true,
  "updatedAt": "2024-03-15T14:20:00Z",
  "userCount": 15,
  "createdByApiKeyId": "550e8400-e29b-41d4-a716-446655440000",
  "createdByUserId": "usr_1234567890abcdef1234567890abcdef",
  "metadata": {
    "department": "radiology",
    "region": "northeast"
  }
}`

// exSeedPageJSON is the reference's JSON example of a list page.
const exSeedPageJSON = `{
  "expressCustomers": [` + exSeedCustomerJSON + `],
  "hasMore": true,
  "cursor": "cursor"
}`

const (
	exCustomerID = "cus_1234567890abcdef1234567890abcdef"
	exUserID     = "usr_1234567890abcdef1234567890abcdef"
)

// assertSeedCustomer checks, field by field, that c is the reference's
// example customer.
func assertSeedCustomer(t *testing.T, c *avara.ExpressCustomer) {
	t.Helper()
	require.NotNil(t, c)
	assert.Equal(t, "cus_1234567890abcdef1234567890abcdef", c.ExpressCustomerID)
	assert.Equal(t, "City Medical Center - Radiology Department", c.ExpressCustomerName)
	assert.True(t, c.IsActive)
	assert.Equal(t, int64(15), c.UserCount)
	assert.Equal(t, time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC), c.CreatedAt)
	assert.Equal(t, time.Date(2024, 3, 15, 14, 20, 0, 0, time.UTC), c.UpdatedAt)
	assert.Equal(t, "550e8400-e29b-41d4-a716-446655440000", c.CreatedByAPIKeyID)
	assert.Equal(t, "usr_1234567890abcdef1234567890abcdef", c.CreatedByUserID)
	assert.Equal(t, map[string]string{"department": "radiology", "region": "northeast"}, c.Metadata)

	for name, f := range map[string]interface {
		Valid() bool
		IsPresent() bool
		IsNull() bool
		IsInvalid() bool
	}{
		"ExpressCustomerID":   c.JSON.ExpressCustomerID,
		"ExpressCustomerName": c.JSON.ExpressCustomerName,
		"IsActive":            c.JSON.IsActive,
		"UserCount":           c.JSON.UserCount,
		"CreatedAt":           c.JSON.CreatedAt,
		"UpdatedAt":           c.JSON.UpdatedAt,
		"CreatedByAPIKeyID":   c.JSON.CreatedByAPIKeyID,
		"CreatedByUserID":     c.JSON.CreatedByUserID,
		"Metadata":            c.JSON.Metadata,
	} {
		assert.True(t, f.Valid(), "JSON.%s.Valid()", name)
		assert.True(t, f.IsPresent(), "JSON.%s.IsPresent()", name)
		assert.False(t, f.IsNull(), "JSON.%s.IsNull()", name)
		assert.False(t, f.IsInvalid(), "JSON.%s.IsInvalid()", name)
	}
	assert.Equal(t, `"cus_1234567890abcdef1234567890abcdef"`, c.JSON.ExpressCustomerID.Raw())
	assert.Equal(t, `"2024-01-15T09:00:00Z"`, c.JSON.CreatedAt.Raw())
	assert.Equal(t, `true`, c.JSON.IsActive.Raw())
	assert.Equal(t, `15`, c.JSON.UserCount.Raw())
	assert.JSONEq(t, `{"department":"radiology","region":"northeast"}`, c.JSON.Metadata.Raw())
	assert.Empty(t, c.JSON.ExtraFields)
	assert.JSONEq(t, exSeedCustomerJSON, c.RawJSON())
}

// assertCommonHeaders checks the headers every request carries, and those
// a request with a JSON body or a mutating method carries.
func assertCommonHeaders(t *testing.T, r recorded) {
	t.Helper()
	assert.Equal(t, "Bearer "+testKey, r.Header.Get("Authorization"))
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
	assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "Avara/Go "), "User-Agent %q", r.Header.Get("User-Agent"))
	assert.Equal(t, "0", r.Header.Get("X-Stainless-Retry-Count"))
	if r.Body != "" {
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	} else {
		assert.Empty(t, r.Header.Get("Content-Type"))
	}
	switch r.Method {
	case http.MethodPost, http.MethodPatch, http.MethodDelete:
		assert.NotEmpty(t, r.Header.Get("Idempotency-Key"), "%s carries an Idempotency-Key", r.Method)
	default:
		assert.Empty(t, r.Header.Get("Idempotency-Key"), "%s carries no Idempotency-Key", r.Method)
	}
}

// TestExpressCustomerMethods sends each method that returns a customer and
// checks the exact request and the fully decoded answer.
func TestExpressCustomerMethods(t *testing.T) {
	tests := []struct {
		name       string
		call       func(context.Context, *avara.Client) (*avara.ExpressCustomer, error)
		wantMethod string
		wantPath   string
		wantBody   string // "" for no body
	}{
		{
			name: "New without metadata",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center - Radiology Department"})
			},
			wantMethod: http.MethodPost,
			wantPath:   "/v1/express",
			wantBody:   `{"expressCustomerName":"City Medical Center - Radiology Department"}`,
		},
		{
			name: "New with metadata",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.New(ctx, avara.ExpressNewParams{
					ExpressCustomerName: "City Medical Center - Radiology Department",
					Metadata:            map[string]string{"department": "radiology", "region": "northeast"},
				})
			},
			wantMethod: http.MethodPost,
			wantPath:   "/v1/express",
			wantBody:   `{"expressCustomerName":"City Medical Center - Radiology Department","metadata":{"department":"radiology","region":"northeast"}}`,
		},
		{
			name: "New with empty metadata is sent as {}",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x", Metadata: map[string]string{}})
			},
			wantMethod: http.MethodPost,
			wantPath:   "/v1/express",
			wantBody:   `{"expressCustomerName":"x","metadata":{}}`,
		},
		{
			name: "Get",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.Get(ctx, exCustomerID)
			},
			wantMethod: http.MethodGet,
			wantPath:   "/v1/express/" + exCustomerID,
		},
		{
			name: "Update with zero params sends {}",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.Update(ctx, exCustomerID, avara.ExpressUpdateParams{})
			},
			wantMethod: http.MethodPatch,
			wantPath:   "/v1/express/" + exCustomerID,
			wantBody:   `{}`,
		},
		{
			name: "Update with null metadata",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.Update(ctx, exCustomerID, avara.ExpressUpdateParams{Metadata: param.Null[map[string]string]()})
			},
			wantMethod: http.MethodPatch,
			wantPath:   "/v1/express/" + exCustomerID,
			wantBody:   `{"metadata":null}`,
		},
		{
			name: "Update with name and metadata",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.Update(ctx, exCustomerID, avara.ExpressUpdateParams{
					ExpressCustomerName: avara.String("New name"),
					Metadata:            param.NewOpt(map[string]string{"region": "ne"}),
				})
			},
			wantMethod: http.MethodPatch,
			wantPath:   "/v1/express/" + exCustomerID,
			wantBody:   `{"expressCustomerName":"New name","metadata":{"region":"ne"}}`,
		},
		{
			name: "Update with empty metadata map",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.Update(ctx, exCustomerID, avara.ExpressUpdateParams{Metadata: param.NewOpt(map[string]string{})})
			},
			wantMethod: http.MethodPatch,
			wantPath:   "/v1/express/" + exCustomerID,
			wantBody:   `{"metadata":{}}`,
		},
		{
			name: "Deactivate",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.Deactivate(ctx, exCustomerID)
			},
			wantMethod: http.MethodPost,
			wantPath:   "/v1/express/" + exCustomerID + "/deactivate",
		},
		{
			name: "Reactivate",
			call: func(ctx context.Context, c *avara.Client) (*avara.ExpressCustomer, error) {
				return c.Express.Reactivate(ctx, exCustomerID)
			},
			wantMethod: http.MethodPost,
			wantPath:   "/v1/express/" + exCustomerID + "/reactivate",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, reply(http.StatusOK, exSeedCustomerJSON))
			got, err := tt.call(context.Background(), srv.client())
			require.NoError(t, err)

			reqs := srv.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tt.wantMethod, r.Method)
			assert.Equal(t, tt.wantPath, r.Path)
			assert.Empty(t, r.RawQuery)
			if tt.wantBody == "" {
				assert.Empty(t, r.Body)
			} else {
				assert.JSONEq(t, tt.wantBody, r.Body)
			}
			assertCommonHeaders(t, r)
			assertSeedCustomer(t, got)
		})
	}
}

func TestExpressList(t *testing.T) {
	tests := []struct {
		name      string
		params    avara.ExpressListParams
		wantQuery url.Values
	}{
		{"zero params", avara.ExpressListParams{}, url.Values{}},
		{"limit", avara.ExpressListParams{Limit: avara.Int(50)}, url.Values{"limit": {"50"}}},
		{
			"limit and cursor",
			avara.ExpressListParams{Limit: avara.Int(50), Cursor: avara.String("Y3VyLzE=")},
			url.Values{"limit": {"50"}, "cursor": {"Y3VyLzE="}},
		},
		// A null Opt has no query-string form: it is left out.
		{"null cursor", avara.ExpressListParams{Cursor: param.Null[string]()}, url.Values{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, reply(http.StatusOK, exSeedPageJSON))
			page, err := srv.client().Express.List(context.Background(), tt.params)
			require.NoError(t, err)

			reqs := srv.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, http.MethodGet, r.Method)
			assert.Equal(t, "/v1/express", r.Path)
			q, err := url.ParseQuery(r.RawQuery)
			require.NoError(t, err)
			assert.Equal(t, tt.wantQuery, q)
			assert.Empty(t, r.Body)
			assertCommonHeaders(t, r)

			require.NotNil(t, page)
			assert.True(t, page.HasMore)
			assert.Equal(t, "cursor", page.Cursor)
			assert.True(t, page.JSON.HasMore.Valid())
			assert.True(t, page.JSON.Cursor.Valid())
			assert.True(t, page.JSON.ExpressCustomers.Valid())
			assert.JSONEq(t, exSeedPageJSON, page.RawJSON())
			require.Len(t, page.ExpressCustomers, 1)
			assertSeedCustomer(t, &page.ExpressCustomers[0])
		})
	}
}

// TestExpressListCursorEscaped checks that a cursor with characters that
// mean something in a query string arrives intact.
func TestExpressListCursorEscaped(t *testing.T) {
	srv := newRecordingServer(t, reply(http.StatusOK, `{"expressCustomers":[],"hasMore":false}`))
	const cursor = "a+b/c=&limit=1#x"
	_, err := srv.client().Express.List(context.Background(), avara.ExpressListParams{Cursor: avara.String(cursor), Limit: avara.Int(2)})
	require.NoError(t, err)
	q, err := url.ParseQuery(srv.requests()[0].RawQuery)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"cursor": {cursor}, "limit": {"2"}}, q)
}

// TestExpressClientSideChecks checks that params the API would refuse are
// refused before anything is sent, with an error naming the parameter.
func TestExpressClientSideChecks(t *testing.T) {
	tests := []struct {
		name      string
		call      func(context.Context, *avara.Client) error
		wantParam string
	}{
		{"New empty name", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.New(ctx, avara.ExpressNewParams{Metadata: map[string]string{"a": "b"}})
			return err
		}, "expressCustomerName"},
		{"Get empty id", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Get(ctx, "")
			return err
		}, "expressCustomerId"},
		{"Update empty id", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Update(ctx, "", avara.ExpressUpdateParams{ExpressCustomerName: avara.String("x")})
			return err
		}, "expressCustomerId"},
		{"Deactivate empty id", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Deactivate(ctx, "")
			return err
		}, "expressCustomerId"},
		{"Reactivate empty id", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Reactivate(ctx, "")
			return err
		}, "expressCustomerId"},
		{"Users.Add empty id", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Users.Add(ctx, "", avara.ExpressUserAddParams{UserID: exUserID})
			return err
		}, "expressCustomerId"},
		{"Users.Remove empty id", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Users.Remove(ctx, "", avara.ExpressUserRemoveParams{UserID: exUserID})
			return err
		}, "expressCustomerId"},
		{"Users.Add empty user", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Users.Add(ctx, exCustomerID, avara.ExpressUserAddParams{})
			return err
		}, "userId"},
		{"Users.Remove empty user", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.Users.Remove(ctx, exCustomerID, avara.ExpressUserRemoveParams{})
			return err
		}, "userId"},
		{"New metadata keys that would be sent as one", func(ctx context.Context, c *avara.Client) error {
			_, err := c.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "x", Metadata: map[string]string{"a\xff": "1", "a\xfe": "2"}})
			return err
		}, `encoding the request body: param: metadata: "a\ufffd": two keys would be written as one`},
		{"Update extra fields that would be sent as one", func(ctx context.Context, c *avara.Client) error {
			p := avara.ExpressUpdateParams{}
			p.SetExtraFields(map[string]any{"x\xff": 1, "x\ufffd": 2})
			_, err := c.Express.Update(ctx, exCustomerID, p)
			return err
		}, `encoding the request body: param: "x\ufffd": two keys would be written as one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, reply(http.StatusOK, exSeedCustomerJSON))
			err := tt.call(context.Background(), srv.client())
			require.Error(t, err)
			assert.ErrorIs(t, err, avara.ErrInvalidParams)
			assert.Contains(t, err.Error(), tt.wantParam)
			var apiErr *avara.Error
			assert.False(t, errors.As(err, &apiErr), "a client-side check is not an API error")
			assert.Empty(t, srv.requests(), "no request is sent")
		})
	}
}

// TestExpressMiddlewareSeesFreshHeadersPerAttempt checks that a middleware
// changing the request's headers on one attempt does not leak that change
// into the next attempt of the same call.
func TestExpressMiddlewareSeesFreshHeadersPerAttempt(t *testing.T) {
	srv := newRecordingServer(t, reply(http.StatusServiceUnavailable, `{"error":{"message":"try again"}}`, "Retry-After-Ms", "1"),
		reply(http.StatusOK, exSeedCustomerJSON))
	mw := func(r *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		r.Header.Add("X-Trace", "t1")
		return next(r)
	}
	got, err := srv.client(option.WithMaxRetries(1), option.WithMiddleware(mw)).Express.Get(context.Background(), exCustomerID)
	require.NoError(t, err)
	assertSeedCustomer(t, got)

	reqs := srv.requests()
	require.Len(t, reqs, 2)
	for i, r := range reqs {
		assert.Equal(t, []string{"t1"}, r.Header.Values("X-Trace"), "attempt %d", i)
		assert.Equal(t, fmt.Sprint(i), r.Header.Get("X-Stainless-Retry-Count"), "attempt %d", i)
	}
}
