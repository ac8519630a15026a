package main

import (
	"fmt"
	"slices"
	"strings"
)

// goFile collects one Go file's code and the imports it uses.
type goFile struct {
	pkg     string
	imports map[string]bool
	b       strings.Builder
}

func newGoFile(pkg string) *goFile { return &goFile{pkg: pkg, imports: map[string]bool{}} }

// p writes one line of code, formatted.
func (f *goFile) p(format string, args ...any) {
	fmt.Fprintf(&f.b, format, args...)
	f.b.WriteByte('\n')
}

// doc writes a doc comment.
func (f *goFile) doc(text, indent string) {
	if text != "" {
		f.b.WriteString(comment(text, indent) + "\n")
	}
}

// bytes is the file's source, imports resolved from what the code uses.
func (f *goFile) bytes() []byte {
	code := f.b.String()
	var stmts strings.Builder // the code without its comments, to find the packages used
	for _, line := range strings.Split(code, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			stmts.WriteString(line + "\n")
		}
	}
	known := map[string]string{
		"context.":       "context",
		"errors.":        "errors",
		"http.":          "net/http",
		"json.":          "encoding/json",
		"url.":           "net/url",
		"strconv.":       "strconv",
		"time.":          "time",
		"utf8.":          "unicode/utf8",
		"apijson.":       "github.com/avara/avara-go/internal/apijson",
		"paging.":        "github.com/avara/avara-go/internal/paging",
		"paramjson.":     "github.com/avara/avara-go/internal/paramjson",
		"requestconfig.": "github.com/avara/avara-go/internal/requestconfig",
		"option.":        "github.com/avara/avara-go/option",
		"pagination.":    "github.com/avara/avara-go/packages/pagination",
		"param.":         "github.com/avara/avara-go/packages/param",
		"respjson.":      "github.com/avara/avara-go/packages/respjson",
	}
	for prefix, path := range known {
		if usesPackage(stmts.String(), prefix) {
			f.imports[path] = true
		}
	}
	var std, ours []string
	for p := range f.imports {
		if strings.Contains(p, ".") {
			ours = append(ours, p)
		} else {
			std = append(std, p)
		}
	}
	slices.Sort(std)
	slices.Sort(ours)
	var b strings.Builder
	b.WriteString("// " + header + "\n\npackage " + f.pkg + "\n\n")
	if len(std)+len(ours) > 0 {
		b.WriteString("import (\n")
		for _, p := range std {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
		b.WriteString("\n")
		for _, p := range ours {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
		b.WriteString(")\n\n")
	}
	b.WriteString(code)
	return []byte(b.String())
}

// usesPackage reports whether code refers to the package whose selector
// prefix is given ("json."), not merely to a name ending the same way.
func usesPackage(code, prefix string) bool {
	for i := strings.Index(code, prefix); i >= 0; {
		after := i + len(prefix)
		if (i == 0 || !isIdent(code[i-1]) && code[i-1] != '/') && after < len(code) && isIdent(code[after]) && code[after] != '.' {
			return true
		}
		j := strings.Index(code[i+1:], prefix)
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

func isIdent(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// emitClient writes services.go: the Client's service fields.
func emitClient(a *api) *goFile {
	f := newGoFile("avara")
	f.doc(a.ClientDoc, "")
	f.p("type Client struct {")
	for _, s := range a.Services {
		if s.Parent == nil {
			f.doc(s.Doc, "\t")
			f.p("\t%s %s", s.Field, s.Type)
		}
	}
	if a.WebhookSet != nil {
		f.p("\t// Webhooks verifies, decodes and answers the events Avara sends to your")
		f.p("\t// service (see WebhookService).")
		f.p("\tWebhooks WebhookService")
	}
	f.p("")
	f.p("\tbase clientBase")
	f.p("}")
	f.p("")
	f.p("// setServices points every service of c at c.")
	f.p("func (c *Client) setServices() {")
	var set func(s *service, path string)
	set = func(s *service, path string) {
		f.p("\t%s.client = c", path)
		for _, ch := range s.Children {
			set(ch, path+"."+ch.Field)
		}
	}
	for _, s := range a.Services {
		if s.Parent == nil {
			set(s, "c."+s.Field)
		}
	}
	if a.WebhookSet != nil {
		f.p("\tc.Webhooks.client = c")
	}
	f.p("}")
	return f
}

// emitService writes one service's file: the service, its methods, and the
// types first reached from it.
func emitService(a *api, s *service) *goFile {
	f := newGoFile("avara")
	f.doc(s.Doc, "")
	f.p("type %s struct {", s.Type)
	for _, ch := range s.Children {
		f.doc(ch.Doc, "\t")
		f.p("\t%s %s", ch.Field, ch.Type)
	}
	f.p("")
	f.p("\tclient *Client")
	f.p("}")
	f.p("")
	if len(s.Ops) > 0 {
		f.p("// The operations of %s, as the pipeline and its observers see them.", s.Type)
		f.p("var (")
		for _, o := range s.Ops {
			f.p("\t%s = &requestconfig.Operation{Name: %q, Method: %q, Route: %q}", o.Var, o.FullName, o.HTTPMethod, o.Route)
		}
		f.p(")")
		f.p("")
	}
	for _, o := range s.Ops {
		emitMethod(f, o)
	}
	for _, t := range s.Types {
		emitType(f, a, t)
	}
	return f
}

func (o *op) args() string {
	var parts []string
	parts = append(parts, "ctx context.Context")
	for _, p := range o.PathArgs {
		parts = append(parts, p.Arg+" string")
	}
	if o.Params != nil {
		parts = append(parts, "params "+o.Params.Name)
	}
	parts = append(parts, "opts ...option.RequestOption")
	return strings.Join(parts, ", ")
}

// pathExpr is the Go expression of the escaped path, without its leading
// slash: "v1/express/" + pathID(expressCustomerID) + "/users".
func (o *op) pathExpr() string {
	expr := `"` + strings.TrimPrefix(o.Route, "/") + `"`
	for _, p := range o.PathArgs {
		expr = strings.Replace(expr, "{"+p.Name+"}", `" + pathID(`+p.Arg+`) + "`, 1)
	}
	return strings.TrimSuffix(strings.TrimPrefix(expr, `"" + `), ` + ""`)
}

func emitMethod(f *goFile, o *op) {
	query, body := "nil", "nil"
	if o.Params != nil {
		if o.Query {
			query = "params.urlQuery()"
		} else {
			body = "params"
		}
	}
	checks := func(fail string) {
		for _, p := range o.PathArgs {
			f.p("\tif err := requireID(%s, %q, %s, %q); err != nil {", o.Var, p.Name, p.Arg, p.Example)
			f.p("\t\treturn %s", fail)
			f.p("\t}")
		}
		if o.Params != nil && len(o.Params.Checks) > 0 {
			f.p("\tif err := params.check(%s); err != nil {", o.Var)
			f.p("\t\treturn %s", fail)
			f.p("\t}")
		}
	}
	f.doc(o.Doc, "")
	switch {
	case o.Page != nil:
		pageType := "pagination." + o.Page.Name + "[" + o.Item.Name + "]"
		f.p("func (r *%s) %s(%s) (*%s, error) {", o.Service.Type, o.Name, o.args(), pageType)
		checks("nil, err")
		f.p("\tpage := new(%s)", pageType)
		f.p("\tcfg, err := r.client.newRequest(ctx, %s, %s, %s, %s, opts)", o.Var, o.pathExpr(), query, body)
		f.p("\tpage.Bind(cfg, err, %q, read%s)", o.Page.Cursor.JSON, o.Item.Name)
		f.p("\tif err := page.Fetch(ctx, page); err != nil {")
		f.p("\t\treturn nil, err")
		f.p("\t}")
		f.p("\treturn page, nil")
		f.p("}")
		f.p("")
		f.doc(o.Name+"AutoPaging walks every item of "+o.Name+", page after page, starting at the page the parameters ask for. No request is sent until the first call to Next or the first iteration of All.", "")
		f.p("func (r *%s) %sAutoPaging(%s) *pagination.AutoPager[%s] {", o.Service.Type, o.Name, o.args(), o.Item.Name)
		f.p("\tpage := new(%s)", pageType)
		for _, p := range o.PathArgs {
			f.p("\tif err := requireID(%s, %q, %s, %q); err != nil {", o.Var, p.Name, p.Arg, p.Example)
			f.p("\t\tpage.Bind(nil, err, %q, nil)", o.Page.Cursor.JSON)
			f.p("\t\treturn pagination.NewAutoPager(%s(page))", "pagination.Page["+o.Item.Name+"]")
			f.p("\t}")
		}
		if len(o.Params.Checks) > 0 {
			f.p("\tif err := params.check(%s); err != nil {", o.Var)
			f.p("\t\tpage.Bind(nil, err, %q, nil)", o.Page.Cursor.JSON)
			f.p("\t\treturn pagination.NewAutoPager(%s(page))", "pagination.Page["+o.Item.Name+"]")
			f.p("\t}")
		}
		f.p("\tcfg, err := r.client.newRequest(ctx, %s, %s, %s, %s, opts)", o.Var, o.pathExpr(), query, body)
		f.p("\tpage.Bind(cfg, err, %q, read%s)", o.Page.Cursor.JSON, o.Item.Name)
		f.p("\treturn pagination.NewAutoPager(%s(page))", "pagination.Page["+o.Item.Name+"]")
		f.p("}")
	case o.Result != nil && o.Result.Union:
		f.p("func (r *%s) %s(%s) (%s, error) {", o.Service.Type, o.Name, o.args(), o.Result.Name)
		checks("nil, err")
		f.p("\tvar res box%s", o.Result.Name)
		f.p("\tif err := send(r.client, ctx, %s, %s, %s, %s, opts, &res); err != nil {", o.Var, o.pathExpr(), query, body)
		f.p("\t\treturn nil, err")
		f.p("\t}")
		f.p("\treturn res.v, nil")
		f.p("}")
	case o.Result != nil:
		f.p("func (r *%s) %s(%s) (*%s, error) {", o.Service.Type, o.Name, o.args(), o.Result.Name)
		checks("nil, err")
		f.p("\treturn call[%s](r.client, ctx, %s, %s, %s, %s, opts)", o.Result.Name, o.Var, o.pathExpr(), query, body)
		f.p("}")
	default:
		f.p("func (r *%s) %s(%s) error {", o.Service.Type, o.Name, o.args())
		checks("err")
		f.p("\treturn send(r.client, ctx, %s, %s, %s, %s, opts, nil)", o.Var, o.pathExpr(), query, body)
		f.p("}")
	}
	f.p("")
}

func emitType(f *goFile, a *api, t *named) {
	switch {
	case t.Enum:
		emitEnum(f, t)
	case t.Union:
		emitUnion(f, a, t)
	case t.Param:
		emitParams(f, t)
	default:
		emitResponse(f, a, t)
	}
}

func emitEnum(f *goFile, t *named) {
	f.doc(t.Doc+" A value this SDK version has no constant for is kept as received.", "")
	f.p("type %s string", t.Name)
	f.p("")
	f.p("// The values of %s the API documents.", t.Name)
	f.p("const (")
	for _, v := range t.Values {
		f.p("\t%s %s = %q", v.Const, t.Name, v.Value)
	}
	f.p(")")
	f.p("")
}

// responseDoc is a response field's doc: what a zero value means.
func responseDoc(fl *field) string {
	doc := fl.Doc
	switch {
	case fl.Nullable:
		doc = sentences(doc, "It is the zero value, and JSON."+fl.Name+".IsNull() reports true, when the server sends null")
	case !fl.Required:
		doc = sentences(doc, "It is the zero value, and JSON."+fl.Name+".IsPresent() reports false, when the server leaves it out")
	}
	return doc
}

func emitResponse(f *goFile, a *api, t *named) {
	f.doc(t.Doc, "")
	f.p("type %s struct {", t.Name)
	for _, fl := range t.Fields {
		f.doc(responseDoc(fl), "\t")
		f.p("\t%s %s `json:\"%s\"`", fl.Name, fl.Type, fl.JSON)
	}
	emitJSONMeta(f, t.Fields)
	f.p("}")
	f.p("")
	for _, u := range a.Types {
		if u.Union && slices.Contains(u.Variants, t) {
			f.p("func (*%s) is%s() {}", t.Name, u.Name)
			f.p("")
		}
		if u.Union && u.Unknown == t {
			f.p("func (*%s) is%s() {}", t.Name, u.Name)
			f.p("")
		}
	}
	emitRead(f, "read"+t.Name, "", t.Name, "", t.Fields)
	f.p("// RawJSON returns the JSON the value was decoded from, exactly as received;")
	f.p("// \"\" for a value built in code.")
	f.p("func (r %s) RawJSON() string { return r.JSON.raw }", t.Name)
	f.p("")
	f.p("// UnmarshalJSON decodes data in one pass, with the same field metadata as a")
	f.p("// response: a field of the wrong type is recorded in JSON, not returned as")
	f.p("// an error, and data that is not a JSON object is an error.")
	f.p("func (r *%s) UnmarshalJSON(data []byte) error {", t.Name)
	f.p("\treturn apijson.Unmarshal(data, r, read%s)", t.Name)
	f.p("}")
	f.p("")
	emitMarshal(f, t.Name, t.Fields)
}

// emitJSONMeta writes the JSON member of a response type: each field's
// metadata, the unknown fields, and the text it was decoded from.
func emitJSONMeta(f *goFile, fields []*field) {
	f.p("\t// JSON tells, for each field, whether it was present, null, or of an")
	f.p("\t// unexpected type, and keeps the fields this SDK version does not know.")
	f.p("\tJSON struct {")
	for _, fl := range fields {
		f.p("\t\t%s respjson.Field", fl.Name)
	}
	f.p("\t\tExtraFields map[string]respjson.Field")
	f.p("\t\traw string")
	f.p("\t} `json:\"-\"`")
}

// emitRead writes fn, the decode function of the object type typ (with its
// type parameters tp, "" or "[T any]"): reset, if any, empties r first (a
// response type is decoded into zero memory and needs none), then each
// member is decoded by its field's kind, and unknown ones are kept.
func emitRead(f *goFile, fn, tp, typ, reset string, fields []*field) {
	f.p("func %s%s(r *%s, d *apijson.Decoder) respjson.Field {", fn, tp, typ)
	if reset != "" {
		f.p("\t%s", reset)
	}
	f.p("\tstart, ok := d.Object()")
	f.p("\tif !ok {")
	f.p("\t\treturn d.NotObject(start)")
	f.p("\t}")
	f.p("\tfor key, more := d.Key(); more; key, more = d.Key() {")
	f.p("\t\tswitch key {")
	for _, fl := range fields {
		f.p("\t\tcase %q:", fl.JSON)
		f.p("\t\t\tr.JSON.%s = %s", fl.Name, fl.Kind.decode("&r."+fl.Name))
	}
	f.p("\t\tdefault:")
	f.p("\t\t\tapijson.Extra(&r.JSON.ExtraFields, key, d)")
	f.p("\t\t}")
	f.p("\t}")
	f.p("\tr.JSON.raw = d.Since(start)")
	f.p("\treturn d.Field(start)")
	f.p("}")
	f.p("")
}

// emitMarshal writes the MarshalJSON of the response type typ.
func emitMarshal(f *goFile, typ string, fields []*field) {
	f.p("// MarshalJSON encodes the value. A decoded one survives the round trip:")
	f.p("// fields that were missing stay missing, nulls stay null, unknown fields are")
	f.p("// kept, and fields changed since are written as changed. One built in code")
	f.p("// is written as encoding/json writes its fields, zero values included.")
	f.p("func (r %s) MarshalJSON() ([]byte, error) {", typ)
	f.p("\tw := apijson.NewWriter(r.JSON.raw != \"\")")
	for _, fl := range fields {
		f.p("\t%s", fl.Kind.encode(fl.JSON, "r."+fl.Name, "r.JSON."+fl.Name))
	}
	f.p("\tw.Extras(r.JSON.ExtraFields)")
	f.p("\treturn w.Bytes()")
	f.p("}")
	f.p("")
}

func emitUnion(f *goFile, a *api, t *named) {
	var names []string
	for _, v := range t.Variants {
		names = append(names, "*"+v.Name)
	}
	f.doc(sentences(t.Doc, t.Name+" is one of "+strings.Join(names, ", ")+", or *"+t.Unknown.Name+" for a kind this SDK version does not know; switch on its concrete type"), "")
	f.p("type %s interface {", t.Name)
	f.p("\tis%s()", t.Name)
	f.p("\t// RawJSON returns the JSON the value was decoded from, exactly as received.")
	f.p("\tRawJSON() string")
	f.p("}")
	f.p("")
	f.p("// read%s decodes the variant the object names%s.", t.Name, map[bool]string{true: " in its " + t.Tag + " member", false: " by the members it has"}[t.Tag != ""])
	f.p("func read%s(r *%s, d *apijson.Decoder) respjson.Field {", t.Name, t.Name)
	f.p("\tif d.Peek() != apijson.KindObject {")
	f.p("\t\t*r = nil")
	f.p("\t\treturn d.NotObject(d.Mark())")
	f.p("\t}")
	variant := func(v *named) {
		f.p("\t\tv := new(%s)", v.Name)
		f.p("\t\tfield := read%s(v, d)", v.Name)
		f.p("\t\t*r = v")
		f.p("\t\treturn field")
	}
	if t.Tag != "" {
		f.p("\tswitch d.PeekString(%q) {", t.Tag)
		for i, v := range t.Variants {
			f.p("\tcase %q:", t.Tags[i])
			variant(v)
		}
	} else {
		// The variant with the most required members that are all there.
		order := slices.Clone(t.Variants)
		slices.SortStableFunc(order, func(x, y *named) int { return len(y.Schema.Required) - len(x.Schema.Required) })
		f.p("\tswitch {")
		for _, v := range order {
			var keys []string
			for _, k := range v.Schema.Required {
				keys = append(keys, fmt.Sprintf("%q", k))
			}
			f.p("\tcase d.HasMembers(%s):", strings.Join(keys, ", "))
			variant(v)
		}
	}
	f.p("\t}")
	f.p("\tv := new(%s)", t.Unknown.Name)
	f.p("\tfield := read%s(v, d)", t.Unknown.Name)
	f.p("\t*r = v")
	f.p("\treturn field")
	f.p("}")
	f.p("")
	f.p("// box%s receives a %s from the pipeline.", t.Name, t.Name)
	f.p("type box%s struct{ v %s }", t.Name, t.Name)
	f.p("")
	f.p("func (b *box%s) UnmarshalJSON(data []byte) error {", t.Name)
	f.p("\treturn apijson.Unmarshal(data, &b.v, read%s)", t.Name)
	f.p("}")
	f.p("")
}

// emitParams writes a params type: encoded by encoding/json through a
// shadow type, with the extra fields merged in.
func emitParams(f *goFile, t *named) {
	f.doc(t.Doc, "")
	f.p("type %s struct {", t.Name)
	var keys []string
	for _, fl := range t.Fields {
		doc := fl.Doc
		switch {
		case fl.Required && !fl.Opt:
			doc = sentences(doc, "It is required")
		case fl.Opt && fl.Nullable:
			doc = sentences(doc, "param.Null sends it as null")
		case !fl.Opt:
			doc = sentences(doc, "It is left out when empty")
		}
		f.doc(doc, "\t")
		tags := fl.JSON
		if !fl.Required || fl.Opt {
			tags += ",omitzero"
		}
		f.p("\t%s %s `json:\"%s\"`", fl.Name, fl.Type, tags)
		keys = append(keys, fmt.Sprintf("%q", fl.JSON))
	}
	f.p("")
	f.p("\textras paramjson.Extras")
	f.p("}")
	f.p("")
	where := ""
	if t.Query {
		where = " in the query string"
	}
	f.p("// SetExtraFields sets fields this SDK version does not model yet, sent beside")
	f.p("// the typed ones%s: a key that is also a typed field's replaces it on the", where)
	f.p("// wire. Values are encoded with encoding/json, and a json.RawMessage is sent")
	f.p("// as it is.")
	f.p("func (r *%s) SetExtraFields(fields map[string]any) { r.extras.SetExtraFields(fields) }", t.Name)
	f.p("")
	f.p("// ExtraFields returns the fields set with SetExtraFields, or the unknown")
	f.p("// fields UnmarshalJSON kept.")
	f.p("func (r %s) ExtraFields() map[string]any { return r.extras.ExtraFields() }", t.Name)
	f.p("")
	f.p("// MarshalJSON encodes the params, extra fields included.")
	f.p("func (r %s) MarshalJSON() ([]byte, error) {", t.Name)
	f.p("\ttype shadow %s", t.Name)
	f.p("\treturn paramjson.Marshal(shadow(r), r.extras)")
	f.p("}")
	f.p("")
	f.p("// UnmarshalJSON decodes params, keeping unknown fields as extra fields.")
	f.p("func (r *%s) UnmarshalJSON(data []byte) error {", t.Name)
	f.p("\ttype shadow %s", t.Name)
	f.p("\treturn paramjson.Unmarshal(data, (*shadow)(r), &r.extras, %s)", strings.Join(keys, ", "))
	f.p("}")
	f.p("")
	if len(t.Checks) > 0 && t.Service != nil && isOpParams(t) {
		f.p("// check makes the checks openapi.yml declares that need no server, before")
		f.p("// anything is sent.")
		f.p("func (r %s) check(op *requestconfig.Operation) error {", t.Name)
		for _, c := range t.Checks {
			f.p("\tif %s {", c.Cond)
			f.p("\t\treturn invalidParams(op, %q, %q)", c.Field, c.Rule)
			f.p("\t}")
		}
		f.p("\treturn nil")
		f.p("}")
		f.p("")
	}
	if t.Query {
		f.p("// urlQuery is the query string of the params: set fields, lists joined with")
		f.p("// commas, then the extra fields, which replace typed fields of the same key.")
		f.p("func (r %s) urlQuery() url.Values {", t.Name)
		f.p("\tq := url.Values{}")
		for _, fl := range t.Fields {
			switch {
			case fl.Opt && fl.Nullable:
				f.p("\tif v, ok := r.%s.Value(); ok {", fl.Name)
				f.p("\t\tq.Set(%q, %s)", fl.JSON, fl.Kind.query("v"))
				f.p("\t} else if r.%s.IsNull() {", fl.Name)
				f.p("\t\tq.Set(%q, \"null\")", fl.JSON)
				f.p("\t}")
			case fl.Opt:
				f.p("\tif v, ok := r.%s.Value(); ok {", fl.Name)
				f.p("\t\tq.Set(%q, %s)", fl.JSON, fl.Kind.query("v"))
				f.p("\t}")
			case !fl.Required:
				f.p("\tif len(r.%s) > 0 {", fl.Name)
				f.p("\t\tq.Set(%q, %s)", fl.JSON, fl.Kind.query("r."+fl.Name))
				f.p("\t}")
			default:
				f.p("\tq.Set(%q, %s)", fl.JSON, fl.Kind.query("r."+fl.Name))
			}
		}
		f.p("\tsetExtras(q, r.extras.ExtraFields())")
		f.p("\treturn q")
		f.p("}")
		f.p("")
	}
}

// isOpParams reports whether t is an operation's params type (whose checks
// the method runs), not a nested object.
func isOpParams(t *named) bool {
	for _, o := range t.Service.Ops {
		if o.Params == t {
			return true
		}
	}
	return false
}

// emitWebhooks writes webhook_events.go: the types reached only from the
// webhooks, and the handlers' table.
func emitWebhooks(a *api) *goFile {
	f := newGoFile("avara")
	for _, t := range a.Types {
		if t.Service == nil {
			emitType(f, a, t)
		}
	}
	if a.WebhookSet == nil {
		return f
	}
	f.p("// decodeWebhookEvent decodes one payload by its type. A payload that is not")
	f.p("// a JSON object is an error; a type this SDK version does not know is an")
	f.p("// *%s, never an error.", a.WebhookSet.Unknown.Name)
	f.p("func decodeWebhookEvent(payload []byte) (%s, error) {", a.WebhookSet.Name)
	f.p("\tvar event %s", a.WebhookSet.Name)
	f.p("\tif err := apijson.Unmarshal(payload, &event, read%s); err != nil {", a.WebhookSet.Name)
	f.p("\t\treturn nil, err")
	f.p("\t}")
	f.p("\tif event == nil {")
	f.p("\t\treturn nil, errors.New(\"the payload is null\")")
	f.p("\t}")
	f.p("\treturn event, nil")
	f.p("}")
	f.p("")
	f.p("// WebhookHandlers holds one optional function per event type, for")
	f.p("// WebhookService.Handler. Each gets the request's context and the decoded")
	f.p("// event, and returns the answer Avara expects for it, or an error.")
	f.p("type WebhookHandlers struct {")
	for _, w := range a.Webhooks {
		f.doc(fmt.Sprintf("%s handles %q events.", w.Name, w.Type), "\t")
		f.p("\t%s func(ctx context.Context, event *%s) (*%s, error)", w.Name, w.Event.Name, w.Response.Name)
	}
	f.p("}")
	f.p("")
	f.p("// dispatch calls the function for event's type. found is false when the")
	f.p("// event is of an unknown type or its function is nil; response is nil when")
	f.p("// the function returned none.")
	f.p("func (h *WebhookHandlers) dispatch(ctx context.Context, event %s) (response json.Marshaler, found bool, err error) {", a.WebhookSet.Name)
	f.p("\tswitch e := event.(type) {")
	for _, w := range a.Webhooks {
		f.p("\tcase *%s:", w.Event.Name)
		f.p("\t\tif h.%s == nil {", w.Name)
		f.p("\t\t\treturn nil, false, nil")
		f.p("\t\t}")
		f.p("\t\tres, err := h.%s(ctx, e)", w.Name)
		f.p("\t\tif res == nil {")
		f.p("\t\t\treturn nil, true, err")
		f.p("\t\t}")
		f.p("\t\treturn res, true, err")
	}
	f.p("\t}")
	f.p("\treturn nil, false, nil")
	f.p("}")
	f.p("")
	return f
}

// emitPages writes packages/pagination/pages.go.
func emitPages(a *api) *goFile {
	f := newGoFile("pagination")
	for _, pg := range a.Pages {
		n := pg.Name
		fields := pg.fields()
		f.doc(pg.Doc, "")
		f.p("type %s[T any] struct {", n)
		f.doc(pg.Items.Doc, "\t")
		f.p("\t%s []T `json:\"%s\"`", pg.Items.Name, pg.Items.JSON)
		f.doc(pg.HasMore.Doc, "\t")
		f.p("\t%s bool `json:\"%s\"`", pg.HasMore.Name, pg.HasMore.JSON)
		f.doc(sentences(pg.Cursor.Doc, "It is empty when the server sent none or null"), "\t")
		f.p("\t%s string `json:\"%s\"`", pg.Cursor.Name, pg.Cursor.JSON)
		emitJSONMeta(f, fields)
		f.p("")
		f.p("\tstate[T]")
		f.p("}")
		f.p("")
		f.p("func (r *%s[T]) items() []T { return r.%s }", n, pg.Items.Name)
		f.p("")
		f.p("func (r *%s[T]) following(ctx context.Context) (Page[T], error) {", n)
		f.p("\tnext, err := r.next(ctx)")
		f.p("\tif next == nil {")
		f.p("\t\treturn nil, err")
		f.p("\t}")
		f.p("\treturn next, err")
		f.p("}")
		f.p("")
		f.p("func (r *%s[T]) fetchFirst() error { return r.Fetch(r.Context(), r) }", n)
		f.p("")
		f.p("func (r *%s[T]) pageState() *paging.State[T] { return &r.state }", n)
		f.p("")
		f.p("func (r *%s[T]) next(ctx context.Context) (*%s[T], error) {", n, n)
		f.p("\tnext := new(%s[T])", n)
		f.p("\tif err := r.Follow(&next.state, r.%s, r.%s, %q); err != nil {", pg.HasMore.Name, pg.Cursor.Name, pg.Cursor.JSON)
		f.p("\t\treturn nil, err")
		f.p("\t}")
		f.p("\tif err := next.Fetch(ctx, next); err != nil {")
		f.p("\t\treturn nil, err")
		f.p("\t}")
		f.p("\treturn next, nil")
		f.p("}")
		f.p("")
		f.p("// GetNextPage fetches the page after this one with the first request's")
		f.p("// options and query (the page size included) and this page's %s. It", pg.Cursor.Name)
		f.p("// returns nil, nil when there is no next page: %s is false, %s is", pg.HasMore.Name, pg.Cursor.Name)
		f.p("// empty, the server handed back a cursor already used in this walk, or")
		f.p("// this page was not fetched by a List method. AutoPager reports the last")
		f.p("// two of these as errors (ErrCursorRepeated, ErrNoCursor).")
		f.p("func (r *%s[T]) GetNextPage() (*%s[T], error) {", n, n)
		f.p("\tnext, err := r.next(r.Context())")
		f.p("\treturn next, ignoreEnd(err)")
		f.p("}")
		f.p("")
		emitRead(f, "read"+n, "[T any]", n+"[T]", "*r = "+n+"[T]{state: r.state}", fields)
		f.p("// RawJSON returns the page's JSON exactly as received, \"\" for a page built")
		f.p("// in code.")
		f.p("func (r %s[T]) RawJSON() string { return r.JSON.raw }", n)
		f.p("")
		f.p("// UnmarshalJSON decodes a page, for example one stored earlier, in one pass,")
		f.p("// with the same items and metadata as a page from List; a page decoded this")
		f.p("// way cannot fetch the next.")
		f.p("func (r *%s[T]) UnmarshalJSON(data []byte) error {", n)
		f.p("\tif err := apijson.UnmarshalOnto(data, r, read%s[T]); err != nil {", n)
		f.p("\t\treturn err")
		f.p("\t}")
		f.p("\treturn r.ItemsErr()")
		f.p("}")
		f.p("")
		emitMarshal(f, n+"[T]", fields)
	}
	return f
}
