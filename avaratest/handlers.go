package avaratest

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

type endpoint func(s *Server, r *http.Request, id string, body []byte) *response

// routes maps a path shape to its endpoints by method. The customer id is
// the third segment of every shape but the first.
var routes = []struct {
	shape   []string // "{id}" marks the customer id
	methods map[string]endpoint
}{
	{[]string{"v1", "express"}, map[string]endpoint{
		http.MethodGet:  (*Server).list,
		http.MethodPost: (*Server).create,
	}},
	{[]string{"v1", "express", "{id}"}, map[string]endpoint{
		http.MethodGet:   (*Server).retrieve,
		http.MethodPatch: (*Server).update,
	}},
	{[]string{"v1", "express", "{id}", "deactivate"}, map[string]endpoint{
		http.MethodPost: (*Server).deactivate,
	}},
	{[]string{"v1", "express", "{id}", "reactivate"}, map[string]endpoint{
		http.MethodPost: (*Server).reactivate,
	}},
	{[]string{"v1", "express", "{id}", "users"}, map[string]endpoint{
		http.MethodPost:   (*Server).addUser,
		http.MethodDelete: (*Server).removeUser,
	}},
}

func match(segs []string) (methods map[string]endpoint, id string, ok bool) {
	for _, rt := range routes {
		if len(rt.shape) != len(segs) {
			continue
		}
		id, ok = "", true
		for i, want := range rt.shape {
			if want == "{id}" {
				id = segs[i]
			} else if want != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return rt.methods, id, true
		}
	}
	return nil, "", false
}

func allowHeader(methods map[string]endpoint) string {
	var ms []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		if _, ok := methods[m]; ok {
			ms = append(ms, m)
		}
	}
	return strings.Join(ms, ", ")
}

// process answers one request, or returns nil if it gave up waiting for a
// concurrent request with the same Idempotency-Key (the connection is then
// dropped). The order of checks is: key, route, method, body size, then the
// endpoint's own validation, so that a caller without a valid key learns
// nothing else.
func (s *Server) process(r *http.Request, segs []string, pathOK bool, body []byte, tooLarge bool) *response {
	if e := s.authenticate(r); e != nil {
		return e.response()
	}
	if !pathOK {
		return (&apiError{status: http.StatusNotFound, typ: typeNotFound, message: "no such route: the path is not a valid escaped URL path"}).response()
	}
	methods, id, ok := match(segs)
	if !ok {
		return (&apiError{status: http.StatusNotFound, typ: typeNotFound,
			message: fmt.Sprintf("no such route: %s %s", clip(r.Method, 20), clip(r.URL.EscapedPath(), 200))}).response()
	}
	handle, ok := methods[r.Method]
	if !ok {
		e := &apiError{status: http.StatusMethodNotAllowed, typ: typeInvalidRequest,
			message: fmt.Sprintf("method %s not allowed here; allowed: %s", clip(r.Method, 20), allowHeader(methods)),
			header:  http.Header{"Allow": {allowHeader(methods)}}}
		return e.response()
	}
	if tooLarge {
		return (&apiError{status: http.StatusRequestEntityTooLarge, typ: typeInvalidRequest, param: paramBody,
			message: fmt.Sprintf("body: must be at most %d bytes", MaxBodyBytes)}).response()
	}

	key := r.Header.Get("Idempotency-Key")
	if key == "" || r.Method == http.MethodGet {
		return handle(s, r, id, body)
	}
	if len(key) > maxIdempotencyKey {
		return invalid("Idempotency-Key", "must be at most %d characters, got %d", maxIdempotencyKey, len(key)).response()
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
	resp = handle(s, r, id, body)
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
// metadata are always present, null when empty, so clients can rely on the
// shape.
type customerJSON struct {
	CreatedAt           string            `json:"createdAt"`
	ExpressCustomerID   string            `json:"expressCustomerId"`
	ExpressCustomerName string            `json:"expressCustomerName"`
	IsActive            bool              `json:"isActive"`
	UpdatedAt           string            `json:"updatedAt"`
	UserCount           int               `json:"userCount"`
	CreatedByAPIKeyID   *string           `json:"createdByApiKeyId"`
	CreatedByUserID     *string           `json:"createdByUserId"`
	Metadata            map[string]string `json:"metadata"`
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

// create answers 200, not 201: the reference documents no status, and the
// SDKs treat every 2xx alike.
func (s *Server) create(_ *http.Request, _ string, body []byte) *response {
	obj, e := decodeObject(body, paramName, paramMetadata)
	if e != nil {
		return e.response()
	}
	name, _, e := checkName(obj, true)
	if e != nil {
		return e.response()
	}
	md, _, e := obj.metadataField()
	if e != nil {
		return e.response()
	}
	return jsonResponse(http.StatusOK, s.store.create(name, md, s.apiKeyID).json())
}

func (s *Server) list(r *http.Request, _ string, _ []byte) *response {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return invalid("query", "malformed query string").response()
	}
	limit, e := parseLimit(q.Get(paramLimit), s.cfg.pageSize)
	if e != nil {
		return e.response()
	}
	var pos *position
	if c := q.Get(paramCursor); c != "" {
		p, ok := decodeCursor(c)
		if !ok {
			return invalid(paramCursor, "not a cursor this API issued; pass the cursor of the previous page unchanged").response()
		}
		pos = &p
	}
	views, more, ok := s.store.page(pos, limit)
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

func (s *Server) retrieve(_ *http.Request, id string, _ []byte) *response {
	if e := checkCustomerID(id); e != nil {
		return e.response()
	}
	v, ok := s.store.get(id)
	if !ok {
		return notFound(id)
	}
	return jsonResponse(http.StatusOK, v.json())
}

func (s *Server) update(_ *http.Request, id string, body []byte) *response {
	if e := checkCustomerID(id); e != nil {
		return e.response()
	}
	obj, e := decodeObject(body, paramName, paramMetadata)
	if e != nil {
		return e.response()
	}
	name, hasName, e := checkName(obj, false)
	if e != nil {
		return e.response()
	}
	md, hasMD, e := obj.metadataField()
	if e != nil {
		return e.response()
	}
	u := update{setMetadata: hasMD, metadata: md}
	if hasName {
		u.name = &name
	}
	v, ok := s.store.update(id, u)
	if !ok {
		return notFound(id)
	}
	return jsonResponse(http.StatusOK, v.json())
}

func (s *Server) deactivate(_ *http.Request, id string, body []byte) *response {
	return s.setActive(id, body, false)
}

func (s *Server) reactivate(_ *http.Request, id string, body []byte) *response {
	return s.setActive(id, body, true)
}

// setActive is idempotent: deactivating an inactive customer (or
// reactivating an active one) succeeds and leaves updatedAt alone.
func (s *Server) setActive(id string, body []byte, active bool) *response {
	if e := checkCustomerID(id); e != nil {
		return e.response()
	}
	if _, e := decodeObject(body); e != nil {
		return e.response()
	}
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
func (s *Server) addUser(_ *http.Request, id string, body []byte) *response {
	user, e := s.membershipRequest(id, body)
	if e != nil {
		return e.response()
	}
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
func (s *Server) removeUser(_ *http.Request, id string, body []byte) *response {
	user, e := s.membershipRequest(id, body)
	if e != nil {
		return e.response()
	}
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

func (s *Server) membershipRequest(id string, body []byte) (string, *apiError) {
	if e := checkCustomerID(id); e != nil {
		return "", e
	}
	obj, e := decodeObject(body, paramUserID)
	if e != nil {
		return "", e
	}
	return checkUserID(obj)
}
