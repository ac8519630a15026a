package avara

import (
	"context"
	"fmt"
	"net/http"

	"github.com/avara/avara-go/internal/apijson"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
	"github.com/avara/avara-go/packages/respjson"
)

// ExpressUserService adds users to an Express customer and removes them.
// Reach it as client.Express.Users.
type ExpressUserService struct {
	opts []option.RequestOption
}

// Add makes an existing user a member of the customer (POST
// /v1/express/{id}/users). A deactivated customer refuses new users with an
// *Error matching ErrConflict, which is not retried.
func (r *ExpressUserService) Add(ctx context.Context, expressCustomerID string, params ExpressUserAddParams, opts ...option.RequestOption) (*SuccessResponse, error) {
	return r.send(ctx, http.MethodPost, "Express.Users.Add", expressCustomerID, params.UserID, params, opts)
}

// Remove ends the user's membership of the customer (DELETE
// /v1/express/{id}/users with the user in the JSON body). The user account
// itself stays. A user who is not a member is an *Error matching
// ErrNotFound; a retried Remove carries the same Idempotency-Key, so it does
// not turn into one.
func (r *ExpressUserService) Remove(ctx context.Context, expressCustomerID string, params ExpressUserRemoveParams, opts ...option.RequestOption) (*SuccessResponse, error) {
	return r.send(ctx, http.MethodDelete, "Express.Users.Remove", expressCustomerID, params.UserID, params, opts)
}

func (r *ExpressUserService) send(ctx context.Context, method, name, expressCustomerID, userID string, body any, opts []option.RequestOption) (*SuccessResponse, error) {
	if err := requireID(name, "expressCustomerID", expressCustomerID); err != nil {
		return nil, err
	}
	if userID == "" {
		return nil, fmt.Errorf("%w: %s: UserID is required (usr_ followed by 32 hex characters)", ErrInvalidParams, name)
	}
	return requestconfig.Call[SuccessResponse](ctx, method, "v1/express/"+pathID(expressCustomerID)+"/users", nil, body, r.opts, opts)
}

// ExpressUserAddParams name the user to add.
type ExpressUserAddParams struct {
	// UserID is required: usr_ followed by 32 hex characters.
	UserID string `json:"userId"`

	paramObj
}

// MarshalJSON encodes the params with any extra fields set.
func (r ExpressUserAddParams) MarshalJSON() ([]byte, error) {
	type shadow ExpressUserAddParams
	return param.MarshalObject(shadow(r), r.paramObj)
}

// UnmarshalJSON decodes the params, keeping unknown fields as extra fields.
func (r *ExpressUserAddParams) UnmarshalJSON(data []byte) error {
	type shadow ExpressUserAddParams
	return param.UnmarshalObject(data, (*shadow)(r), &r.paramObj, "userId")
}

// ExpressUserRemoveParams name the user to remove.
type ExpressUserRemoveParams struct {
	// UserID is required: usr_ followed by 32 hex characters.
	UserID string `json:"userId"`

	paramObj
}

// MarshalJSON encodes the params with any extra fields set.
func (r ExpressUserRemoveParams) MarshalJSON() ([]byte, error) {
	type shadow ExpressUserRemoveParams
	return param.MarshalObject(shadow(r), r.paramObj)
}

// UnmarshalJSON decodes the params, keeping unknown fields as extra fields.
func (r *ExpressUserRemoveParams) UnmarshalJSON(data []byte) error {
	type shadow ExpressUserRemoveParams
	return param.UnmarshalObject(data, (*shadow)(r), &r.paramObj, "userId")
}

// SuccessResponse is the answer to adding or removing a user.
type SuccessResponse struct {
	// Success is true when the change was made.
	Success bool `json:"success"`
	// Message is the server's optional explanation.
	Message string `json:"message"`
	// JSON holds metadata for each field as received.
	JSON struct {
		Success     respjson.Field
		Message     respjson.Field
		ExtraFields map[string]respjson.Field
		raw         string
	} `json:"-"`
}

func init() { apijson.Register(decodeSuccessResponse) }

func decodeSuccessResponse(r *SuccessResponse, d *apijson.Decoder) {
	start := d.Mark()
	d.Object()
	for key, ok := d.Key(); ok; key, ok = d.Key() {
		switch key {
		case "success":
			r.JSON.Success = apijson.Bool(&r.Success, d)
		case "message":
			r.JSON.Message = apijson.String(&r.Message, d)
		default:
			apijson.Extra(&r.JSON.ExtraFields, key, d)
		}
	}
	r.JSON.raw = d.Since(start)
}

// RawJSON returns the response's JSON exactly as received.
func (r SuccessResponse) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes the response with field metadata.
func (r *SuccessResponse) UnmarshalJSON(data []byte) error {
	return apijson.UnmarshalObject(data, r, decodeSuccessResponse)
}

// MarshalJSON encodes the response so that it survives a round trip.
func (r SuccessResponse) MarshalJSON() ([]byte, error) {
	w := apijson.NewWriter()
	w.Bool("success", r.Success, r.JSON.Success)
	w.String("message", r.Message, r.JSON.Message)
	w.Extras(r.JSON.ExtraFields)
	return w.Bytes(), nil
}
