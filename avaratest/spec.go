package avaratest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// openapiJSON is openapi.yml as JSON: the whole API, and the x-avaratest
// hints that say what its schemas cannot. Everything the fake serves comes
// from it: routes, request rules, resources, and the shape of every answer.
//
//go:embed openapi.json
var openapiJSON []byte

// api is the compiled document, built on first use (through spec), not
// when the package loads: a program that imports avaratest without
// starting a fake neither pays for it nor keeps it in its heap. A document
// the fake cannot read is a bug in this module, not in a test, and panics.
// Tests may replace it once it is loaded.
var (
	api     *apiSpec
	apiOnce sync.Once
)

// spec returns the compiled document, compiling it on first use.
func spec() *apiSpec {
	apiOnce.Do(func() {
		if api == nil {
			api = mustCompile(openapiJSON)
			checkHooks(api)
		}
	})
	return api
}

// apiSpec is what the fake reads from the document.
type apiSpec struct {
	ops       []*operation
	resources map[string]*resource
	// limit is the rule of the list operations' limit parameter, which
	// WithDefaultPageSize also applies.
	limit *schemaRule
	// customerID, metadata and userID are the Express rules seeds are
	// checked with (see WithCustomers).
	customerID, metadata, userID *schemaRule
}

// resource is one kind of object the fake keeps: a schema of the document
// whose objects have an id in the form prefix + 32 hex characters.
type resource struct {
	name    string // the schema's name, such as "AutoScribeStudy"
	schema  *schemaRule
	idField string // such as "studyId"
	prefix  string // such as "stu_"
	idRule  *schemaRule
	unique  [][]string
	mask    *condSet
	// hasCreated and hasUpdated say whether the fake keeps createdAt and
	// updatedAt, which it does for a schema that has them.
	hasCreated, hasUpdated bool
}

// operation is one operation of the document.
type operation struct {
	id, method, route string
	segs              []string // route split at "/", "{name}" for a path parameter
	params            []paramRule
	body              *bodyRule
	response          *schemaRule // the 200 answer's schema
	hint              opHint
	action            string
	res               *resource
	idParam           string // the path parameter naming the object acted on
	byField           string // retrieve: the path parameter is this field, not the id
	page              *pageShape
}

// pageShape is how a cursor page names its parts.
type pageShape struct {
	items string // the array property, such as "studies"
}

type paramRule struct {
	name, in string
	required bool
	rule     *schemaRule
	hint     paramHint
	methods  []string // for document-wide headers: the methods they apply to
}

type bodyRule struct {
	required bool
	rule     *schemaRule
}

// The x-avaratest hints. Unknown keys are refused when the document loads,
// so a misspelt hint cannot be silently ignored.

// opHint is an operation's x-avaratest. See the package documentation.
type opHint struct {
	Action     string         `json:"action"`
	Resource   string         `json:"resource"`
	Set        map[string]any `json:"set"`
	SetIf      []condSet      `json:"setIf"`
	Requires   map[string]any `json:"requires"`
	Conflict   string         `json:"conflict"`
	Find       []string       `json:"find"`
	Member     string         `json:"member"`
	Count      string         `json:"count"`
	KeepListed bool           `json:"keepListed"`
	Hook       string         `json:"hook"`
	Also       *alsoHint      `json:"also"`
	Parent     *parentHint    `json:"parent"`
	Single     string         `json:"single"`
}

type condSet struct {
	When map[string]any `json:"when"`
	Set  map[string]any `json:"set"`
}

type alsoHint struct {
	Resource string         `json:"resource"`
	Set      map[string]any `json:"set"`
}

type parentHint struct {
	Resource string         `json:"resource"`
	Link     string         `json:"link"`
	Requires map[string]any `json:"requires"`
	Conflict string         `json:"conflict"`
	Set      map[string]any `json:"set"`
}

// schemaHint is a named schema's x-avaratest.
type schemaHint struct {
	Resource   string                    `json:"resource"`
	Unique     [][]string                `json:"unique"`
	Mask       *condSet                  `json:"mask"`
	RequiredIf map[string]map[string]any `json:"requiredIf"`
}

// propHint is a property's x-avaratest.
type propHint struct {
	Ref     string `json:"ref"`
	From    string `json:"from"`
	Field   string `json:"field"`
	Present string `json:"present"`
	Exists  string `json:"exists"`
}

// paramHint is a query parameter's x-avaratest.
type paramHint struct {
	Match   string  `json:"match"`
	Field   string  `json:"field"`
	Default *string `json:"default"`
}

type docHint struct {
	Headers []struct {
		Parameter string         `json:"parameter"`
		Name      string         `json:"name"`
		Schema    map[string]any `json:"schema"`
		Methods   []string       `json:"methods"`
	} `json:"headers"`
}

// decodeHint reads an x-avaratest value into dst, refusing unknown keys.
func decodeHint(where string, raw any, dst any) {
	if raw == nil {
		return
	}
	b, err := json.Marshal(raw)
	if err != nil {
		panic(fmt.Sprintf("avaratest: %s: x-avaratest: %v", where, err))
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	d.DisallowUnknownFields()
	if err := d.Decode(dst); err != nil {
		panic(fmt.Sprintf("avaratest: %s: x-avaratest: %v", where, err))
	}
}

// compiler turns the document's JSON into rules, sharing one rule per named
// schema.
type compiler struct {
	doc     map[string]any
	schemas map[string]any
	named   map[string]*schemaRule
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func mustCompile(raw []byte) *apiSpec {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var doc map[string]any
	if err := d.Decode(&doc); err != nil {
		panic("avaratest: openapi.json: " + err.Error())
	}
	c := &compiler{doc: doc, schemas: obj(obj(doc["components"])["schemas"]), named: map[string]*schemaRule{}}
	a := &apiSpec{resources: map[string]*resource{}}

	var dh docHint
	decodeHint("document", doc["x-avaratest"], &dh)
	var headers []paramRule
	for _, h := range dh.Headers {
		p := paramRule{name: h.Name, in: "header", methods: h.Methods}
		if h.Parameter != "" {
			p = c.param(map[string]any{"$ref": "#/components/parameters/" + h.Parameter})
			p.methods = h.Methods
		} else {
			p.rule = c.rule(h.Schema)
		}
		headers = append(headers, p)
	}

	paths := obj(doc["paths"])
	for _, route := range mapsKeys(paths) {
		item := obj(paths[route])
		var shared []paramRule
		for _, p := range asList(item["parameters"]) {
			shared = append(shared, c.param(obj(p)))
		}
		for _, method := range []string{"get", "post", "put", "patch", "delete"} {
			raw := obj(item[method])
			if raw == nil {
				continue
			}
			op := &operation{
				id:     str(raw["operationId"]),
				method: strings.ToUpper(method),
				route:  route,
				segs:   strings.Split(strings.TrimPrefix(route, "/"), "/"),
			}
			decodeHint(op.id, raw["x-avaratest"], &op.hint)
			op.params = append(op.params, shared...)
			for _, p := range asList(raw["parameters"]) {
				op.params = append(op.params, c.param(obj(p)))
			}
			for _, h := range headers {
				if len(h.methods) == 0 || slices.Contains(h.methods, op.method) {
					op.params = append(op.params, h)
				}
			}
			if rb := c.deref(obj(raw["requestBody"])); rb != nil {
				schema := obj(obj(obj(rb["content"])["application/json"])["schema"])
				op.body = &bodyRule{required: rb["required"] == true, rule: c.rule(schema)}
			}
			ok := c.deref(obj(obj(raw["responses"])["200"]))
			op.response = c.rule(obj(obj(obj(ok["content"])["application/json"])["schema"]))
			a.ops = append(a.ops, op)
		}
	}
	a.inferResources(c)
	a.limit = c.param(map[string]any{"$ref": "#/components/parameters/Limit"}).rule
	a.customerID = c.named["ExpressCustomerId"]
	a.metadata = c.named["ExpressCustomerMetadata"]
	if b := c.named["ExpressUsersAddBody"]; b != nil {
		a.userID = b.property("userId").rule
	}
	return a
}

func mapsKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// deref follows a $ref to components (parameters, responses, request
// bodies, schemas).
func (c *compiler) deref(m map[string]any) map[string]any {
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		parts := strings.Split(strings.TrimPrefix(ref, "#/"), "/")
		var cur any = c.doc
		for _, p := range parts {
			cur = obj(cur)[p]
		}
		if cur == nil {
			panic("avaratest: openapi.json: unresolved $ref " + ref)
		}
		m = obj(cur)
	}
	return nil
}

func (c *compiler) param(raw map[string]any) paramRule {
	m := c.deref(raw)
	p := paramRule{name: str(m["name"]), in: str(m["in"]), required: m["required"] == true}
	p.rule = c.rule(obj(m["schema"]))
	if ex := str(m["example"]); ex != "" && p.rule.example == "" {
		r := *p.rule
		r.example = ex
		p.rule = &r
	}
	decodeHint("parameter "+p.name, m["x-avaratest"], &p.hint)
	return p
}

var idPattern = regexp.MustCompile(`^\^([a-z]+_)\[0-9a-f\]\{32\}\$$`)

// idPrefix returns the prefix of an id pattern such as ^stu_[0-9a-f]{32}$.
func idPrefix(r *schemaRule) string {
	if r == nil || r.pattern == nil {
		return ""
	}
	if m := idPattern.FindStringSubmatch(r.pattern.String()); m != nil {
		return m[1]
	}
	return ""
}

// inferResources finds the resources behind the operations and what each
// operation does to them. CRUD is read from the shape of the document
// (method, path parameters, answer); everything else from x-avaratest.
func (a *apiSpec) inferResources(c *compiler) {
	// Path parameters name ids where schemas leave their pattern out.
	paramPrefix := map[string]string{}
	for _, op := range a.ops {
		for _, p := range op.params {
			if pre := idPrefix(p.rule); p.in == "path" && pre != "" {
				paramPrefix[p.name] = pre
			}
		}
	}
	get := func(name, why string) *resource {
		if name == "" {
			return nil
		}
		if r := a.resources[name]; r != nil {
			return r
		}
		s := c.named[name]
		if s == nil {
			panic(fmt.Sprintf("avaratest: %s: no schema %q", why, name))
		}
		if s.hint.Resource != "" && s.hint.Resource != name {
			return a.get(c, s.hint.Resource, why, paramPrefix)
		}
		return a.get(c, name, why, paramPrefix)
	}
	for _, op := range a.ops {
		h := op.hint
		resp := op.response
		if resp != nil && resp.name != "" && h.Resource == "" {
			if items := pageItems(resp); items != "" {
				op.page = &pageShape{items: items}
				op.res = get(resp.property(items).rule.items.name, op.id)
			} else if isResourceSchema(resp, paramPrefix) {
				op.res = get(resp.name, op.id)
			}
		} else {
			op.res = get(h.Resource, op.id)
		}
		if h.Also != nil {
			get(h.Also.Resource, op.id)
		}
		if h.Parent != nil {
			get(h.Parent.Resource, op.id)
		}
	}
	for _, op := range a.ops {
		h := op.hint
		var pathParams []string
		for _, p := range op.params {
			if p.in == "path" {
				pathParams = append(pathParams, p.name)
			}
		}
		// An operation answering something else (a success) acts on the
		// resource whose id its path carries.
		for _, r := range a.resources {
			if op.res == nil && len(pathParams) == 1 && r.idField == pathParams[0] {
				op.res = r
			}
		}
		if op.res != nil && len(pathParams) == 1 {
			if pathParams[0] == op.res.idField {
				op.idParam = pathParams[0]
			} else if op.res.schema.property(pathParams[0]) != nil {
				op.byField = pathParams[0]
			}
		}
		op.action = h.Action
		if op.action == "" {
			switch {
			case op.res == nil:
				op.action = "answer"
			case op.page != nil && op.method == "GET":
				op.action = "list"
			case op.method == "POST" && len(pathParams) == 0:
				op.action = "create"
			case op.method == "GET" && (op.idParam != "" || op.byField != ""):
				op.action = "retrieve"
			case op.method == "PATCH" && op.idParam != "":
				op.action = "update"
			case op.method == "DELETE" && op.idParam != "":
				op.action = "delete"
			default:
				op.action = "answer"
			}
		}
		if !slices.Contains([]string{"create", "list", "retrieve", "update", "delete", "set", "addMember", "removeMember", "children", "answer"}, op.action) {
			panic(fmt.Sprintf("avaratest: %s: unknown action %q", op.id, op.action))
		}
	}
	// References between resources must name resources.
	for _, r := range a.resources {
		r.schema.walkProps(func(p *property) {
			if p.hint.Ref != "" {
				get(p.hint.Ref, r.name+"."+p.name)
			}
		})
	}
	for _, op := range a.ops {
		if op.body != nil {
			for _, p := range op.body.rule.properties {
				if p.hint.Exists != "" {
					get(p.hint.Exists, op.id+"."+p.name)
				}
			}
		}
	}
}

func (a *apiSpec) get(c *compiler, name, why string, paramPrefix map[string]string) *resource {
	if r := a.resources[name]; r != nil {
		return r
	}
	s := c.named[name]
	r := &resource{name: name, schema: s, unique: s.hint.Unique, mask: s.hint.Mask}
	for _, field := range s.required {
		p := s.property(field)
		if pre := idPrefix(p.rule); pre != "" && strings.HasSuffix(field, "Id") {
			r.idField, r.prefix, r.idRule = field, pre, p.rule
			break
		}
	}
	if r.idField == "" {
		for _, field := range s.required {
			if pre := paramPrefix[field]; pre != "" {
				r.idField, r.prefix = field, pre
				r.idRule = &schemaRule{kinds: kindString, pattern: regexp.MustCompile("^" + pre + "[0-9a-f]{32}$")}
				break
			}
		}
	}
	if r.idField == "" {
		panic(fmt.Sprintf("avaratest: %s: schema %s has no id (a required ...Id property of pattern ^xxx_[0-9a-f]{32}$)", why, name))
	}
	r.hasCreated = s.property("createdAt") != nil
	r.hasUpdated = s.property("updatedAt") != nil
	a.resources[name] = r
	return r
}

// pageItems returns the array property of a cursor page (an object with
// hasMore and an array of objects), or "".
func pageItems(s *schemaRule) string {
	if s.property("hasMore") == nil {
		return ""
	}
	for _, p := range s.properties {
		if p.rule.kinds&kindArray != 0 && p.rule.items != nil && p.rule.items.name != "" {
			return p.name
		}
	}
	return ""
}

// isResourceSchema reports whether s is the schema of an object with an id.
func isResourceSchema(s *schemaRule, paramPrefix map[string]string) bool {
	if s.hint.Resource != "" {
		return true
	}
	for _, field := range s.required {
		p := s.property(field)
		if idPrefix(p.rule) != "" && strings.HasSuffix(field, "Id") || paramPrefix[field] != "" {
			return true
		}
	}
	return false
}
