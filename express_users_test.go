package avara_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExpressUsers sends Add and Remove and checks the exact request (Remove
// is a DELETE with a JSON body) and the fully decoded answer.
func TestExpressUsers(t *testing.T) {
	tests := []struct {
		name        string
		call        func(context.Context, *avara.Client) (*avara.SuccessResponse, error)
		respond     string
		wantMethod  string
		wantBody    string
		wantSuccess bool
		wantMessage string
		wantMsgMeta string // "valid", "null" or "missing"
	}{
		{
			name: "Add",
			call: func(ctx context.Context, c *avara.Client) (*avara.SuccessResponse, error) {
				return c.Express.Users.Add(ctx, exCustomerID, avara.ExpressUserAddParams{UserID: exUserID})
			},
			respond:     `{"success":true,"message":"User added to Express customer"}`,
			wantMethod:  http.MethodPost,
			wantBody:    `{"userId":"` + exUserID + `"}`,
			wantSuccess: true,
			wantMessage: "User added to Express customer",
			wantMsgMeta: "valid",
		},
		{
			name: "Add without message",
			call: func(ctx context.Context, c *avara.Client) (*avara.SuccessResponse, error) {
				return c.Express.Users.Add(ctx, exCustomerID, avara.ExpressUserAddParams{UserID: exUserID})
			},
			respond:     `{"success":true}`,
			wantMethod:  http.MethodPost,
			wantBody:    `{"userId":"` + exUserID + `"}`,
			wantSuccess: true,
			wantMsgMeta: "missing",
		},
		{
			name: "Remove",
			call: func(ctx context.Context, c *avara.Client) (*avara.SuccessResponse, error) {
				return c.Express.Users.Remove(ctx, exCustomerID, avara.ExpressUserRemoveParams{UserID: exUserID})
			},
			respond:     `{"success":true,"message":null}`,
			wantMethod:  http.MethodDelete,
			wantBody:    `{"userId":"` + exUserID + `"}`,
			wantSuccess: true,
			wantMsgMeta: "null",
		},
		{
			name: "Remove with success false",
			call: func(ctx context.Context, c *avara.Client) (*avara.SuccessResponse, error) {
				return c.Express.Users.Remove(ctx, exCustomerID, avara.ExpressUserRemoveParams{UserID: exUserID})
			},
			respond:     `{"success":false,"message":"nothing to do"}`,
			wantMethod:  http.MethodDelete,
			wantBody:    `{"userId":"` + exUserID + `"}`,
			wantMessage: "nothing to do",
			wantMsgMeta: "valid",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newRecordingServer(t, reply(http.StatusOK, tt.respond))
			got, err := tt.call(context.Background(), srv.client())
			require.NoError(t, err)

			reqs := srv.requests()
			require.Len(t, reqs, 1)
			r := reqs[0]
			assert.Equal(t, tt.wantMethod, r.Method)
			assert.Equal(t, "/v1/express/"+exCustomerID+"/users", r.Path)
			assert.Empty(t, r.RawQuery)
			assert.JSONEq(t, tt.wantBody, r.Body)
			assertCommonHeaders(t, r)

			require.NotNil(t, got)
			assert.Equal(t, tt.wantSuccess, got.Success)
			assert.True(t, got.JSON.Success.Valid())
			assert.Equal(t, tt.wantMessage, got.Message)
			switch tt.wantMsgMeta {
			case "valid":
				assert.True(t, got.JSON.Message.Valid())
			case "null":
				assert.True(t, got.JSON.Message.IsNull())
				assert.Equal(t, "null", got.JSON.Message.Raw())
			case "missing":
				assert.False(t, got.JSON.Message.IsPresent())
			}
			assert.Empty(t, got.JSON.ExtraFields)
			assert.JSONEq(t, tt.respond, got.RawJSON())
		})
	}
}

// TestExpressUsersExtraFields checks that fields set with SetExtraFields are
// sent beside the typed ones, and that an unknown response field is kept.
func TestExpressUsersExtraFields(t *testing.T) {
	srv := newRecordingServer(t, reply(http.StatusOK, `{"success":true,"membershipId":"mem_1"}`))
	params := avara.ExpressUserRemoveParams{UserID: exUserID}
	params.SetExtraFields(map[string]any{"reason": "left the clinic"})
	got, err := srv.client().Express.Users.Remove(context.Background(), exCustomerID, params)
	require.NoError(t, err)

	assert.JSONEq(t, `{"userId":"`+exUserID+`","reason":"left the clinic"}`, srv.requests()[0].Body)
	require.Contains(t, got.JSON.ExtraFields, "membershipId")
	assert.Equal(t, `"mem_1"`, got.JSON.ExtraFields["membershipId"].Raw())
}

// TestExpressUsersIdempotencyKeyPerCall checks that each call carries its own
// key, and that option.WithIdempotencyKey replaces it.
func TestExpressUsersIdempotencyKeyPerCall(t *testing.T) {
	srv := newRecordingServer(t, reply(http.StatusOK, `{"success":true}`))
	c := srv.client()
	ctx := context.Background()
	_, err := c.Express.Users.Add(ctx, exCustomerID, avara.ExpressUserAddParams{UserID: exUserID})
	require.NoError(t, err)
	_, err = c.Express.Users.Add(ctx, exCustomerID, avara.ExpressUserAddParams{UserID: exUserID})
	require.NoError(t, err)

	_, err = c.Express.Users.Add(ctx, exCustomerID, avara.ExpressUserAddParams{UserID: exUserID}, option.WithIdempotencyKey("add-usr-1"))
	require.NoError(t, err)

	reqs := srv.requests()
	require.Len(t, reqs, 3)
	assert.NotEqual(t, reqs[0].Header.Get("Idempotency-Key"), reqs[1].Header.Get("Idempotency-Key"))
	assert.Equal(t, "add-usr-1", reqs[2].Header.Get("Idempotency-Key"))
}
