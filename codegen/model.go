package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The Go model of the API: what the templates render. Every name, type,
// doc comment and rule in it comes from the document.

type api struct {
	BaseURL string // the first server's URL: the production API
	// IdempotencyKey is components.parameters.IdempotencyKey: its header
	// name and length bounds.
	IdempotencyKey struct {
		Name                 string
		MinLength, MaxLength int
	}
	ClientDoc  string
	UsesRegexp bool       // some rule has a pattern
	Services   []*service // in the document's tag order, parents first
	Pages      []*page
	Ops        []*op        // in the document's path order
	Rules      []*rule      // the fake's named schema rules, dependencies first
	Responses  []*respShape // response schemas, for the fake
}

type service struct {
	Tag      string
	Path     string // as a Go user writes it: "Express.Users"
	Field    string // its field on the parent (the Client for a top-level one)
	Type     string
	Params   string // the prefix of its params types
	Doc      string
	FieldDoc string
	Parent   *service
	Children []*service
	Ops      []*op
	File     string
	Types    []*structType // the types declared in its file
}

type op struct {
	ID         string
	Name       string // the Go method
	FullName   string // "Express.Users.Add"
	Var        string // the Go variable of its requestconfig.Operation
	HTTPMethod string // "POST"
	GoMethod   string // "http.MethodPost"
	Route      string // "/v1/express/{expressCustomerId}/users"
	Doc        string
	Summary    string
	Service    *service
	PathArgs   []*pathArg
	PathExpr   string      // the Go expression of the escaped path
	Params     *structType // nil when the operation takes none
	Result     *structType // nil for a page or no body
	Page       *page
	Item       *structType // the page's item type

	// For the fake.
	Parameters []*paramRule
	Body       *bodyRule
}

type pathArg struct {
	JSON, Arg, Example string
}

type structType struct {
	Name     string
	Doc      string
	Response bool // a response type; otherwise params
	Query    bool // params sent in the query string
	Fields   []*field
	Checks   []*check
	Schema   string // its components.schemas name, for a response type
	declared bool
}

type field struct {
	JSON    string
	Name    string
	Doc     string
	Rules   string // what openapi.yml allows, for api.md
	Type    string // the Go type
	Reader  string // the apijson function that decodes it (response types)
	Tag     string
	Opt     bool // a param.Opt
	IsItems bool // a page's item list
}

// check is a client-side check of a params field, made before sending.
type check struct {
	Field     string // the Go field
	JSON      string // the param's name in the API
	Opt       bool
	MinLength int
}

type page struct {
	Name    string
	Doc     string
	Fields  []*field
	Items   *field
	HasMore *field
	Cursor  *field
	Param   string // the query parameter that asks for the next page
}

// The fake's rules: what openapi.yml allows in a request.

type rule struct {
	Var  string // "ruleExpressCreateParams" for a named schema, "" inline
	Lit  string // the Go literal of its schemaRule
	Name string
}

type paramRule struct {
	Name, In string
	Required bool
	Rule     string // a Go expression of a *schemaRule
}

type bodyRule struct {
	Required bool
	Rule     string
}

type respShape struct {
	Schema string
	Fields []string
}

// buildHeaders checks that components.headers declares the response
// headers the runtime reads (spec.go.tmpl names them), and reads the
// Idempotency-Key parameter's name and bounds.
func (b *builder) buildHeaders() error {
	for _, want := range []string{"X-Request-Id", "X-Should-Retry", "Retry-After"} {
		if _, ok := b.doc.Components.Headers.Values[want]; !ok {
			return fmt.Errorf("components.headers: %s is missing", want)
		}
	}
	p, ok := b.doc.Components.Parameters.Values["IdempotencyKey"]
	if !ok || p.In != "header" || p.Schema == nil || p.Schema.MinLength == nil || p.Schema.MaxLength == nil {
		return fmt.Errorf("components.parameters.IdempotencyKey: want a header parameter with minLength and maxLength")
	}
	k := &b.api.IdempotencyKey
	k.Name, k.MinLength, k.MaxLength = p.Name, *p.Schema.MinLength, *p.Schema.MaxLength
	return nil
}

type builder struct {
	doc      *document
	api      *api
	types    map[string]*structType // response types by schema name
	rules    map[string]*rule
	services map[string]*service // by tag
}

func build(doc *document) (*api, error) {
	if len(doc.Servers) == 0 || doc.Servers[0].URL == "" {
		return nil, fmt.Errorf("servers: the first server's url is the production API, and it is missing")
	}
	b := &builder{doc: doc, api: &api{BaseURL: doc.Servers[0].URL, ClientDoc: sentences(doc.Info.Go.Client)},
		types: map[string]*structType{}, rules: map[string]*rule{}, services: map[string]*service{}}
	if err := b.buildHeaders(); err != nil {
		return nil, err
	}
	if err := b.buildServices(); err != nil {
		return nil, err
	}
	for _, path := range doc.Paths.Keys {
		item := doc.Paths.Values[path]
		var shared []*parameter
		if n, ok := item.Values["parameters"]; ok {
			if err := n.Decode(&shared); err != nil {
				return nil, fmt.Errorf("paths %s: parameters: %w", path, err)
			}
		}
		for _, method := range item.Keys {
			if method == "parameters" {
				continue
			}
			node := item.Values[method]
			if err := b.buildOp(path, strings.ToUpper(method), &node, shared); err != nil {
				return nil, fmt.Errorf("paths %s %s: %w", path, method, err)
			}
		}
	}
	for _, name := range doc.Components.Schemas.Keys {
		if t, ok := b.types[name]; ok {
			shape := &respShape{Schema: name}
			for _, f := range t.Fields {
				shape.Fields = append(shape.Fields, f.JSON)
			}
			b.api.Responses = append(b.api.Responses, shape)
		}
	}
	return b.api, nil
}

func (b *builder) buildServices() error {
	for _, t := range b.doc.Tags {
		g := t.Go
		if g.Field == "" || g.Type == "" || g.Params == "" || g.Doc == "" {
			return fmt.Errorf("tag %s: x-go needs field, type, params and doc", t.Name)
		}
		if !strings.HasPrefix(g.Doc, g.Type+" ") {
			return fmt.Errorf("tag %s: x-go doc must start with %s", t.Name, g.Type)
		}
		s := &service{Tag: t.Name, Field: g.Field, Type: g.Type, Params: g.Params,
			Doc: sentences(g.Doc), FieldDoc: sentences(g.Field + strings.TrimPrefix(g.Doc, g.Type))}
		if g.Parent != "" {
			parent := b.serviceByField(g.Parent)
			if parent == nil {
				return fmt.Errorf("tag %s: parent %s is not a service declared before it", t.Name, g.Parent)
			}
			s.Parent = parent
			parent.Children = append(parent.Children, s)
			s.Path = parent.Path + "." + s.Field
		} else {
			s.Path = s.Field
		}
		s.File = fileName(s.Path)
		s.Doc = sentences(s.Doc, "Reach it as client."+s.Path)
		b.services[t.Name] = s
		b.api.Services = append(b.api.Services, s)
	}
	return nil
}

func (b *builder) serviceByField(path string) *service {
	for _, s := range b.api.Services {
		if s.Path == path {
			return s
		}
	}
	return nil
}

func (b *builder) buildOp(route, method string, node *yaml.Node, shared []*parameter) error {
	var o operation
	if err := node.Decode(&o); err != nil {
		return err
	}
	if len(o.Tags) != 1 {
		return fmt.Errorf("%s: needs exactly one tag, its service", o.OperationID)
	}
	svc := b.services[o.Tags[0]]
	if svc == nil {
		return fmt.Errorf("%s: tag %s is not declared", o.OperationID, o.Tags[0])
	}
	if o.GoMethod == "" {
		return fmt.Errorf("%s: x-go-method is missing", o.OperationID)
	}
	x := &op{
		ID: o.OperationID, Name: o.GoMethod, FullName: svc.Path + "." + o.GoMethod,
		Var: "op" + strings.ReplaceAll(svc.Path, ".", "") + o.GoMethod, HTTPMethod: method,
		GoMethod: "http.Method" + method[:1] + strings.ToLower(method[1:]),
		Route:    route, Summary: o.Summary, Service: svc,
	}
	x.Doc = methodDoc(x.Name, method, route, o.Description, o.GoDoc)

	params := append(append([]*parameter(nil), shared...), o.Parameters...)
	var query []*parameter
	for i, p := range params {
		component := ""
		if p.Ref != "" {
			r, err := ref(b.doc.Components.Parameters, "parameters", p.Ref)
			if err != nil {
				return err
			}
			component = strings.TrimPrefix(p.Ref, "#/components/parameters/")
			params[i] = r
			p = r
		}
		rl, err := b.paramRule(component, p.Schema)
		if err != nil {
			return fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		x.Parameters = append(x.Parameters, &paramRule{Name: p.Name, In: p.In, Required: p.Required, Rule: rl})
		switch p.In {
		case "path":
			s, err := b.doc.resolve(p.Schema)
			if err != nil {
				return err
			}
			x.PathArgs = append(x.PathArgs, &pathArg{JSON: p.Name, Arg: argName(p.Name), Example: fmt.Sprint(s.Example)})
		case "query":
			query = append(query, p)
		}
	}
	x.PathExpr = pathExpr(route, x.PathArgs)

	if o.RequestBody != nil {
		mt, ok := o.RequestBody.Content.Values["application/json"]
		if !ok || len(o.RequestBody.Content.Keys) != 1 {
			return fmt.Errorf("%s: the request body must be application/json only", o.OperationID)
		}
		if len(query) > 0 {
			return fmt.Errorf("%s: query parameters and a body on one operation are not supported yet", o.OperationID)
		}
		rl, err := b.ruleOf(mt.Schema)
		if err != nil {
			return fmt.Errorf("request body: %w", err)
		}
		x.Body = &bodyRule{Required: o.RequestBody.Required, Rule: rl}
		t, err := b.paramsType(svc.Params+o.GoMethod+"Params", mt.Schema)
		if err != nil {
			return err
		}
		x.Params = t
	} else if len(query) > 0 {
		t, err := b.queryType(svc.Params+o.GoMethod+"Params", query)
		if err != nil {
			return err
		}
		x.Params = t
	}
	if x.Params != nil {
		svc.Types = append(svc.Types, x.Params)
	}

	res, err := b.result(&o)
	if err != nil {
		return err
	}
	if o.Pagination != nil {
		pg, item, err := b.page(res, o.Pagination)
		if err != nil {
			return err
		}
		x.Page, x.Item = pg, item
		b.declare(svc, item)
	} else if res != nil {
		t, err := b.responseType(res)
		if err != nil {
			return err
		}
		x.Result = t
		b.declare(svc, t)
	}
	svc.Ops = append(svc.Ops, x)
	b.api.Ops = append(b.api.Ops, x)
	return nil
}

// declare puts t in svc's file, unless an earlier service's file has it.
func (b *builder) declare(svc *service, t *structType) {
	if !t.declared {
		t.declared = true
		svc.Types = append(svc.Types, t)
	}
}

// pathExpr is the Go expression of a route with its ids escaped:
// "v1/express/" + pathID(expressCustomerID) + "/users".
func pathExpr(route string, args []*pathArg) string {
	var parts []string
	rest := strings.TrimPrefix(route, "/")
	for _, a := range args {
		before, after, _ := strings.Cut(rest, "{"+a.JSON+"}")
		if before != "" {
			parts = append(parts, strconv.Quote(before))
		}
		parts = append(parts, "pathID("+a.Arg+")")
		rest = after
	}
	if rest != "" {
		parts = append(parts, strconv.Quote(rest))
	}
	return strings.Join(parts, " + ")
}

// result is the schema of an operation's 2xx answer, nil when it has none.
func (b *builder) result(o *operation) (*schema, error) {
	for _, code := range o.Responses.Keys {
		if !strings.HasPrefix(code, "2") {
			continue
		}
		r := o.Responses.Values[code]
		if r.Ref != "" {
			var err error
			if r, err = ref(b.doc.Components.Responses, "responses", r.Ref); err != nil {
				return nil, err
			}
		}
		if mt, ok := r.Content.Values["application/json"]; ok {
			return b.doc.resolve(mt.Schema)
		}
	}
	return nil, nil
}

// scalar is the Go type of a field's schema, and the apijson function that
// decodes it; nullable tells whether null is allowed.
func (b *builder) scalar(s *schema) (goType, reader string, nullable bool, err error) {
	s, nullable, err = b.unwrapNull(s)
	if err != nil {
		return "", "", false, err
	}
	switch t := s.Type; {
	case t.is("string") && s.Format == "date-time":
		return "time.Time", "Time", nullable, nil
	case t.is("string"):
		return "string", "String", nullable, nil
	case t.is("integer"):
		return "int64", "Int", nullable, nil
	case t.is("number") && s.MultipleOf != nil && *s.MultipleOf == 1:
		// A number with an integral value, as the official SDKs type a
		// count such as limit: an int64 in Go, sent as an integer.
		return "int64", "Int", nullable, nil
	case t.is("number"):
		return "float64", "Float", nullable, nil
	case t.is("boolean"):
		return "bool", "Bool", nullable, nil
	case t.is("object") && s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil:
		v, err := b.doc.resolve(s.AdditionalProperties.Schema)
		if err != nil {
			return "", "", false, err
		}
		if v.Type.is("string") && v.Format == "" {
			return "map[string]string", "StringMap", nullable, nil
		}
	}
	return "", "", false, fmt.Errorf("schema %s: type %v has no Go type in this generator yet", s.name, s.Type)
}

// unwrapNull resolves s and takes the null out of [T, "null"] or
// oneOf [T, {type: null}].
func (b *builder) unwrapNull(s *schema) (*schema, bool, error) {
	s, err := b.doc.resolve(s)
	if err != nil {
		return nil, false, err
	}
	if len(s.OneOf) == 2 {
		for i, alt := range s.OneOf {
			if len(alt.Type) == 1 && alt.Type[0] == "null" {
				other, err := b.doc.resolve(s.OneOf[1-i])
				return other, true, err
			}
		}
	}
	if slices.Contains(s.Type, "null") && len(s.Type) == 2 {
		c := *s
		c.Type = slices.DeleteFunc(slices.Clone(s.Type), func(t string) bool { return t == "null" })
		return &c, true, nil
	}
	return s, false, nil
}

func (t typeList) is(name string) bool { return len(t) == 1 && t[0] == name }

// describe is the description of a property: its own, or its schema's.
func (b *builder) describe(p *schema) (description, goDoc string, err error) {
	description, goDoc = p.Description, p.GoDoc
	if description != "" {
		return description, goDoc, nil
	}
	r, _, err := b.unwrapNull(p)
	if err != nil {
		return "", "", err
	}
	return r.Description, sentences(goDoc, r.GoDoc), nil
}

func (b *builder) responseType(s *schema) (*structType, error) {
	if s.name == "" {
		return nil, fmt.Errorf("a response schema must be a named component")
	}
	if t, ok := b.types[s.name]; ok {
		return t, nil
	}
	doc, err := typeDoc(goName(s.name), s.Description)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", s.name, err)
	}
	t := &structType{Name: goName(s.name), Doc: doc, Response: true, Schema: s.name}
	b.types[s.name] = t
	for _, name := range s.Properties.Keys {
		f, err := b.responseField(name, s.Properties.Values[name])
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", s.name, err)
		}
		t.Fields = append(t.Fields, f)
	}
	return t, nil
}

func (b *builder) responseField(name string, p *schema) (*field, error) {
	goType, reader, _, err := b.scalar(p)
	if err != nil {
		return nil, fmt.Errorf("property %s: %w", name, err)
	}
	description, goDoc, err := b.describe(p)
	if err != nil {
		return nil, err
	}
	doc, err := fieldDoc(goName(name), description, goDoc)
	if err != nil {
		return nil, fmt.Errorf("property %s: %w", name, err)
	}
	r, nullable, err := b.unwrapNull(p)
	if err != nil {
		return nil, err
	}
	return &field{JSON: name, Name: goName(name), Doc: doc, Type: goType, Reader: reader,
		Tag: fmt.Sprintf("`json:%q`", name), Rules: ruleText(r, false, nullable)}, nil
}

// ruleText says in words what a schema allows, for api.md.
func ruleText(s *schema, required, nullable bool) string {
	var rs []string
	if required {
		rs = append(rs, "required")
	}
	if nullable {
		rs = append(rs, "may be null")
	}
	if s.MinLength != nil && *s.MinLength > 0 {
		rs = append(rs, fmt.Sprintf("at least %d character%s", *s.MinLength, plural(*s.MinLength)))
	}
	if s.MaxLength != nil {
		rs = append(rs, fmt.Sprintf("at most %d characters", *s.MaxLength))
	}
	if s.Pattern != "" {
		rs = append(rs, "matches `"+s.Pattern+"`")
	}
	if s.Format != "" {
		rs = append(rs, s.Format)
	}
	if s.Minimum != nil {
		rs = append(rs, "at least "+strconv.FormatFloat(*s.Minimum, 'g', -1, 64))
	}
	if s.Maximum != nil {
		rs = append(rs, "at most "+strconv.FormatFloat(*s.Maximum, 'g', -1, 64))
	}
	if s.MaxProperties != nil {
		rs = append(rs, fmt.Sprintf("at most %d pairs", *s.MaxProperties))
	}
	if s.PropertyNames != nil && s.PropertyNames.MaxLength != nil {
		rs = append(rs, fmt.Sprintf("keys of at most %d characters", *s.PropertyNames.MaxLength))
	}
	if a := s.AdditionalProperties; a != nil && a.Schema != nil && a.Schema.MaxLength != nil {
		rs = append(rs, fmt.Sprintf("values of at most %d characters", *a.Schema.MaxLength))
	}
	return strings.Join(rs, "; ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (b *builder) paramsType(name string, s *schema) (*structType, error) {
	s, err := b.doc.resolve(s)
	if err != nil {
		return nil, err
	}
	doc, err := typeDoc(name, s.Description)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", s.name, err)
	}
	t := &structType{Name: name, Doc: doc}
	for _, prop := range s.Properties.Keys {
		p := s.Properties.Values[prop]
		f, c, err := b.paramField(prop, p, slices.Contains(s.Required, prop), false)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", s.name, err)
		}
		t.addParam(f, c)
	}
	return t, nil
}

func (b *builder) queryType(name string, params []*parameter) (*structType, error) {
	t := &structType{Name: name, Query: true,
		Doc: name + " are the query parameters of the request. The zero value leaves them all out."}
	for _, p := range params {
		s := *p.Schema
		s.Description, s.GoDoc = p.Description, p.GoDoc
		f, c, err := b.paramField(p.Name, &s, p.Required, true)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p.Name, err)
		}
		t.addParam(f, c)
	}
	return t, nil
}

// addParam adds a params field and the client-side check it has, if any.
func (t *structType) addParam(f *field, c *check) {
	t.Fields = append(t.Fields, f)
	if c != nil {
		t.Checks = append(t.Checks, c)
	}
}

// paramField is a field of a params type: a required one as a plain value,
// an optional one as a param.Opt (omitted, null or set) unless it is a map
// that cannot be null, whose nil is "omitted".
func (b *builder) paramField(name string, p *schema, required, query bool) (*field, *check, error) {
	goType, _, nullable, err := b.scalar(p)
	if err != nil {
		return nil, nil, fmt.Errorf("property %s: %w", name, err)
	}
	description, goDoc, err := b.describe(p)
	if err != nil {
		return nil, nil, err
	}
	f := &field{JSON: name, Name: goName(name), Type: goType}
	switch {
	case required:
		f.Tag = fmt.Sprintf("json:%q", name)
		goDoc = sentences("It is required.", goDoc)
	case strings.HasPrefix(goType, "map[") && !nullable:
		f.Tag = fmt.Sprintf("json:%q", name+",omitzero")
		goDoc = sentences(goDoc, "It is left out when nil.")
	default:
		f.Type, f.Opt = "param.Opt["+goType+"]", true
		f.Tag = fmt.Sprintf("json:%q", name+",omitzero")
		if nullable {
			goDoc = sentences(goDoc, "param.Null sends it as null.")
		}
	}
	if query {
		opt := ",omitempty"
		if required {
			opt = ""
		}
		f.Tag += fmt.Sprintf(" url:%q", name+opt)
	}
	f.Tag = "`" + f.Tag + "`"
	if f.Doc, err = fieldDoc(f.Name, description, goDoc); err != nil {
		return nil, nil, fmt.Errorf("property %s: %w", name, err)
	}
	r, _, err := b.unwrapNull(p)
	if err != nil {
		return nil, nil, err
	}
	f.Rules = ruleText(r, required, nullable)
	var c *check
	if goType == "string" && r.MinLength != nil && *r.MinLength > 0 {
		c = &check{Field: f.Name, JSON: f.JSON, Opt: f.Opt, MinLength: *r.MinLength}
	}
	return f, c, nil
}

func (b *builder) page(s *schema, pg *pagination) (*page, *structType, error) {
	if s == nil || s.name == "" {
		return nil, nil, fmt.Errorf("x-go-pagination: the answer must be a named schema")
	}
	items, ok := s.Properties.Values[pg.Items]
	if !ok || !items.Type.is("array") || items.Items == nil {
		return nil, nil, fmt.Errorf("x-go-pagination: %s.%s must be an array", s.name, pg.Items)
	}
	itemSchema, err := b.doc.resolve(items.Items)
	if err != nil {
		return nil, nil, err
	}
	item, err := b.responseType(itemSchema)
	if err != nil {
		return nil, nil, err
	}
	name := "Cursor" + goName(pg.Items)
	for _, p := range b.api.Pages {
		if p.Name == name {
			return p, item, nil
		}
	}
	doc, err := typeDoc(name, s.Description)
	if err != nil {
		return nil, nil, fmt.Errorf("schema %s: %w", s.name, err)
	}
	p := &page{Name: name, Param: pg.Param,
		Doc: sentences(doc, "The next page is asked for with the page's "+goName(pg.Cursor)+"; see GetNextPage for when there is none.")}
	for _, prop := range s.Properties.Keys {
		ps := s.Properties.Values[prop]
		var f *field
		if prop == pg.Items {
			description, goDoc, err := b.describe(ps)
			if err != nil {
				return nil, nil, err
			}
			doc, err := fieldDoc(goName(prop), description, goDoc)
			if err != nil {
				return nil, nil, fmt.Errorf("schema %s: property %s: %w", s.name, prop, err)
			}
			f = &field{JSON: prop, Name: goName(prop), Doc: doc, Type: "[]T", IsItems: true,
				Tag: fmt.Sprintf("`json:%q`", prop)}
			p.Items = f
		} else if f, err = b.responseField(prop, ps); err != nil {
			return nil, nil, fmt.Errorf("schema %s: %w", s.name, err)
		}
		switch prop {
		case pg.HasMore:
			p.HasMore = f
		case pg.Cursor:
			p.Cursor = f
		}
		p.Fields = append(p.Fields, f)
	}
	if p.Items == nil || p.HasMore == nil || p.HasMore.Type != "bool" || p.Cursor == nil || p.Cursor.Type != "string" {
		return nil, nil, fmt.Errorf("x-go-pagination on %s: items, a boolean hasMore and a string cursor must be properties", s.name)
	}
	b.api.Pages = append(b.api.Pages, p)
	return p, item, nil
}

// paramRule is the rule of a parameter's schema: the schema's own when it
// is a reference, else one named after the parameter's component
// (ruleParamLimit), so that it is declared once however many operations
// share the parameter.
func (b *builder) paramRule(component string, s *schema) (string, error) {
	if component == "" || s.Ref != "" {
		return b.ruleOf(s)
	}
	key := "parameters/" + component
	if r, ok := b.rules[key]; ok {
		return r.Var, nil
	}
	lit, err := b.ruleLit(s)
	if err != nil {
		return "", err
	}
	r := &rule{Var: "ruleParam" + goName(component), Name: key, Lit: lit}
	b.rules[key] = r
	b.api.Rules = append(b.api.Rules, r)
	return r.Var, nil
}

// ruleOf returns the Go expression of the fake's rule for a schema: the
// variable of a named one (declared once), or a literal.
func (b *builder) ruleOf(s *schema) (string, error) {
	if s == nil {
		return "nil", nil
	}
	if s.Ref != "" {
		named, err := ref(b.doc.Components.Schemas, "schemas", s.Ref)
		if err != nil {
			return "", err
		}
		if r, ok := b.rules[named.name]; ok {
			return r.Var, nil
		}
		r := &rule{Var: "rule" + goName(named.name), Name: named.name}
		b.rules[named.name] = r
		lit, err := b.ruleLit(named)
		if err != nil {
			return "", fmt.Errorf("schema %s: %w", named.name, err)
		}
		r.Lit = lit
		b.api.Rules = append(b.api.Rules, r)
		return r.Var, nil
	}
	return b.ruleLit(s)
}

func (b *builder) ruleLit(s *schema) (string, error) {
	var parts []string
	if len(s.OneOf) > 0 {
		var alts []string
		for _, alt := range s.OneOf {
			r, err := b.ruleOf(alt)
			if err != nil {
				return "", err
			}
			alts = append(alts, r)
		}
		parts = append(parts, "oneOf: []*schemaRule{"+strings.Join(alts, ", ")+"}")
	}
	var kinds []string
	for _, t := range s.Type {
		kinds = append(kinds, "kind"+goName(t))
	}
	if len(kinds) > 0 {
		parts = append(parts, "kinds: "+strings.Join(kinds, " | "))
	}
	if s.Format != "" {
		parts = append(parts, "format: "+strconv.Quote(s.Format))
	}
	if s.MinLength != nil {
		parts = append(parts, "minLength: "+strconv.Itoa(*s.MinLength))
	}
	if s.MaxLength != nil {
		if *s.MaxLength == 0 {
			return "", fmt.Errorf("maxLength 0 is not supported")
		}
		parts = append(parts, "maxLength: "+strconv.Itoa(*s.MaxLength))
	}
	if s.Pattern != "" {
		parts = append(parts, "pattern: regexp.MustCompile("+strconv.Quote(s.Pattern)+")")
		b.api.UsesRegexp = true
	}
	if s.Example != nil {
		if ex, ok := s.Example.(string); ok {
			parts = append(parts, "example: "+strconv.Quote(ex))
		}
	}
	if s.Minimum != nil {
		parts = append(parts, "minimum: bound("+strconv.FormatFloat(*s.Minimum, 'g', -1, 64)+")")
	}
	if s.Maximum != nil {
		parts = append(parts, "maximum: bound("+strconv.FormatFloat(*s.Maximum, 'g', -1, 64)+")")
	}
	if s.MultipleOf != nil {
		if *s.MultipleOf != 1 {
			return "", fmt.Errorf("multipleOf %v is not supported (only 1, for a whole number)", *s.MultipleOf)
		}
		parts = append(parts, "whole: true")
	}
	if s.MaxProperties != nil {
		if *s.MaxProperties == 0 {
			return "", fmt.Errorf("maxProperties 0 is not supported")
		}
		parts = append(parts, "maxProperties: "+strconv.Itoa(*s.MaxProperties))
	}
	if len(s.Enum) > 0 {
		var vs []string
		for _, e := range s.Enum {
			vs = append(vs, strconv.Quote(e))
		}
		parts = append(parts, "enum: []string{"+strings.Join(vs, ", ")+"}")
	}
	if len(s.Properties.Keys) > 0 {
		var props []string
		for _, name := range s.Properties.Keys {
			r, err := b.ruleOf(s.Properties.Values[name])
			if err != nil {
				return "", fmt.Errorf("property %s: %w", name, err)
			}
			props = append(props, "{"+strconv.Quote(name)+", "+r+"}")
		}
		parts = append(parts, "properties: []property{\n"+strings.Join(props, ",\n")+",\n}")
	}
	if len(s.Required) > 0 {
		var rs []string
		for _, r := range s.Required {
			rs = append(rs, strconv.Quote(r))
		}
		parts = append(parts, "required: []string{"+strings.Join(rs, ", ")+"}")
	}
	if a := s.AdditionalProperties; a != nil {
		if !a.Allowed {
			parts = append(parts, "closed: true")
		} else if a.Schema != nil {
			r, err := b.ruleOf(a.Schema)
			if err != nil {
				return "", err
			}
			parts = append(parts, "additional: "+r)
		}
	}
	if s.PropertyNames != nil {
		r, err := b.ruleOf(s.PropertyNames)
		if err != nil {
			return "", err
		}
		parts = append(parts, "propertyNames: "+r)
	}
	if s.Items != nil {
		r, err := b.ruleOf(s.Items)
		if err != nil {
			return "", err
		}
		parts = append(parts, "items: "+r)
	}
	return "&schemaRule{" + strings.Join(parts, ", ") + "}", nil
}
