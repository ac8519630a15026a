package avara

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/avara/avara-go/internal/apijson"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
	"github.com/avara/avara-go/packages/param"
	"github.com/avara/avara-go/packages/respjson"
)

// ExpressService manages Express customers: creating, listing, reading,
// updating, deactivating and reactivating them. Reach it as client.Express.
type ExpressService struct {
	// Users adds users to a customer and removes them.
	Users *ExpressUserService

	opts []option.RequestOption
}

func newExpressService(opts []option.RequestOption) *ExpressService {
	return &ExpressService{Users: &ExpressUserService{opts: opts}, opts: opts}
}

// New creates an Express customer (POST /v1/express). The call carries an
// Idempotency-Key, so a retried create never makes two customers.
func (r *ExpressService) New(ctx context.Context, params ExpressNewParams, opts ...option.RequestOption) (*ExpressCustomer, error) {
	if params.ExpressCustomerName == "" {
		return nil, fmt.Errorf("%w: Express.New: ExpressCustomerName is required (at least 1 character)", ErrInvalidParams)
	}
	return r.customer(ctx, http.MethodPost, "v1/express", params, opts)
}

// List returns one page of Express customers (GET /v1/express), oldest
// first. Use the page's GetNextPage, or ListAutoPaging to walk them all.
func (r *ExpressService) List(ctx context.Context, params ExpressListParams, opts ...option.RequestOption) (*pagination.CursorExpressCustomers[ExpressCustomer], error) {
	cfg, err := r.listConfig(ctx, params, opts)
	if err != nil {
		return nil, err
	}
	return pagination.FetchCursorExpressCustomers[ExpressCustomer](cfg)
}

// ListAutoPaging walks every Express customer, page after page, starting at
// params.Cursor. No request is sent until the first call to Next or the
// first iteration of All. With option.WithPagePrefetch(true) the next page
// is fetched while the caller works through the current one.
func (r *ExpressService) ListAutoPaging(ctx context.Context, params ExpressListParams, opts ...option.RequestOption) *pagination.AutoPager[ExpressCustomer] {
	cfg, err := r.listConfig(ctx, params, opts)
	return pagination.NewCursorExpressCustomersAutoPager[ExpressCustomer](cfg, err)
}

func (r *ExpressService) listConfig(ctx context.Context, params ExpressListParams, opts []option.RequestOption) (*requestconfig.RequestConfig, error) {
	q, err := queryOf(params)
	if err != nil {
		return nil, err
	}
	for k, v := range params.ExtraFields() {
		q.Set(k, queryValue(v))
	}
	return requestconfig.New(ctx, http.MethodGet, "v1/express", q, nil, r.opts, opts)
}

// queryValue renders an extra field for the query string. A json.RawMessage
// (what SetExtraFields takes for raw JSON, and what UnmarshalJSON keeps) is
// sent as the string it holds, or as its JSON text when it is not a string;
// fmt.Sprint would print its bytes as a list of numbers.
func queryValue(v any) string {
	raw, ok := v.(json.RawMessage)
	if !ok {
		return fmt.Sprint(v)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(raw))
}

// Get returns one Express customer (GET /v1/express/{id}). An unknown id is
// an *Error matching ErrNotFound.
func (r *ExpressService) Get(ctx context.Context, expressCustomerID string, opts ...option.RequestOption) (*ExpressCustomer, error) {
	if err := requireID("Express.Get", "expressCustomerID", expressCustomerID); err != nil {
		return nil, err
	}
	return r.customer(ctx, http.MethodGet, "v1/express/"+pathID(expressCustomerID), nil, opts)
}

// Update changes the fields set in params (PATCH /v1/express/{id}); omitted
// fields are left as they are. Metadata replaces the whole map, and
// param.Null clears it.
func (r *ExpressService) Update(ctx context.Context, expressCustomerID string, params ExpressUpdateParams, opts ...option.RequestOption) (*ExpressCustomer, error) {
	if err := requireID("Express.Update", "expressCustomerID", expressCustomerID); err != nil {
		return nil, err
	}
	return r.customer(ctx, http.MethodPatch, "v1/express/"+pathID(expressCustomerID), params, opts)
}

// Deactivate stops a customer from being used for new studies or users
// (POST /v1/express/{id}/deactivate). Its data is kept; deactivating an
// inactive customer succeeds and changes nothing.
func (r *ExpressService) Deactivate(ctx context.Context, expressCustomerID string, opts ...option.RequestOption) (*ExpressCustomer, error) {
	if err := requireID("Express.Deactivate", "expressCustomerID", expressCustomerID); err != nil {
		return nil, err
	}
	return r.customer(ctx, http.MethodPost, "v1/express/"+pathID(expressCustomerID)+"/deactivate", nil, opts)
}

// Reactivate makes a deactivated customer usable again (POST
// /v1/express/{id}/reactivate). Reactivating an active customer succeeds and
// changes nothing.
func (r *ExpressService) Reactivate(ctx context.Context, expressCustomerID string, opts ...option.RequestOption) (*ExpressCustomer, error) {
	if err := requireID("Express.Reactivate", "expressCustomerID", expressCustomerID); err != nil {
		return nil, err
	}
	return r.customer(ctx, http.MethodPost, "v1/express/"+pathID(expressCustomerID)+"/reactivate", nil, opts)
}

func (r *ExpressService) customer(ctx context.Context, method, path string, body any, opts []option.RequestOption) (*ExpressCustomer, error) {
	return requestconfig.Call[ExpressCustomer](ctx, method, path, nil, body, r.opts, opts)
}

// ExpressCustomer is an Express customer: a group of users and studies of
// one organisation.
type ExpressCustomer struct {
	// ExpressCustomerID is the customer's id: cus_ followed by 32 hex characters.
	ExpressCustomerID string `json:"expressCustomerId"`
	// ExpressCustomerName is the customer's name, at least 1 character.
	ExpressCustomerName string `json:"expressCustomerName"`
	// IsActive is false after Deactivate, until Reactivate.
	IsActive bool `json:"isActive"`
	// UserCount is how many users are members.
	UserCount int64 `json:"userCount"`
	// CreatedAt is when the customer was created; zero if the server did not say.
	CreatedAt time.Time `json:"createdAt"`
	// UpdatedAt is when the customer last changed; zero if the server did not say.
	UpdatedAt time.Time `json:"updatedAt"`
	// CreatedByAPIKeyID is the UUID of the API key that created the customer.
	CreatedByAPIKeyID string `json:"createdByApiKeyId"`
	// CreatedByUserID is the user who created the customer in the dashboard;
	// empty (JSON.CreatedByUserID.IsNull()) when an API key created it.
	CreatedByUserID string `json:"createdByUserId"`
	// Metadata is the customer's key-value metadata: at most 50 pairs, keys
	// up to 100 characters, values up to 1000. Nil when there is none.
	Metadata map[string]string `json:"metadata"`
	// JSON tells, for each field, whether it was present, null, or of an
	// unexpected type, and keeps fields this SDK version does not know.
	JSON struct {
		ExpressCustomerID   respjson.Field
		ExpressCustomerName respjson.Field
		IsActive            respjson.Field
		UserCount           respjson.Field
		CreatedAt           respjson.Field
		UpdatedAt           respjson.Field
		CreatedByAPIKeyID   respjson.Field
		CreatedByUserID     respjson.Field
		Metadata            respjson.Field
		ExtraFields         map[string]respjson.Field
		raw                 string
	} `json:"-"`
}

func init() {
	apijson.Register(decodeExpressCustomer)
	pagination.RegisterCursorExpressCustomers[ExpressCustomer]()
}

func decodeExpressCustomer(r *ExpressCustomer, d *apijson.Decoder) {
	start := d.Mark()
	d.Object()
	for key, ok := d.Key(); ok; key, ok = d.Key() {
		switch key {
		case "expressCustomerId":
			r.JSON.ExpressCustomerID = apijson.String(&r.ExpressCustomerID, d)
		case "expressCustomerName":
			r.JSON.ExpressCustomerName = apijson.String(&r.ExpressCustomerName, d)
		case "isActive":
			r.JSON.IsActive = apijson.Bool(&r.IsActive, d)
		case "userCount":
			r.JSON.UserCount = apijson.Int(&r.UserCount, d)
		case "createdAt":
			r.JSON.CreatedAt = apijson.Time(&r.CreatedAt, d)
		case "updatedAt":
			r.JSON.UpdatedAt = apijson.Time(&r.UpdatedAt, d)
		case "createdByApiKeyId":
			r.JSON.CreatedByAPIKeyID = apijson.String(&r.CreatedByAPIKeyID, d)
		case "createdByUserId":
			r.JSON.CreatedByUserID = apijson.String(&r.CreatedByUserID, d)
		case "metadata":
			r.JSON.Metadata = apijson.StringMap(&r.Metadata, d)
		default:
			apijson.Extra(&r.JSON.ExtraFields, key, d)
		}
	}
	r.JSON.raw = d.Since(start)
}

// RawJSON returns the customer's JSON exactly as received.
func (r ExpressCustomer) RawJSON() string { return r.JSON.raw }

// UnmarshalJSON decodes a customer, for example a stored payload or a
// webhook body, with the same field metadata as a response. A field of the
// wrong type is recorded in JSON, not returned as an error.
func (r *ExpressCustomer) UnmarshalJSON(data []byte) error {
	return apijson.UnmarshalObject(data, r, decodeExpressCustomer)
}

// MarshalJSON encodes the customer so that it survives a round trip: fields
// that were missing stay missing, nulls stay null, unknown fields are kept,
// and fields the caller changed are written as changed.
func (r ExpressCustomer) MarshalJSON() ([]byte, error) {
	w := apijson.NewWriter()
	w.Time("createdAt", r.CreatedAt, r.JSON.CreatedAt)
	w.String("expressCustomerId", r.ExpressCustomerID, r.JSON.ExpressCustomerID)
	w.String("expressCustomerName", r.ExpressCustomerName, r.JSON.ExpressCustomerName)
	w.Bool("isActive", r.IsActive, r.JSON.IsActive)
	w.Time("updatedAt", r.UpdatedAt, r.JSON.UpdatedAt)
	w.Int("userCount", r.UserCount, r.JSON.UserCount)
	w.String("createdByApiKeyId", r.CreatedByAPIKeyID, r.JSON.CreatedByAPIKeyID)
	w.String("createdByUserId", r.CreatedByUserID, r.JSON.CreatedByUserID)
	w.StringMap("metadata", r.Metadata, r.JSON.Metadata)
	w.Extras(r.JSON.ExtraFields)
	return w.Bytes(), nil
}

// ExpressNewParams are the fields of a new customer.
type ExpressNewParams struct {
	// ExpressCustomerName is required: at least 1 character.
	ExpressCustomerName string `json:"expressCustomerName"`
	// Metadata is optional, left out when nil: at most 50 pairs, keys up to
	// 100 characters, values up to 1000.
	Metadata map[string]string `json:"metadata,omitzero"`

	paramObj
}

// MarshalJSON encodes the params with any extra fields set.
func (r ExpressNewParams) MarshalJSON() ([]byte, error) {
	type shadow ExpressNewParams
	return param.MarshalObject(shadow(r), r.paramObj)
}

// UnmarshalJSON decodes the params, keeping unknown fields as extra fields.
func (r *ExpressNewParams) UnmarshalJSON(data []byte) error {
	type shadow ExpressNewParams
	return param.UnmarshalObject(data, (*shadow)(r), &r.paramObj, "expressCustomerName", "metadata")
}

// ExpressListParams choose a page of customers. The zero value asks for the
// first page with the server's default size.
type ExpressListParams struct {
	// Cursor resumes after the page that returned it (a page's Cursor, or an
	// auto-pager's Cursor to redo the page it was on).
	Cursor param.Opt[string] `json:"cursor,omitzero" url:"cursor,omitempty"`
	// Limit is the page size, 1 to 100.
	Limit param.Opt[int64] `json:"limit,omitzero" url:"limit,omitempty"`

	paramObj
}

// MarshalJSON encodes the params with any extra fields set.
func (r ExpressListParams) MarshalJSON() ([]byte, error) {
	type shadow ExpressListParams
	return param.MarshalObject(shadow(r), r.paramObj)
}

// UnmarshalJSON decodes the params, keeping unknown fields as extra fields.
func (r *ExpressListParams) UnmarshalJSON(data []byte) error {
	type shadow ExpressListParams
	return param.UnmarshalObject(data, (*shadow)(r), &r.paramObj, "cursor", "limit")
}

// ExpressUpdateParams are the changes to a customer. Each field has three
// states: omitted (the zero value, left unchanged), null (param.Null, which
// clears Metadata) and set (param.NewOpt or avara.String).
type ExpressUpdateParams struct {
	// ExpressCustomerName renames the customer: at least 1 character.
	ExpressCustomerName param.Opt[string] `json:"expressCustomerName,omitzero"`
	// Metadata replaces the whole metadata map; param.Null clears it.
	Metadata param.Opt[map[string]string] `json:"metadata,omitzero"`

	paramObj
}

// MarshalJSON encodes the params with any extra fields set.
func (r ExpressUpdateParams) MarshalJSON() ([]byte, error) {
	type shadow ExpressUpdateParams
	return param.MarshalObject(shadow(r), r.paramObj)
}

// UnmarshalJSON decodes the params, keeping unknown fields as extra fields.
func (r *ExpressUpdateParams) UnmarshalJSON(data []byte) error {
	type shadow ExpressUpdateParams
	return param.UnmarshalObject(data, (*shadow)(r), &r.paramObj, "expressCustomerName", "metadata")
}
