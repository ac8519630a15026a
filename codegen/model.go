package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The Go model of the API: what the emitters write. Every name, type, doc
// comment and rule in it comes from the document.

type api struct {
	BaseURL   string
	ClientDoc string
	// IdempotencyKey is components.parameters.IdempotencyKey: its header
	// and the bounds of a key.
	IdempotencyKey struct {
		Name                 string
		MinLength, MaxLength int
	}
	Services   []*service // in the document's tag order
	Ops        []*op      // in the document's path order
	Types      []*named   // every named Go type, in the order first reached
	Pages      []*page
	Webhooks   []*webhook
	WebhookSet *named // the union of all events (x-go-webhook), nil if none

	doc      *document
	byName   map[string]*named // by Go name
	pages    map[string]*page
	received map[string]bool // schemas reachable from an answer or an event
	// descriptions are the properties' descriptions by name, for those
	// the document describes only somewhere else.
	descriptions map[string]string
}

type service struct {
	Path     string // as a Go user writes it: "AutoScribe.Studies"
	Field    string // its field on the parent: "Studies"
	Type     string // "AutoScribeStudyService"
	Params   string // the prefix of its params types: "AutoScribeStudy"
	Doc      string
	Parent   *service
	Children []*service
	Ops      []*op
	File     string
	Types    []*named // the types declared in its file
}

type op struct {
	Name       string // the Go method
	FullName   string // "Express.Users.Add"
	Var        string // the Go variable of its requestconfig.Operation
	HTTPMethod string
	Route      string
	Doc        string
	Service    *service
	PathArgs   []*pathArg
	Params     *named // nil when the operation takes no query and no body
	Query      bool   // Params is sent as the query string
	Result     *named // the decoded answer; a page's own schema for a list
	Page       *page
	Item       *named // a page's item type
}

type pathArg struct {
	Name    string // JSON name, as in the route
	Arg     string // Go argument
	Example string
}

// named is a Go type declared from a schema.
type named struct {
	Name   string
	Doc    string
	Schema *schema
	// Kind of declaration.
	Object   bool // a struct
	Enum     bool // a named string type with constants
	Union    bool // an interface with variant structs
	Param    bool // an object sent (params style), not received
	Query    bool // params sent as the query string
	Fields   []*field
	Values   []enumValue
	Variants []*named
	Unknown  *named   // the variant for an answer of no known variant
	Tag      string   // a union's discriminator property
	Tags     []string // the discriminator value of each variant
	Checks   []check
	Service  *service
}

type enumValue struct {
	Const string
	Value string
}

type field struct {
	Name     string // Go
	JSON     string
	Doc      string
	Kind     kind
	Type     string // Go type as declared
	Required bool
	Nullable bool
	Opt      bool // a param.Opt
}

type check struct {
	Field string // the API's name, as errors give it
	Cond  string // Go condition that is true when the value breaks the rule
	Rule  string // what the rule is, for the error
}

type page struct {
	Name     string // "CursorStudies"
	Doc      string
	Items    *field
	HasMore  *field
	Cursor   *field
	ItemDesc string
}

// fields are the page's fields as a response type's, each with its kind:
// the items decoded by the page's cursor engine.
func (pg *page) fields() []*field {
	pg.Items.Kind = itemsKind{pg.Items.JSON}
	pg.HasMore.Kind = scalarKinds["bool"]
	pg.Cursor.Kind = scalarKinds["string"]
	return []*field{pg.Items, pg.HasMore, pg.Cursor}
}

type webhook struct {
	Name     string // "StudyAccessRequested"
	Type     string // "study.access_requested"
	Event    *named
	Response *named
}

// build turns the document into the model.
func build(doc *document) (*api, error) {
	a := &api{doc: doc, byName: map[string]*named{}, pages: map[string]*page{}}
	if len(doc.Servers) == 0 {
		return nil, fmt.Errorf("servers: the production server's URL is missing")
	}
	a.BaseURL = doc.Servers[0].URL
	a.ClientDoc = doc.Info.Go.Client
	if err := a.buildHeaders(); err != nil {
		return nil, err
	}
	if err := a.buildServices(); err != nil {
		return nil, err
	}
	for _, route := range doc.Paths.Keys {
		item := doc.Paths.Values[route]
		var shared []*parameter
		if n, ok := item.Values["parameters"]; ok {
			if err := n.Decode(&shared); err != nil {
				return nil, fmt.Errorf("%s: %w", route, err)
			}
		}
		for _, method := range item.Keys {
			if method == "parameters" {
				continue
			}
			n := item.Values[method]
			if err := a.buildOp(route, method, &n, shared); err != nil {
				return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(method), route, err)
			}
		}
	}
	if err := a.buildWebhooks(); err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	return a, nil
}

// buildHeaders checks that components.headers declares the response
// headers the pipeline reads, and takes the Idempotency-Key's header and
// bounds from components.parameters.
func (a *api) buildHeaders() error {
	for _, want := range []string{"X-Request-Id", "X-Should-Retry", "Retry-After"} {
		if _, ok := a.doc.Components.Headers.Values[want]; !ok {
			return fmt.Errorf("components.headers: %s is missing", want)
		}
	}
	p, ok := a.doc.Components.Parameters.Values["IdempotencyKey"]
	if !ok || p.In != "header" || p.Schema == nil || p.Schema.MinLength == nil || p.Schema.MaxLength == nil {
		return fmt.Errorf("components.parameters.IdempotencyKey: want a header parameter with minLength and maxLength")
	}
	k := &a.IdempotencyKey
	k.Name, k.MinLength, k.MaxLength = p.Name, *p.Schema.MinLength, *p.Schema.MaxLength
	return nil
}

func (a *api) buildServices() error {
	byPath := map[string]*service{}
	for _, t := range a.doc.Tags {
		parts := strings.Split(t.Name, ".")
		var singular []string
		for _, p := range parts {
			singular = append(singular, singularOf(p))
		}
		s := &service{
			Path:   t.Name,
			Field:  parts[len(parts)-1],
			Type:   strings.Join(singular, "") + "Service",
			Params: strings.Join(singular, ""),
			File:   fileName(t.Name),
		}
		s.Doc = sentences(s.Type+" is client."+t.Name, t.Description)
		if len(parts) > 1 {
			parent, ok := byPath[strings.Join(parts[:len(parts)-1], ".")]
			if !ok {
				return fmt.Errorf("tags: %s comes before its parent", t.Name)
			}
			s.Parent = parent
			parent.Children = append(parent.Children, s)
		}
		byPath[t.Name] = s
		a.Services = append(a.Services, s)
	}
	return nil
}

// singularOf is a service path segment in the singular, as in its types'
// names: Studies is Study, Users is User, Express stays Express.
func singularOf(w string) string {
	switch {
	case strings.HasSuffix(w, "ies"):
		return strings.TrimSuffix(w, "ies") + "y"
	case strings.HasSuffix(w, "ss"), !strings.HasSuffix(w, "s"):
		return w
	}
	return strings.TrimSuffix(w, "s")
}

func (a *api) service(path string) *service {
	for _, s := range a.Services {
		if s.Path == path {
			return s
		}
	}
	return nil
}

func (a *api) buildOp(route, method string, node *yaml.Node, shared []*parameter) error {
	var o operation
	if err := node.Decode(&o); err != nil {
		return err
	}
	if len(o.Tags) != 1 {
		return fmt.Errorf("an operation needs exactly one tag, its service")
	}
	svc := a.service(o.Tags[0])
	if svc == nil {
		return fmt.Errorf("tag %q is not declared", o.Tags[0])
	}
	if o.GoMethod == "" {
		return fmt.Errorf("x-go-method is missing")
	}
	x := &op{
		Name:       o.GoMethod,
		FullName:   svc.Path + "." + o.GoMethod,
		Var:        "op" + strings.ReplaceAll(svc.Path, ".", "") + o.GoMethod,
		HTTPMethod: strings.ToUpper(method),
		Route:      route,
		Service:    svc,
	}
	x.Doc = methodDoc(x.Name, x.HTTPMethod, route, o.Description, o.GoDoc)
	var query []*parameter
	for _, p := range append(slices.Clone(shared), o.Parameters...) {
		if p.Ref != "" {
			r, err := ref(a.doc.Components.Parameters, "parameters", p.Ref)
			if err != nil {
				return err
			}
			p = r
		}
		switch p.In {
		case "path":
			ex, _ := exampleOf(p)
			x.PathArgs = append(x.PathArgs, &pathArg{Name: p.Name, Arg: argName(p.Name), Example: ex})
		case "query":
			query = append(query, p)
		case "header":
		default:
			return fmt.Errorf("parameter %s: in %q is not supported", p.Name, p.In)
		}
	}
	paramsName := svc.Params + x.Name + "Params"
	switch {
	case o.RequestBody != nil && len(query) > 0:
		return fmt.Errorf("an operation with both a body and query parameters is not supported yet")
	case o.RequestBody != nil:
		mt, ok := o.RequestBody.Content.Values["application/json"]
		if !ok {
			return fmt.Errorf("requestBody: only application/json is supported")
		}
		body, err := a.resolve(mt.Schema)
		if err != nil {
			return err
		}
		t, err := a.paramsType(paramsName, body, svc)
		if err != nil {
			return err
		}
		x.Params = t
	case len(query) > 0:
		t, err := a.queryType(paramsName, query, svc)
		if err != nil {
			return err
		}
		x.Params, x.Query = t, true
	}
	res, err := a.result(&o)
	if err != nil {
		return err
	}
	if res != nil {
		if res.Page != "" {
			pg, item, err := a.page(res, svc)
			if err != nil {
				return err
			}
			x.Page, x.Item = pg, item
		} else {
			t, err := a.responseType(res, svc)
			if err != nil {
				return err
			}
			x.Result = t
		}
	}
	svc.Ops = append(svc.Ops, x)
	a.Ops = append(a.Ops, x)
	return nil
}

// exampleOf is a parameter's example, given on it or on its schema.
func exampleOf(p *parameter) (string, bool) {
	switch {
	case p.Example != nil:
		return fmt.Sprint(p.Example), true
	case p.Schema != nil && p.Schema.Example != nil:
		return fmt.Sprint(p.Schema.Example), true
	}
	return "", false
}

// result is the schema of an operation's one 2xx answer, or nil.
func (a *api) result(o *operation) (*schema, error) {
	for _, code := range o.Responses.Keys {
		if !strings.HasPrefix(code, "2") {
			continue
		}
		r := o.Responses.Values[code]
		if r.Ref != "" {
			var err error
			if r, err = ref(a.doc.Components.Responses, "responses", r.Ref); err != nil {
				return nil, err
			}
		}
		mt, ok := r.Content.Values["application/json"]
		if !ok {
			return nil, nil
		}
		return a.resolve(mt.Schema)
	}
	return nil, fmt.Errorf("no 2xx response")
}

func (a *api) resolve(s *schema) (*schema, error) { return a.doc.resolve(s) }

// declare adds t to the model, in the file of svc (or of the first service
// that reaches it).
func (a *api) declare(t *named, svc *service) error {
	if other, ok := a.byName[t.Name]; ok && other != t {
		return fmt.Errorf("two types are named %s", t.Name)
	}
	a.byName[t.Name] = t
	a.Types = append(a.Types, t)
	t.Service = svc
	if svc != nil {
		svc.Types = append(svc.Types, t)
	}
	return nil
}

// nonNull returns s without its null alternative: a schema typed
// [T, "null"] or anyOf [X, {type: null}], and whether it had one.
func (a *api) nonNull(s *schema) (*schema, bool, error) {
	if len(s.AnyOf) == 2 {
		for i, alt := range s.AnyOf {
			if alt.Type.is("null") {
				other := *s.AnyOf[1-i]
				if other.Description == "" {
					other.Description = s.Description
				}
				return &other, true, nil
			}
		}
	}
	if len(s.Type) == 2 && slices.Contains(s.Type, "null") {
		c := *s
		c.Type = typeList{s.Type[0]}
		if c.Type[0] == "null" {
			c.Type = typeList{s.Type[1]}
		}
		return &c, true, nil
	}
	return s, false, nil
}

// responseType is the Go type of a named response schema (an object or a
// union), declared on first use.
func (a *api) responseType(s *schema, svc *service) (*named, error) {
	if s.name == "" {
		return nil, fmt.Errorf("a response must be a named schema ($ref)")
	}
	if t, ok := a.byName[goName(s.name)]; ok {
		return t, nil
	}
	if len(s.OneOf) > 0 {
		return a.unionType(s, svc)
	}
	t := &named{Name: goName(s.name), Schema: s, Object: true}
	t.Doc = typeDoc(t.Name, s.Description)
	if err := a.declare(t, svc); err != nil {
		return nil, err
	}
	for _, prop := range s.Properties.Keys {
		f, err := a.field(t.Name, prop, s.Properties.Values[prop], slices.Contains(s.Required, prop), false, svc)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", s.name, prop, err)
		}
		t.Fields = append(t.Fields, f)
	}
	return t, nil
}

func (a *api) unionType(s *schema, svc *service) (*named, error) {
	t := &named{Name: goName(s.name), Schema: s, Union: true}
	t.Doc = typeDoc(t.Name, s.Description)
	if err := a.declare(t, svc); err != nil {
		return nil, err
	}
	if s.Discriminator != nil {
		t.Tag = s.Discriminator.PropertyName
	}
	for _, alt := range s.OneOf {
		rs, err := a.resolve(alt)
		if err != nil {
			return nil, err
		}
		v, err := a.responseType(rs, svc)
		if err != nil {
			return nil, err
		}
		if !v.Object {
			return nil, fmt.Errorf("%s: a union's variants must be objects", s.name)
		}
		t.Variants = append(t.Variants, v)
		if t.Tag != "" {
			tag := ""
			for _, k := range s.Discriminator.Mapping.Keys {
				if s.Discriminator.Mapping.Values[k] == alt.Ref {
					tag = k
				}
			}
			if tag == "" {
				return nil, fmt.Errorf("%s: no discriminator value maps to %s", s.name, alt.Ref)
			}
			t.Tags = append(t.Tags, tag)
		}
	}
	// The unknown variant keeps the members every variant has, alike.
	u := &named{Name: "Unknown" + t.Name, Object: true}
	u.Doc = u.Name + " is a " + t.Name + " of a kind this SDK version does not know; RawJSON returns it whole."
	for _, f := range t.Variants[0].Fields {
		common := true
		for _, v := range t.Variants[1:] {
			if !slices.ContainsFunc(v.Fields, func(g *field) bool { return g.JSON == f.JSON && g.Type == f.Type }) {
				common = false
			}
		}
		if common {
			c := *f
			if f.JSON == t.Tag {
				c.Doc = c.Name + " is the kind of " + t.Name + ", one this SDK version does not know."
			}
			u.Fields = append(u.Fields, &c)
		}
	}
	t.Unknown = u
	if err := a.declare(u, svc); err != nil {
		return nil, err
	}
	return t, nil
}

// paramsType is the params type of a request body.
func (a *api) paramsType(name string, s *schema, svc *service) (*named, error) {
	t := &named{Name: name, Schema: s, Object: true, Param: true}
	t.Doc = typeDoc(name, s.Description)
	if s.Description == "" {
		t.Doc = name + " are the parameters of client." + svc.Path + "." + strings.TrimSuffix(strings.TrimPrefix(name, svc.Params), "Params") + ", sent as its JSON body."
	}
	if err := a.declare(t, svc); err != nil {
		return nil, err
	}
	return t, a.paramFields(t, s, svc)
}

func (a *api) paramFields(t *named, s *schema, svc *service) error {
	for _, prop := range s.Properties.Keys {
		p := s.Properties.Values[prop]
		f, err := a.field(t.Name, prop, p, slices.Contains(s.Required, prop), true, svc)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name, prop, err)
		}
		t.Fields = append(t.Fields, f)
		rp, _, err := a.nonNull(p)
		if err != nil {
			return err
		}
		if rp, err = a.resolve(rp); err != nil {
			return err
		}
		t.Checks = append(t.Checks, checksOf(f, rp, false)...)
	}
	return nil
}

// paramObject is the params-style Go type of a named object schema sent
// inside a request (or answered to a webhook). A schema also received
// gets the suffix Param, so both can exist.
func (a *api) paramObject(s *schema, svc *service) (*named, error) {
	name := goName(s.name)
	if a.receivedToo(s.name) {
		name += "Param"
	}
	if t, ok := a.byName[name]; ok {
		return t, nil
	}
	t := &named{Name: name, Schema: s, Object: true, Param: true}
	t.Doc = typeDoc(name, s.Description)
	if err := a.declare(t, svc); err != nil {
		return nil, err
	}
	return t, a.paramFields(t, s, svc)
}

// receivedToo reports whether the schema name is reachable from an answer
// or an incoming webhook event.
func (a *api) receivedToo(name string) bool {
	if a.received == nil {
		a.received = map[string]bool{}
		var mark func(s *schema)
		mark = func(s *schema) {
			if s == nil {
				return
			}
			if s.Ref != "" {
				r, err := a.resolve(s)
				if err != nil || a.received[r.name] {
					return
				}
				a.received[r.name] = true
				s = r
			}
			for _, p := range s.Properties.Values {
				mark(p)
			}
			mark(s.Items)
			for _, x := range append(s.OneOf, s.AnyOf...) {
				mark(x)
			}
			if s.AdditionalProperties != nil {
				mark(s.AdditionalProperties.Schema)
			}
		}
		for _, route := range a.doc.Paths.Keys {
			for _, m := range a.doc.Paths.Values[route].Keys {
				var o operation
				n := a.doc.Paths.Values[route].Values[m]
				if m == "parameters" || n.Decode(&o) != nil {
					continue
				}
				for _, code := range o.Responses.Keys {
					r := o.Responses.Values[code]
					if r.Ref != "" {
						r, _ = ref(a.doc.Components.Responses, "responses", r.Ref)
					}
					if r != nil {
						for _, mt := range r.Content.Values {
							mark(mt.Schema)
						}
					}
				}
			}
		}
		for _, s := range a.doc.Components.Schemas.Values {
			if s.Webhook {
				mark(&schema{Ref: "#/components/schemas/" + s.name})
			}
		}
	}
	return a.received[name]
}

// queryType is the params type of query parameters.
func (a *api) queryType(name string, params []*parameter, svc *service) (*named, error) {
	t := &named{Name: name, Object: true, Param: true, Query: true}
	t.Doc = name + " are the query parameters of client." + svc.Path + "." + strings.TrimSuffix(strings.TrimPrefix(name, svc.Params), "Params") + ". The zero value leaves them all out."
	if err := a.declare(t, svc); err != nil {
		return nil, err
	}
	for _, p := range params {
		s := *p.Schema
		if s.Description == "" {
			s.Description = p.Description
		}
		if p.GoDoc != "" {
			s.GoDoc = p.GoDoc
		}
		f, err := a.field(name, p.Name, &s, p.Required, true, svc)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", name, p.Name, err)
		}
		if _, isArray := f.Kind.(arrayKind); isArray && (p.Explode == nil || *p.Explode) {
			return nil, fmt.Errorf("%s.%s: an array in a query must be style: form, explode: false", name, p.Name)
		}
		t.Fields = append(t.Fields, f)
		rs, _, err := a.nonNull(&s)
		if err != nil {
			return nil, err
		}
		if rs, err = a.resolve(rs); err != nil {
			return nil, err
		}
		t.Checks = append(t.Checks, checksOf(f, rs, true)...)
	}
	return t, nil
}

// field is one property of an object (or a query parameter), sent when
// param is true.
func (a *api) field(owner, prop string, p *schema, required, param bool, svc *service) (*field, error) {
	inner, nullable, err := a.nonNull(p)
	if err != nil {
		return nil, err
	}
	k, err := a.kindOf(inner, param, svc, owner+goName(prop))
	if err != nil {
		return nil, err
	}
	f := &field{Name: goName(prop), JSON: prop, Kind: k, Required: required, Nullable: nullable}
	desc := p.Description
	if desc == "" {
		if rs, err := a.resolve(inner); err == nil && rs != nil {
			desc = rs.Description
		}
	}
	if desc == "" {
		desc = a.describedElsewhere(prop)
	}
	f.Doc = fieldDoc(f.Name, desc, p.GoDoc)
	f.Type = k.goType()
	if param {
		switch {
		case nullable:
			f.Opt = true
		case !required && k.scalar():
			f.Opt = true
		}
		if f.Opt {
			f.Type = "param.Opt[" + f.Type + "]"
		}
	}
	return f, nil
}

// describedElsewhere is the description the document gives a property of
// the same name in another schema, the first in the document's order, for a
// property the document leaves undescribed: the API names one thing
// (studyId, createdAt) alike everywhere.
func (a *api) describedElsewhere(prop string) string {
	if a.descriptions == nil {
		a.descriptions = map[string]string{}
		for _, name := range a.doc.Components.Schemas.Keys {
			sc := a.doc.Components.Schemas.Values[name]
			for _, k := range sc.Properties.Keys {
				if d := sc.Properties.Values[k].Description; d != "" && a.descriptions[k] == "" {
					a.descriptions[k] = d
				}
			}
		}
	}
	return a.descriptions[prop]
}

// kindOf is the kind of Go value a (non-null) schema decodes into or is
// sent from.
// name is the Go name a type declared for an inline schema gets.
func (a *api) kindOf(s *schema, param bool, svc *service, name string) (kind, error) {
	if s.Ref != "" {
		r, err := a.resolve(s)
		if err != nil {
			return nil, err
		}
		switch {
		case len(r.Enum) > 0:
			t, err := a.enumType(r, svc)
			if err != nil {
				return nil, err
			}
			return enumKind{t.Name}, nil
		case len(r.OneOf) > 0 && !param:
			t, err := a.responseType(r, svc)
			if err != nil {
				return nil, err
			}
			return unionKind{t.Name}, nil
		case r.Type.is("object") && r.Properties.Keys != nil:
			var t *named
			if param {
				t, err = a.paramObject(r, svc)
			} else {
				t, err = a.responseType(r, svc)
			}
			if err != nil {
				return nil, err
			}
			return objectKind{t.Name}, nil
		}
		return a.kindOf(r, param, svc, name)
	}
	switch {
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0 || len(s.Type) == 0:
		return anyKind{}, nil // free-form JSON, or a union of scalars
	case len(s.Enum) == 1 || s.Const != nil:
		return scalarKinds["string"], nil
	case len(s.Enum) > 1:
		c := *s
		c.name = name
		t, err := a.enumType(&c, svc)
		if err != nil {
			return nil, err
		}
		return enumKind{t.Name}, nil
	}
	switch s.Type[0] {
	case "string":
		if s.Format == "date-time" {
			return scalarKinds["time"], nil
		}
		return scalarKinds["string"], nil
	case "boolean":
		return scalarKinds["bool"], nil
	case "integer":
		return scalarKinds["int"], nil
	case "number":
		if s.MultipleOf != nil && *s.MultipleOf == 1 {
			return scalarKinds["int"], nil
		}
		return scalarKinds["float"], nil
	case "array":
		if s.Items == nil {
			return nil, fmt.Errorf("an array needs items")
		}
		items, nullable, err := a.nonNull(s.Items)
		if err != nil {
			return nil, err
		}
		e, err := a.kindOf(items, param, svc, name)
		if err != nil {
			return nil, err
		}
		if nullable && param {
			e = optKind{e} // a null element can be sent; one received is its zero value
		}
		return arrayKind{e}, nil
	case "object":
		if s.Properties.Keys != nil {
			return nil, fmt.Errorf("an object with properties must be a named schema ($ref), so that its Go type has a name")
		}
		if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil && s.AdditionalProperties.Schema.Type.is("string") {
			return stringMapKind{}, nil
		}
		return freeObjectKind{}, nil
	}
	return nil, fmt.Errorf("type %v has no Go kind", s.Type)
}

func (a *api) enumType(s *schema, svc *service) (*named, error) {
	if t, ok := a.byName[goName(s.name)]; ok {
		return t, nil
	}
	t := &named{Name: goName(s.name), Schema: s, Enum: true}
	t.Doc = typeDoc(t.Name, s.Description)
	for _, v := range s.Enum {
		t.Values = append(t.Values, enumValue{Const: t.Name + goName(v), Value: v})
	}
	return t, a.declare(t, svc)
}

// page is the page type of a list's answer and the item type.
func (a *api) page(s *schema, svc *service) (*page, *named, error) {
	var items, hasMore, cursor string
	for _, k := range s.Properties.Keys {
		p := s.Properties.Values[k]
		switch {
		case p.Type.is("array"):
			items = k
		case p.Type.is("boolean"):
			hasMore = k
		default:
			cursor = k
		}
	}
	if items == "" || hasMore == "" || cursor == "" {
		return nil, nil, fmt.Errorf("%s: a page needs an array of items, a boolean and a cursor", s.name)
	}
	itemSchema, err := a.resolve(s.Properties.Values[items].Items)
	if err != nil {
		return nil, nil, err
	}
	item, err := a.responseType(itemSchema, svc)
	if err != nil {
		return nil, nil, err
	}
	mk := func(k string) *field {
		p := s.Properties.Values[k]
		return &field{Name: goName(k), JSON: k, Doc: fieldDoc(goName(k), p.Description, p.GoDoc)}
	}
	pg := &page{Name: s.Page, Items: mk(items), HasMore: mk(hasMore), Cursor: mk(cursor)}
	pg.Items.Doc = pg.Items.Name + " is the items of this page, possibly none even when more pages follow."
	pg.Doc = pg.Name + " is a page of a cursor-paginated list. The next page is asked for with the page's " + pg.Cursor.Name + "; see GetNextPage for when there is none."
	if other, ok := a.pages[pg.Name]; ok {
		if other.Items.JSON != pg.Items.JSON || other.HasMore.JSON != pg.HasMore.JSON || other.Cursor.JSON != pg.Cursor.JSON {
			return nil, nil, fmt.Errorf("%s: x-go-page %s is used with other field names elsewhere", s.name, pg.Name)
		}
		return other, item, nil
	}
	a.pages[pg.Name] = pg
	a.Pages = append(a.Pages, pg)
	return pg, item, nil
}

// buildWebhooks reads the document's webhooks: each event Avara POSTs and
// the answer it expects.
func (a *api) buildWebhooks() error {
	for _, s := range a.doc.Components.Schemas.Values {
		if s.Webhook {
			t, err := a.responseType(s, nil)
			if err != nil {
				return err
			}
			a.WebhookSet = t
		}
	}
	for _, name := range a.doc.Webhooks.Keys {
		item := a.doc.Webhooks.Values[name]
		n, ok := item.Values["post"]
		if !ok {
			return fmt.Errorf("%s: only post is supported", name)
		}
		var o operation
		if err := n.Decode(&o); err != nil {
			return err
		}
		ev, err := a.resolve(o.RequestBody.Content.Values["application/json"].Schema)
		if err != nil {
			return err
		}
		evType, err := a.responseType(ev, nil)
		if err != nil {
			return err
		}
		res, err := a.result(&o)
		if err != nil {
			return err
		}
		resType, err := a.paramObject(res, nil)
		if err != nil {
			return err
		}
		a.Webhooks = append(a.Webhooks, &webhook{
			Name: strings.TrimSuffix(evType.Name, "Event"), Type: name, Event: evType, Response: resType,
		})
	}
	return nil
}

// checksOf are the rules of a param the SDK checks before sending: a
// required string that cannot be empty, and a body field that cannot be
// null. The others (lengths, ranges, patterns) are the server's, so that
// its error, with the param's name, is the one a caller sees.
func checksOf(f *field, s *schema, query bool) []check {
	var out []check
	if f.Opt && !f.Nullable && !query {
		out = append(out, check{Field: f.JSON, Cond: "r." + f.Name + ".IsNull()", Rule: "cannot be null: leave it out instead"})
	}
	if f.Kind.goType() != "string" {
		return out
	}
	emptyRefused := s.MinLength != nil && *s.MinLength > 0
	if s.Pattern != "" {
		if re, err := regexp.Compile(s.Pattern); err == nil && !re.MatchString("") {
			emptyRefused = true
		}
	}
	if !emptyRefused {
		return out
	}
	switch {
	case f.Required && !f.Opt:
		out = append(out, check{Field: f.JSON, Cond: "r." + f.Name + ` == ""`, Rule: "must not be empty (it is required)"})
	case f.Opt:
		out = append(out, check{Field: f.JSON, Cond: "v, ok := r." + f.Name + `.Value(); ok && v == ""`, Rule: "must not be empty"})
	}
	return out
}
