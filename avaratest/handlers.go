package avaratest

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// route finds the operation for a path and method. Of the routes a path
// matches, the one with the most fixed segments wins (studies/cancel over
// studies/{studyId}). When none has the method, it returns the methods of
// the best match, for 405's Allow; the path parameters come unescaped, by
// name.
func route(segs []string, method string) (op *operation, allowed []string, pathParams map[string]string) {
	best := -1
	for _, o := range spec().ops {
		params, fixed, ok := o.match(segs)
		if !ok {
			continue
		}
		if fixed > best {
			best, allowed = fixed, nil
		}
		if fixed == best {
			allowed = append(allowed, o.method)
			if o.method == method {
				op, pathParams = o, params
			}
		}
	}
	if op != nil {
		return op, nil, pathParams
	}
	return nil, sortMethods(allowed), nil
}

func sortMethods(ms []string) []string {
	order := []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	var out []string
	for _, m := range order {
		if slices.Contains(ms, m) {
			out = append(out, m)
		}
	}
	return out
}

// match reports whether segs fit o's route, with its path parameters and
// how many of its segments are fixed.
func (o *operation) match(segs []string) (params map[string]string, fixed int, ok bool) {
	if len(segs) != len(o.segs) {
		return nil, 0, false
	}
	for i, want := range o.segs {
		if name, isParam := strings.CutPrefix(want, "{"); isParam {
			if params == nil {
				params = map[string]string{}
			}
			params[strings.TrimSuffix(name, "}")] = segs[i]
		} else if want != segs[i] {
			return nil, 0, false
		} else {
			fixed++
		}
	}
	return params, fixed, true
}

// process answers one request, or returns nil if it gave up waiting for a
// concurrent request with the same Idempotency-Key (the connection is then
// dropped). The order of checks is: key, route, method, body size, then
// openapi.yml's rules for the operation's parameters and body, then the
// state, so that a caller without a valid key learns nothing else.
func (s *Server) process(r *http.Request, segs []string, pathOK bool, body []byte, tooLarge bool) *response {
	if e := s.authenticate(r); e != nil {
		return e.response()
	}
	if !pathOK {
		return (&apiError{status: http.StatusNotFound, typ: typeNotFound, message: "no such route: the path is not a valid escaped URL path"}).response()
	}
	op, allowed, pathParams := route(segs, r.Method)
	if op == nil && len(allowed) == 0 {
		return (&apiError{status: http.StatusNotFound, typ: typeNotFound,
			message: fmt.Sprintf("no such route: %s %s", clip(r.Method, 20), clip(r.URL.EscapedPath(), 200))}).response()
	}
	if op == nil {
		allow := strings.Join(allowed, ", ")
		e := &apiError{status: http.StatusMethodNotAllowed, typ: typeInvalidRequest,
			message: fmt.Sprintf("method %s not allowed here; allowed: %s", clip(r.Method, 20), allow),
			header:  http.Header{"Allow": {allow}}}
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

	key := r.Header.Get("Idempotency-Key")
	if key == "" || r.Method == http.MethodGet {
		return s.handle(req)
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
	resp = s.handle(req)
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

// handle acts on a request that passed its rules, holding the store's lock
// for the whole operation so that each is atomic.
func (s *Server) handle(r *request) *response {
	b := &builder{s: s, now: s.store.now(), origin: origin(r.Request), opID: r.op.id}
	if r.Method == http.MethodGet {
		s.store.mu.RLock()
		defer s.store.mu.RUnlock()
	} else {
		s.store.mu.Lock()
		defer s.store.mu.Unlock()
	}
	var (
		out any
		e   *apiError
	)
	switch r.op.action {
	case "create":
		out, e = b.create(r)
	case "list":
		out, e = b.list(r)
	case "retrieve":
		out, e = b.retrieve(r)
	case "update":
		out, e = b.update(r)
	case "delete", "set":
		out, e = b.change(r)
	case "addMember", "removeMember":
		out, e = b.membership(r)
	case "children":
		out, e = b.children(r)
	default:
		out, e = b.answerOnly(r)
	}
	if e != nil {
		return e.response()
	}
	return jsonResponse(http.StatusOK, out)
}

func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "avaratest.invalid"
	}
	return scheme + "://" + host
}

func jsonResponse(status int, v any) *response {
	body, err := json.Marshal(v)
	if err != nil {
		return internalError()
	}
	return &response{status: status, body: body}
}

// answer shapes the operation's answer from fields, those of the object it
// acted on: its view of the object, a success, or a made-up URL.
func (b *builder) answer(op *operation, fields map[string]any, message string) map[string]any {
	rule := op.response
	if rule.property("success") != nil {
		fields = clone(fields)
		fields["success"] = true
		fields["message"] = message
	}
	return b.object(rule, fields)
}

func notFound(res *resource, param, id string) *apiError {
	return &apiError{status: http.StatusNotFound, typ: typeNotFound, param: param,
		message: fmt.Sprintf("%s: no %s %s", param, res.name, clip(id, maxQuoted))}
}

func conflict(param, format string, args ...any) *apiError {
	return &apiError{status: http.StatusConflict, typ: typeConflict, param: param, noRetry: true,
		message: param + ": " + fmt.Sprintf(format, args...)}
}

// given returns a value the request names an object by: a body field, or a
// query parameter.
func (r *request) given(name string) (string, bool) {
	if v, ok := r.body[name].(string); ok {
		return v, true
	}
	if v := r.query.Get(name); v != "" {
		return v, true
	}
	return "", false
}

// target finds the object an operation acts on: by its id in the path, by
// another field in the path (by-uid), or by the fields x-avaratest's find
// names, of which the request must give at least one.
func (b *builder) target(r *request, res *resource, find []string) (*record, string, *apiError) {
	st := b.s.store
	op := r.op
	switch {
	case op.idParam != "":
		id := r.path[op.idParam]
		if rec := st.getLocked(res, id); rec != nil {
			return rec, op.idParam, nil
		}
		return nil, "", notFound(res, op.idParam, id)
	case op.byField != "":
		v := r.path[op.byField]
		if rec := st.findLocked(res, map[string]any{op.byField: v}); rec != nil {
			return rec, op.byField, nil
		}
		return nil, "", notFound(res, op.byField, v)
	}
	want := map[string]any{}
	first := ""
	for _, f := range find {
		if v, ok := r.given(f); ok {
			want[f] = v
			if first == "" {
				first = f
			}
		}
	}
	if len(want) == 0 {
		return nil, "", invalid(find[0], "is required: give %s", strings.Join(find, " or "))
	}
	if rec := st.findLocked(res, want); rec != nil {
		return rec, first, nil
	}
	return nil, "", notFound(res, first, str(want[first]))
}

// writeBody writes a request body's fields into fields: null clears a
// field, an empty object of free keys (metadata) clears it too, and with
// merge an object of declared properties (reportMetadata) is merged one
// level deep, as PATCH bodies describe.
func writeBody(rule *schemaRule, fields map[string]any, body map[string]any, merge bool) {
	for k, v := range body {
		p := rule.property(k)
		var alt *schemaRule
		if p != nil {
			alt = p.rule.alternative(v)
		}
		m, isMap := v.(map[string]any)
		switch {
		case v == nil:
			delete(fields, k)
		case isMap && alt != nil && alt.isMap() && len(m) == 0:
			delete(fields, k)
		case isMap && merge && alt != nil && len(alt.properties) > 0:
			next := map[string]any{}
			if old, ok := fields[k].(map[string]any); ok {
				next = clone(old)
			}
			for k2, v2 := range m {
				if v2 == nil {
					delete(next, k2)
				} else {
					next[k2] = v2
				}
			}
			fields[k] = next
		default:
			fields[k] = v
		}
	}
}

// setFields applies an x-avaratest set, then its setIf in order, each
// evaluated on the fields as they then are.
func (b *builder) setFields(fields map[string]any, id string, set map[string]any, setIf []condSet) {
	before := clone(fields)
	for k, v := range set {
		fields[k] = b.expand(v, id, before)
	}
	for _, c := range setIf {
		if matches(fields, c.When) {
			for k, v := range c.Set {
				fields[k] = b.expand(v, id, fields)
			}
		}
	}
}

// checkWrite applies the rules a write must keep beyond the body's schema:
// the objects it names exist, a field required by another's value is
// there, and unique fields stay unique.
func (b *builder) checkWrite(r *request, res *resource, fields map[string]any, self *record) *apiError {
	st := b.s.store
	if r.op.body != nil {
		for _, p := range r.op.body.rule.properties {
			if p.hint.Exists == "" {
				continue
			}
			if id, ok := r.body[p.name].(string); ok {
				ref := spec().resources[p.hint.Exists]
				if st.getLocked(ref, id) == nil {
					return notFound(ref, p.name, id)
				}
			}
		}
		for _, field := range mapKeys(r.op.body.rule.hint.RequiredIf) {
			cond := r.op.body.rule.hint.RequiredIf[field]
			if v, ok := fields[field]; matches(fields, cond) && (!ok || v == nil || v == "") {
				return invalid(field, "is required when %s", describe(cond))
			}
		}
	}
	// A body may be looser than the object it writes (an invite's
	// npiNumber has no pattern, the user's has): the object's own rules
	// hold too, so that no answer breaks its schema.
	if res.schema != nil {
		for _, k := range mapKeys(r.body) {
			v, p := fields[k], res.schema.property(k)
			if v == nil || p == nil || p.hint != (propHint{}) {
				continue
			}
			if alt := p.rule.alternative(v); alt != nil && alt.allKinds()&kindOf(v) != 0 {
				if e := alt.check(k, v); e != nil {
					return e
				}
			}
		}
	}
	for _, group := range res.unique {
		want := map[string]any{}
		for _, f := range group {
			if v, ok := fields[f]; ok && v != nil {
				want[f] = v
			}
		}
		if len(want) != len(group) {
			continue
		}
		if other := st.findLocked(res, want); other != nil && other != self {
			return conflict(group[0], "%s %s already has %s", res.name, other.id, describe(want))
		}
	}
	return nil
}

// mapKeys returns m's keys, sorted.
func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// describe writes conditions as "a is x and b is y", in name order.
func describe(cond map[string]any) string {
	var parts []string
	for _, k := range mapKeys(cond) {
		switch v := cond[k]; v {
		case "$present":
			parts = append(parts, k+" is given")
		case "$absent":
			parts = append(parts, k+" is not given")
		default:
			parts = append(parts, k+" is "+clip(textOf(v), maxQuoted))
		}
	}
	return strings.Join(parts, " and ")
}

// requires refuses, with a 409 that should not be retried, an action on
// rec unless its fields meet want.
func (b *builder) requires(rec *record, param string, want map[string]any, message string) *apiError {
	if matches(rec.fields, want) {
		return nil
	}
	if message == "" {
		return conflict(param, "%s %s does not have %s", rec.res.name, rec.id, describe(want))
	}
	return conflict(param, "%s", template(message, rec.id, formatTime(b.now), rec.fields))
}

func (b *builder) create(r *request) (any, *apiError) {
	op, st := r.op, b.s.store
	res := op.res
	fields := map[string]any{}
	if op.body != nil {
		writeBody(op.body.rule, fields, r.body, false)
	}
	id := st.newIDLocked(res)
	b.setFields(fields, id, op.hint.Set, op.hint.SetIf)
	if e := b.checkWrite(r, res, fields, nil); e != nil {
		return nil, e
	}
	b.complete(res, fields)
	rec := st.insertLocked(res, id, fields, b.now)
	answer := rec
	if op.hint.Hook != "" {
		var e *apiError
		if answer, e = hook(op.hint.Hook)(b, r, rec); e != nil {
			return nil, e
		}
	}
	if also := op.hint.Also; also != nil {
		more := clone(rec.fields)
		delete(more, "createdAt")
		delete(more, "updatedAt")
		ares := spec().resources[also.Resource]
		aid := st.newIDLocked(ares)
		b.setFields(more, aid, also.Set, nil)
		b.complete(ares, more)
		st.insertLocked(ares, aid, more, b.now)
	}
	return b.answer(op, answer.fields, "OK"), nil
}

func (b *builder) retrieve(r *request) (any, *apiError) {
	rec, _, e := b.target(r, r.op.res, r.op.hint.Find)
	if e != nil {
		return nil, e
	}
	return b.answer(r.op, rec.fields, "OK"), nil
}

func (b *builder) update(r *request) (any, *apiError) {
	op := r.op
	rec, param, e := b.target(r, op.res, op.hint.Find)
	if e != nil {
		return nil, e
	}
	if e := b.requires(rec, param, op.hint.Requires, op.hint.Conflict); e != nil {
		return nil, e
	}
	fields := clone(rec.fields)
	if op.body != nil {
		writeBody(op.body.rule, fields, r.body, true)
	}
	b.setFields(fields, rec.id, op.hint.Set, op.hint.SetIf)
	if e := b.checkWrite(r, op.res, fields, rec); e != nil {
		return nil, e
	}
	rec.write(fields, b.now)
	return b.answer(op, rec.fields, "OK"), nil
}

// change answers the actions that find an object and change fields of it
// (and of its parent), or delete it: cancel, revoke, deactivate, addendum.
func (b *builder) change(r *request) (any, *apiError) {
	op, st := r.op, b.s.store
	rec, param, e := b.target(r, op.res, op.hint.Find)
	if e != nil {
		return nil, e
	}
	if e := b.requires(rec, param, op.hint.Requires, op.hint.Conflict); e != nil {
		return nil, e
	}
	if e := b.checkWrite(r, &resource{}, r.body, nil); e != nil {
		return nil, e
	}
	var parent *record
	if ph := op.hint.Parent; ph != nil {
		pres := spec().resources[ph.Resource]
		if parent = st.getLocked(pres, str(rec.fields[ph.Link])); parent == nil {
			return nil, notFound(pres, ph.Link, str(rec.fields[ph.Link]))
		}
		if e := b.requires(parent, param, ph.Requires, ph.Conflict); e != nil {
			return nil, e
		}
	}
	answer := rec
	if op.hint.Hook != "" {
		if answer, e = hook(op.hint.Hook)(b, r, rec); e != nil {
			return nil, e
		}
	}
	fields := clone(rec.fields)
	b.setFields(fields, rec.id, op.hint.Set, op.hint.SetIf)
	rec.write(fields, b.now)
	if parent != nil {
		pf := clone(parent.fields)
		b.setFields(pf, parent.id, op.hint.Parent.Set, nil)
		parent.write(pf, b.now)
	}
	if op.action == "delete" {
		rec.deleted, rec.listed = true, op.hint.KeepListed
	}
	return b.answer(op, answer.fields, "OK"), nil
}

// membership adds or removes a member of a set an object keeps (the users
// of an Express customer), keeping the count field true. Adding a member
// twice succeeds, since what the caller wants holds; removing one who is
// not a member is a 404 that should not be retried, since the caller may
// have the wrong object or member, and silence would hide it (a retry
// carries the same Idempotency-Key and is answered from it anyway).
func (b *builder) membership(r *request) (any, *apiError) {
	op := r.op
	h := op.hint
	rec, param, e := b.target(r, op.res, h.Find)
	if e != nil {
		return nil, e
	}
	member, _ := r.body[h.Member].(string)
	set := rec.members[h.Member]
	_, isMember := set[member]
	var message string
	switch {
	case op.action == "addMember":
		if e := b.requires(rec, param, h.Requires, h.Conflict); e != nil {
			return nil, e
		}
		if isMember {
			return b.answer(op, nil, fmt.Sprintf("user %s is already a member of %s", member, rec.id)), nil
		}
		next := make(map[string]struct{}, len(set)+1)
		for m := range set {
			next[m] = struct{}{}
		}
		next[member] = struct{}{}
		set = next
		message = fmt.Sprintf("user %s added to %s", member, rec.id)
	case !isMember:
		return nil, &apiError{status: http.StatusNotFound, typ: typeNotFound, param: h.Member, noRetry: true,
			message: fmt.Sprintf("%s: user %s is not a member of %s", h.Member, member, rec.id)}
	default:
		next := make(map[string]struct{}, len(set))
		for m := range set {
			if m != member {
				next[m] = struct{}{}
			}
		}
		set = next
		message = fmt.Sprintf("user %s removed from %s", member, rec.id)
	}
	if rec.members == nil {
		rec.members = map[string]map[string]struct{}{}
	}
	rec.members[h.Member] = set
	fields := clone(rec.fields)
	if h.Count != "" {
		fields[h.Count] = json.Number(strconv.Itoa(len(set)))
	}
	rec.write(fields, b.now)
	return b.answer(op, nil, message), nil
}

// list answers a cursor page of the resource's objects that pass the
// query's filters, oldest first.
func (b *builder) list(r *request) (any, *apiError) {
	op, st := r.op, b.s.store
	limit := b.s.cfg.pageSize
	if l := r.query.Get("limit"); l != "" {
		// The rules made it a whole number from 1 to 100, written as the
		// official clients write it: 20, or 20.0 from Python.
		f, _ := strconv.ParseFloat(l, 64)
		limit = int(f)
	}
	var pos cursorPos
	if c := r.query.Get("cursor"); c != "" {
		var ok bool
		if pos, ok = decodeCursor(c); !ok {
			return nil, invalid("cursor", "not a cursor this API issued; pass the cursor of the previous page unchanged")
		}
	}
	offset, after := pos.offset, pos.after
	match := b.filters(r)
	if !pos.since.IsZero() {
		filter := match
		match = func(rec *record) bool { return rec.createdAt.After(pos.since) && filter(rec) }
	}
	page, more, ok := st.pageLocked(op.res, match, after, offset, limit)
	if !ok {
		return nil, invalid("cursor", "does not point into this list; pass the cursor of the previous page unchanged")
	}
	itemRule := op.response.property(op.page.items).rule.items
	items := make([]any, len(page))
	for i, rec := range page {
		items[i] = b.object(itemRule, rec.fields)
	}
	out := map[string]any{op.page.items: items, "hasMore": more}
	if more && len(page) > 0 {
		out["cursor"] = encodeCursor(offset+len(page), page[len(page)-1].id)
	} else if p := op.response.property("cursor"); p != nil && p.rule.nullable() {
		out["cursor"] = nil
	}
	return out, nil
}

// children answers a parent's objects (a study's reports), or one of them
// when the request names it by x-avaratest's single.
func (b *builder) children(r *request) (any, *apiError) {
	op, st := r.op, b.s.store
	h := op.hint
	res := op.res
	arrayOf := func(alt *schemaRule) string {
		for _, p := range alt.properties {
			if p.rule.items != nil && p.rule.items.kinds&kindObject != 0 {
				return p.name
			}
		}
		return ""
	}
	alts := op.response.oneOf
	if len(alts) == 0 {
		alts = []*schemaRule{op.response}
	}
	if h.Single != "" {
		if id, ok := r.given(h.Single); ok {
			rec := st.getLocked(res, id)
			if rec == nil {
				return nil, notFound(res, h.Single, id)
			}
			for _, alt := range alts {
				if arrayOf(alt) == "" {
					return b.object(alt, rec.fields), nil
				}
			}
		}
	}
	pres := spec().resources[h.Parent.Resource]
	parent, _, e := b.target(r, pres, h.Find)
	if e != nil {
		return nil, e
	}
	for _, alt := range alts {
		items := arrayOf(alt)
		if items == "" {
			continue
		}
		out := b.object(alt, parent.fields)
		itemRule := alt.property(items).rule.items
		kids := []any{}
		for _, rec := range st.cols[res.name].list {
			if !rec.deleted && rec.fields[h.Parent.Link] == parent.id {
				kids = append(kids, b.object(itemRule, rec.fields))
			}
		}
		out[items] = kids
		return out, nil
	}
	return nil, &apiError{status: http.StatusInternalServerError, typ: typeAPI, message: op.id + ": no list in the answer's schema"}
}

// answerOnly answers an operation whose effect the API does not describe
// (a reroute URL, an ephemeral session): it checks that the object it
// names exists, and answers a schema-valid value made from the request.
func (b *builder) answerOnly(r *request) (any, *apiError) {
	op := r.op
	fields := map[string]any{}
	if op.res != nil && (len(op.hint.Find) > 0 || op.idParam != "" || op.byField != "") {
		rec, _, e := b.target(r, op.res, op.hint.Find)
		if e != nil {
			return nil, e
		}
		fields = clone(rec.fields)
	}
	for k, v := range r.body {
		fields[k] = v
	}
	if e := b.checkWrite(r, &resource{}, fields, nil); e != nil {
		return nil, e
	}
	return b.answer(op, fields, "OK"), nil
}

// The names of the fields and parameters the fake reads itself.
const (
	paramBody = "body"
)
