package avaratest

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// endpoint answers a request that passed its operation's rules.
type endpoint func(s *Server, r *request) *response

// handlers are the fake's business rules, one per operationId of
// openapi.yml; its routes and request rules are generated (rules.go).
var handlers = map[string]endpoint{
	"createExpressCustomer":     (*Server).create,
	"listExpressCustomers":      (*Server).list,
	"retrieveExpressCustomer":   (*Server).retrieve,
	"updateExpressCustomer":     (*Server).update,
	"deactivateExpressCustomer": (*Server).deactivate,
	"reactivateExpressCustomer": (*Server).reactivate,
	"addExpressCustomerUser":    (*Server).addUser,
	"removeExpressCustomerUser": (*Server).removeUser,
}

func allowHeader(ops []*operation) string {
	var ms []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		for _, op := range ops {
			if op.method == m {
				ms = append(ms, m)
				break
			}
		}
	}
	return strings.Join(ms, ", ")
}

// process answers one request, or returns nil if it gave up waiting for a
// concurrent request with the same Idempotency-Key (the connection is then
// dropped). The order of checks is: key, route, method, body size, then
// openapi.yml's rules for the operation's parameters and body, then its
// business rules, so that a caller without a valid key learns nothing else.
func (s *Server) process(r *http.Request, segs []string, pathOK bool, body []byte, tooLarge bool) *response {
	if e := s.authenticate(r); e != nil {
		return e.response()
	}
	if !pathOK {
		return (&apiError{status: http.StatusNotFound, typ: typeNotFound, message: "no such route: the path is not a valid escaped URL path"}).response()
	}
	op, onPath, pathParams := route(segs, r.Method)
	if len(onPath) == 0 {
		return (&apiError{status: http.StatusNotFound, typ: typeNotFound,
			message: fmt.Sprintf("no such route: %s %s", clip(r.Method, 20), clip(r.URL.EscapedPath(), 200))}).response()
	}
	if op == nil {
		e := &apiError{status: http.StatusMethodNotAllowed, typ: typeInvalidRequest,
			message: fmt.Sprintf("method %s not allowed here; allowed: %s", clip(r.Method, 20), allowHeader(onPath)),
			header:  http.Header{"Allow": {allowHeader(onPath)}}}
		return e.response()
	}
	if tooLarge {
		return (&apiError{status: http.StatusRequestEntityTooLarge, typ: typeInvalidRequest, param: paramBody,
			message: fmt.Sprintf("body: must be at most %d bytes", MaxBodyBytes)}).response()
	}
	req, e := validate(op, r, pathParams, body)
	if e != nil {
		return e.response()
	}
	handle, ok := handlers[op.id]
	if !ok {
		return (&apiError{status: http.StatusNotImplemented, typ: typeAPI,
			message: "the fake Avara server does not implement " + op.id + " yet"}).response()
	}

	key := r.Header.Get("Idempotency-Key")
	if key == "" || r.Method == http.MethodGet {
		return handle(s, req)
	}
	replay, owned, err := s.idem.begin(r.Context(), s.closing, key, fingerprint(r, body))
	switch {
	case errors.Is(err, errIdemConflict):
		return (&apiError{status: http.StatusConflict, typ: typeIdempotency, param: "Idempotency-Key", noRetry: true,
			message: "Idempotency-Key: this key was already used for a different request; use a new key for a new request"}).response()
	case err != nil:
		return nil
	case replay != nil:
		out := *replay
		out.header = replay.header.Clone() // nil for most stored answers
		if out.header == nil {
			out.header = http.Header{}
		}
		out.header.Set("Idempotent-Replayed", "true")
		return &out
	}
	var resp *response
	defer func() { s.idem.finish(key, owned, resp) }()
	resp = handle(s, req)
	return resp
}

func (s *Server) authenticate(r *http.Request) *apiError {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return &apiError{status: http.StatusUnauthorized, typ: typeAuthentication, param: "Authorization",
			message: "Authorization: missing API key; send the header \"Authorization: Bearer <key>\""}
	}
	scheme, key, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return &apiError{status: http.StatusUnauthorized, typ: typeAuthentication, param: "Authorization",
			message: "Authorization: must be \"Bearer <key>\""}
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(key)), []byte(s.APIKey)) != 1 {
		// The key is never echoed: error messages end up in logs.
		return &apiError{status: http.StatusUnauthorized, typ: typeAuthentication, param: "Authorization",
			message: "Authorization: invalid API key"}
	}
	return nil
}

// customerJSON is the wire form of a customer. The two creator fields and
// metadata are left out when empty, as the official types declare them
// optional and not nullable; createdAt and updatedAt are always present. extra holds the fields of openapi.yml's ExpressCustomer the fake has
// no rule of its own for: stored as a request gave them, and answered as
// they were stored.
type customerJSON struct {
	CreatedAt           string            `json:"createdAt"`
	ExpressCustomerID   string            `json:"expressCustomerId"`
	ExpressCustomerName string            `json:"expressCustomerName"`
	IsActive            bool              `json:"isActive"`
	UpdatedAt           string            `json:"updatedAt"`
	UserCount           int               `json:"userCount"`
	CreatedByAPIKeyID   *string           `json:"createdByApiKeyId,omitempty"`
	CreatedByUserID     *string           `json:"createdByUserId,omitempty"`
	Metadata            map[string]string `json:"metadata,omitempty"`

	extra map[string]json.RawMessage
}

// MarshalJSON writes the fields, then the extra ones in the order of their
// names.
func (c customerJSON) MarshalJSON() ([]byte, error) {
	type plain customerJSON
	b, err := json.Marshal(plain(c))
	if err != nil || len(c.extra) == 0 {
		return b, err
	}
	b = b[:len(b)-1]
	for _, k := range slices.Sorted(maps.Keys(c.extra)) {
		name, _ := json.Marshal(k)
		b = append(append(append(append(b, ','), name...), ':'), c.extra[k]...)
	}
	return append(b, '}'), nil
}

// ownedCustomerFields are the fields customerJSON writes itself, which a
// request cannot store as extra fields.
var ownedCustomerFields = func() map[string]bool {
	owned := map[string]bool{}
	t := reflect.TypeFor[customerJSON]()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" {
			owned[name] = true
		}
	}
	return owned
}()

// storedFields are the fields of a create or update body that the fake
// keeps as they are and answers in the customer: those of the customer
// schema it has no rule of its own for.
func storedFields(body object) map[string]json.RawMessage {
	var extra map[string]json.RawMessage
	for _, name := range responseFields["ExpressCustomer"] {
		v, ok := body[name]
		if !ok || ownedCustomerFields[name] {
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil {
			continue
		}
		if extra == nil {
			extra = map[string]json.RawMessage{}
		}
		extra[name] = raw
	}
	return extra
}

type listJSON struct {
	ExpressCustomers []customerJSON `json:"expressCustomers"`
	HasMore          bool           `json:"hasMore"`
	Cursor           *string        `json:"cursor"`
}

type successJSON struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (v view) json() customerJSON {
	return customerJSON{
		CreatedAt:           formatTime(v.createdAt),
		ExpressCustomerID:   v.id,
		ExpressCustomerName: v.name,
		IsActive:            v.active,
		UpdatedAt:           formatTime(v.updatedAt),
		UserCount:           v.userCount,
		CreatedByAPIKeyID:   nullable(v.apiKeyID),
		CreatedByUserID:     nullable(v.userID),
		Metadata:            v.metadata,
		extra:               v.extra,
	}
}

func jsonResponse(status int, v any) *response {
	body, err := json.Marshal(v)
	if err != nil {
		return internalError()
	}
	return &response{status: status, body: body}
}

func notFound(id string) *response {
	return (&apiError{status: http.StatusNotFound, typ: typeNotFound, param: paramCustomerID,
		message: fmt.Sprintf("expressCustomerId: no customer %s", id)}).response()
}

// Readers of a body that passed its rules, so that a value present has the
// type its rule says.

func (o object) string(name string) (string, bool) {
	v, ok := o[name].(string)
	return v, ok
}

// stringMap reads an object of strings: present is false when absent, and
// a present null gives a nil map. An empty object and null mean the same,
// "no metadata", so there is only one way the API reports it.
func (o object) stringMap(name string) (m map[string]string, present bool) {
	v, present := o[name]
	obj, _ := v.(map[string]any)
	if len(obj) == 0 {
		return nil, present
	}
	m = make(map[string]string, len(obj))
	for k, s := range obj {
		m[k], _ = s.(string)
	}
	return m, present
}

// create answers 200, not 201: the reference documents no status, and the
// SDKs treat every 2xx alike.
func (s *Server) create(r *request) *response {
	name, _ := r.body.string(paramName)
	md, _ := r.body.stringMap(paramMetadata)
	return jsonResponse(http.StatusOK, s.store.create(name, md, s.apiKeyID, storedFields(r.body)).json())
}

func (s *Server) list(r *request) *response {
	limit := s.cfg.pageSize
	if l := r.query.Get(paramLimit); l != "" {
		// The rules made it a whole number from 1 to 100, written as the
		// official clients write it: 20, or 20.0 from Python.
		f, _ := strconv.ParseFloat(l, 64)
		limit = int(f)
	}
	var (
		views    []view
		more, ok bool
	)
	switch c := r.query.Get(paramCursor); {
	case c == "":
		views, more, ok = s.store.page(nil, limit)
	default:
		if p, own := decodeCursor(c); own {
			views, more, ok = s.store.page(&p, limit)
			break
		}
		offset, isOffset := decodeOffsetCursor(c)
		if !isOffset {
			return invalid(paramCursor, "not a cursor this API issued; pass the cursor of the previous page unchanged").response()
		}
		views, more, ok = s.store.pageAt(offset, limit)
	}
	if !ok {
		return invalid(paramCursor, "does not point into this list; pass the cursor of the previous page unchanged").response()
	}
	out := listJSON{ExpressCustomers: make([]customerJSON, len(views)), HasMore: more}
	for i, v := range views {
		out.ExpressCustomers[i] = v.json()
	}
	if more && len(views) > 0 {
		c := encodeCursor(views[len(views)-1])
		out.Cursor = &c
	}
	return jsonResponse(http.StatusOK, out)
}

func (s *Server) retrieve(r *request) *response {
	id := r.path[paramCustomerID]
	v, ok := s.store.get(id)
	if !ok {
		return notFound(id)
	}
	return jsonResponse(http.StatusOK, v.json())
}

func (s *Server) update(r *request) *response {
	id := r.path[paramCustomerID]
	u := update{extra: storedFields(r.body)}
	if name, ok := r.body.string(paramName); ok {
		u.name = &name
	}
	u.metadata, u.setMetadata = r.body.stringMap(paramMetadata)
	v, ok := s.store.update(id, u)
	if !ok {
		return notFound(id)
	}
	return jsonResponse(http.StatusOK, v.json())
}

func (s *Server) deactivate(r *request) *response { return s.setActive(r, false) }

func (s *Server) reactivate(r *request) *response { return s.setActive(r, true) }

// setActive is idempotent: deactivating an inactive customer (or
// reactivating an active one) succeeds and leaves updatedAt alone.
func (s *Server) setActive(r *request, active bool) *response {
	id := r.path[paramCustomerID]
	v, ok := s.store.setActive(id, active)
	if !ok {
		return notFound(id)
	}
	return jsonResponse(http.StatusOK, v.json())
}

// addUser is idempotent: adding a user who is already a member succeeds
// with a message saying so, because the caller's intent (the user is a
// member) holds. A deactivated customer refuses even that, so the answer
// does not depend on who was a member before deactivation.
func (s *Server) addUser(r *request) *response {
	id := r.path[paramCustomerID]
	user, _ := r.body.string(paramUserID)
	switch s.store.addUser(id, user) {
	case customerMissing:
		return notFound(id)
	case customerInactive:
		return (&apiError{status: http.StatusConflict, typ: typeConflict, param: paramCustomerID, noRetry: true,
			message: fmt.Sprintf("expressCustomerId: customer %s is deactivated and cannot take new users; reactivate it first", id)}).response()
	case memberUnchanged:
		return jsonResponse(http.StatusOK, successJSON{true, fmt.Sprintf("user %s is already a member of %s", user, id)})
	default:
		return jsonResponse(http.StatusOK, successJSON{true, fmt.Sprintf("user %s added to %s", user, id)})
	}
}

// removeUser answers 404 for a user who is not a member: unlike add, the
// caller may have the wrong customer or user, and silence would hide it.
// Retries are safe anyway because the SDK sends an Idempotency-Key.
func (s *Server) removeUser(r *request) *response {
	id := r.path[paramCustomerID]
	user, _ := r.body.string(paramUserID)
	switch s.store.removeUser(id, user) {
	case customerMissing:
		return notFound(id)
	case memberUnchanged:
		return (&apiError{status: http.StatusNotFound, typ: typeNotFound, param: paramUserID, noRetry: true,
			message: fmt.Sprintf("userId: user %s is not a member of %s", user, id)}).response()
	default:
		return jsonResponse(http.StatusOK, successJSON{true, fmt.Sprintf("user %s removed from %s", user, id)})
	}
}

// The names of the fields and parameters the handlers read.
const (
	paramCustomerID = "expressCustomerId"
	paramName       = "expressCustomerName"
	paramMetadata   = "metadata"
	paramUserID     = "userId"
	paramLimit      = "limit"
	paramCursor     = "cursor"
	paramBody       = "body"
)
