package avaratest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The fake's request validation. Its rules are openapi.yml's, compiled
// from the embedded document when the package loads: every request is
// checked against its operation's parameters and body before the fake acts
// on it, so the fake refuses what the API refuses, each with a 400 (415 for
// a body that is not JSON) whose param names the field and whose message
// says the rule. The same compiled schemas shape every answer (build.go).

// maxQuoted bounds how much of a caller's input is quoted in a message.
const maxQuoted = 60

// kind is a set of JSON types.
type kind uint8

const (
	kindNull kind = 1 << iota
	kindBoolean
	kindInteger
	kindNumber
	kindString
	kindObject
	kindArray
)

// schemaRule is one JSON Schema of openapi.yml, compiled. Zero fields are
// constraints the schema does not have.
type schemaRule struct {
	name          string // the components name, for a named schema
	kinds         kind
	oneOf         []*schemaRule // oneOf and anyOf alike: the fake needs one alternative to hold
	format        string
	minLength     int
	maxLength     int
	pattern       *regexp.Regexp
	example       string
	minimum       *float64
	maximum       *float64
	whole         bool // multipleOf: 1, a number with an integral value (2 and 2.0, not 2.5)
	maxProperties int
	maxItems      int
	enum          []string
	properties    []*property
	required      []string
	closed        bool // additionalProperties: false
	additional    *schemaRule
	propertyNames *schemaRule
	items         *schemaRule
	hint          schemaHint
}

type property struct {
	name string
	rule *schemaRule
	hint propHint
}

func (r *schemaRule) property(name string) *property {
	if r == nil {
		return nil
	}
	for _, p := range r.properties {
		if p.name == name {
			return p
		}
	}
	return nil
}

// walkProps calls f for every property of r and of the objects inside it.
func (r *schemaRule) walkProps(f func(*property)) {
	seen := map[*schemaRule]bool{}
	var walk func(*schemaRule)
	walk = func(r *schemaRule) {
		if r == nil || seen[r] {
			return
		}
		seen[r] = true
		for _, p := range r.properties {
			f(p)
			walk(p.rule)
		}
		for _, alt := range r.oneOf {
			walk(alt)
		}
		walk(r.items)
		walk(r.additional)
	}
	walk(r)
}

// nullable reports whether null is a value r accepts.
func (r *schemaRule) nullable() bool { return r.allKinds()&kindNull != 0 }

// isMap reports whether r is an object of free keys, such as metadata,
// which a write replaces whole rather than merging.
func (r *schemaRule) isMap() bool { return len(r.properties) == 0 && r.additional != nil }

// alternative returns the alternative of r (r itself when it has none)
// whose types include v's.
func (r *schemaRule) alternative(v any) *schemaRule {
	if len(r.oneOf) == 0 {
		return r
	}
	k := kindOf(v)
	for _, alt := range r.oneOf {
		if alt.allKinds()&k != 0 {
			return alt.alternative(v)
		}
	}
	return nil
}

var typeKinds = map[string]kind{
	"null": kindNull, "boolean": kindBoolean, "integer": kindInteger, "number": kindNumber,
	"string": kindString, "object": kindObject, "array": kindArray,
}

// rule compiles one schema. A $ref to a named schema compiles it once; its
// siblings (a description, an example) are not rules.
func (c *compiler) rule(raw map[string]any) *schemaRule {
	if raw == nil {
		return &schemaRule{}
	}
	if ref, ok := raw["$ref"].(string); ok {
		name, ok := strings.CutPrefix(ref, "#/components/schemas/")
		if !ok {
			panic("avaratest: openapi.json: unsupported $ref " + ref)
		}
		if r := c.named[name]; r != nil {
			return r
		}
		raw := obj(c.schemas[name])
		if raw == nil {
			panic("avaratest: openapi.json: no schema " + name)
		}
		r := &schemaRule{name: name}
		c.named[name] = r // before compiling, so that a schema may refer to itself
		*r = *c.compile(raw)
		r.name = name
		decodeHint("schema "+name, raw["x-avaratest"], &r.hint)
		return r
	}
	return c.compile(raw)
}

func (c *compiler) compile(raw map[string]any) *schemaRule {
	r := &schemaRule{}
	switch t := raw["type"].(type) {
	case string:
		r.kinds = typeKinds[t]
	case []any:
		for _, n := range t {
			r.kinds |= typeKinds[str(n)]
		}
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		for _, alt := range asList(raw[key]) {
			r.oneOf = append(r.oneOf, c.rule(obj(alt)))
		}
	}
	r.format = str(raw["format"])
	r.minLength = intOf(raw["minLength"])
	r.maxLength = intOf(raw["maxLength"])
	r.maxProperties = intOf(raw["maxProperties"])
	r.maxItems = intOf(raw["maxItems"])
	if p := str(raw["pattern"]); p != "" {
		r.pattern = regexp.MustCompile(p)
	}
	r.example = str(raw["example"])
	if f, ok := floatOf(raw["minimum"]); ok {
		r.minimum = bound(f)
	}
	if f, ok := floatOf(raw["maximum"]); ok {
		r.maximum = bound(f)
	}
	if f, ok := floatOf(raw["multipleOf"]); ok {
		if f != 1 {
			panic(fmt.Sprintf("avaratest: openapi.json: multipleOf %v: only 1 is supported", f))
		}
		r.whole = true
	}
	for _, e := range asList(raw["enum"]) {
		r.enum = append(r.enum, fmt.Sprint(e))
	}
	props := obj(raw["properties"])
	for _, name := range mapsKeys(props) {
		p := &property{name: name, rule: c.rule(obj(props[name]))}
		decodeHint("property "+name, obj(props[name])["x-avaratest"], &p.hint)
		r.properties = append(r.properties, p)
	}
	for _, n := range asList(raw["required"]) {
		r.required = append(r.required, str(n))
	}
	switch ap := raw["additionalProperties"].(type) {
	case bool:
		r.closed = !ap
	case map[string]any:
		r.additional = c.rule(ap)
	}
	if pn := obj(raw["propertyNames"]); pn != nil {
		r.propertyNames = c.rule(pn)
	}
	if it := obj(raw["items"]); it != nil {
		r.items = c.rule(it)
	}
	return r
}

func intOf(v any) int {
	f, _ := floatOf(v)
	return int(f)
}

func floatOf(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := n.Float64()
	return f, err == nil
}

func bound(v float64) *float64 { return &v }

// request is a request that passed its operation's rules: what a handler
// reads.
type request struct {
	*http.Request
	op    *operation
	path  map[string]string // path parameters by name
	query url.Values
	body  object // nil when the operation takes no body
}

// object is a JSON object of a request body, decoded with numbers kept as
// they were written.
type object map[string]any

// validate checks r, whose body has been read, against op's rules.
func validate(op *operation, r *http.Request, pathParams map[string]string, body []byte) (*request, *apiError) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, invalid("query", "malformed query string")
	}
	for _, p := range op.params {
		var values []string
		switch p.in {
		case "path":
			values = []string{pathParams[p.name]}
		case "query":
			values = q[p.name]
		case "header":
			values = r.Header.Values(p.name)
		}
		switch {
		case len(values) == 0 && p.required:
			return nil, invalid(p.name, "is required")
		case len(values) == 0:
			continue
		case len(values) > 1:
			return nil, invalid(p.name, "given %d times; give it once", len(values))
		}
		if e := p.rule.checkParam(p.name, values[0]); e != nil {
			return nil, e
		}
	}
	req := &request{Request: r, op: op, path: pathParams, query: q}
	if e := checkBody(op, r, body, req); e != nil {
		return nil, e
	}
	return req, nil
}

func checkBody(op *operation, r *http.Request, body []byte, req *request) *apiError {
	empty := len(bytes.TrimSpace(body)) == 0
	switch {
	case op.body == nil && !empty:
		return invalid(paramBody, "this operation takes no body")
	case op.body == nil:
		return nil
	case empty && op.body.required:
		return invalid(paramBody, "is required: send a JSON object")
	case empty:
		req.body = object{}
		return nil
	}
	if ct := r.Header.Get("Content-Type"); !isJSON(ct) {
		got := "none"
		if ct != "" {
			got = strconv.Quote(clip(ct, maxQuoted))
		}
		return &apiError{status: http.StatusUnsupportedMediaType, typ: typeInvalidRequest, param: "Content-Type",
			message: "Content-Type: must be application/json, got " + got}
	}
	v, e := decodeJSON(body)
	if e != nil {
		return e
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return invalid(paramBody, "must be a JSON object, got %s", kindOf(v).describe())
	}
	if e := op.body.rule.check("", obj); e != nil {
		return e
	}
	req.body = obj
	return nil
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

// decodeJSON decodes a request body, numbers as they were written.
func decodeJSON(body []byte) (any, *apiError) {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, invalid(paramBody, "malformed JSON at byte %d: %s", syn.Offset, syn.Error())
		}
		return nil, invalid(paramBody, "malformed JSON: %s", err.Error())
	}
	if d.More() {
		return nil, invalid(paramBody, "malformed JSON: more than one value")
	}
	return v, nil
}

// kindOf is the JSON type of a decoded value; a number that denotes an
// integer is both an integer and a number.
func kindOf(v any) kind {
	switch v := v.(type) {
	case nil:
		return kindNull
	case bool:
		return kindBoolean
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(v)); ok && r.IsInt() {
			return kindInteger | kindNumber
		}
		return kindNumber
	case string:
		return kindString
	case map[string]any:
		return kindObject
	case []any:
		return kindArray
	}
	return 0
}

func (k kind) describe() string {
	var names []string
	for _, n := range []struct {
		k    kind
		name string
	}{
		{kindObject, "an object"}, {kindArray, "an array"}, {kindString, "a string"},
		{kindInteger, "an integer"}, {kindNumber, "a number"}, {kindBoolean, "a boolean"}, {kindNull, "null"},
	} {
		if k&n.k != 0 && !(n.k == kindNumber && k&kindInteger != 0) {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, " or ")
}

// check validates v, found at path (a top-level field, or "" for the body
// itself), and names the top-level field as the error's param.
func (r *schemaRule) check(path string, v any) *apiError {
	if len(r.oneOf) > 0 {
		// The alternatives whose types fit decide; of several, any one
		// holding is enough, and the first one's complaint is reported.
		var first *apiError
		matched := false
		for _, alt := range r.oneOf {
			if alt.allKinds() != 0 && alt.allKinds()&kindOf(v) == 0 {
				continue
			}
			matched = true
			e := alt.check(path, v)
			if e == nil {
				return r.checkOwn(path, v)
			}
			if first == nil {
				first = e
			}
		}
		if !matched {
			return r.fail(path, "must be %s, got %s", r.allKinds().describe(), kindOf(v).describe())
		}
		return first
	}
	return r.checkOwn(path, v)
}

// checkOwn checks the constraints of r itself, leaving out its
// alternatives.
func (r *schemaRule) checkOwn(path string, v any) *apiError {
	if r.kinds != 0 && r.kinds&kindOf(v) == 0 {
		return r.fail(path, "must be %s, got %s", r.kinds.describe(), kindOf(v).describe())
	}
	switch v := v.(type) {
	case string:
		return r.checkString(path, v)
	case json.Number:
		return r.checkNumber(path, string(v))
	case map[string]any:
		return r.checkObject(path, v)
	case []any:
		if r.maxItems > 0 && len(v) > r.maxItems {
			return r.fail(path, "at most %d items allowed, got %d", r.maxItems, len(v))
		}
		for i, item := range v {
			if r.items != nil {
				if e := r.items.check(fmt.Sprintf("%s[%d]", path, i), item); e != nil {
					return e
				}
			}
		}
	}
	return nil
}

func (r *schemaRule) allKinds() kind {
	if len(r.oneOf) == 0 {
		return r.kinds
	}
	var k kind
	for _, alt := range r.oneOf {
		k |= alt.allKinds()
	}
	return k
}

// checkParam validates a parameter's value, which comes as text: an array
// is its items joined by commas (the spec's style: form, explode: false),
// and null is written null where the schema allows it.
func (r *schemaRule) checkParam(name, s string) *apiError {
	if alt := r.textAlternative(s); alt != nil {
		r = alt
	}
	if r.kinds&kindArray != 0 && r.items != nil {
		items := strings.Split(s, ",")
		if r.maxItems > 0 && len(items) > r.maxItems {
			return r.fail(name, "at most %d items allowed, got %d", r.maxItems, len(items))
		}
		for _, item := range items {
			if e := r.items.checkParam(name, item); e != nil {
				return e
			}
		}
		return nil
	}
	return r.checkText(name, s)
}

// textAlternative picks the alternative of r a parameter's text is meant
// for: null for "null", otherwise the first that is not null.
func (r *schemaRule) textAlternative(s string) *schemaRule {
	if len(r.oneOf) == 0 {
		return nil
	}
	for _, alt := range r.oneOf {
		if s == "null" && alt.allKinds() == kindNull || s != "null" && alt.allKinds() != kindNull {
			return alt
		}
	}
	return r.oneOf[0]
}

// checkText validates a parameter's value, which comes as text: an integer
// parameter must be a plain decimal integer ("1e2" and "50.0" are refused
// rather than guessed at), a boolean true or false.
func (r *schemaRule) checkText(name, s string) *apiError {
	if r.kinds&kindNull != 0 && s == "null" {
		return nil
	}
	if r.kinds&kindBoolean != 0 && r.kinds&kindString == 0 {
		if s != "true" && s != "false" {
			return r.fail(name, "must be true or false, got %q", clip(s, maxQuoted))
		}
		return nil
	}
	if r.kinds&(kindInteger|kindNumber) != 0 && r.kinds&kindString == 0 {
		if _, err := strconv.ParseInt(s, 10, 64); err != nil && r.kinds&kindNumber == 0 {
			return r.fail(name, "must be an integer%s, got %q", r.rangeText(), clip(s, maxQuoted))
		}
		return r.checkNumber(name, s)
	}
	return r.checkString(name, s)
}

func (r *schemaRule) checkString(path, s string) *apiError {
	n := utf8.RuneCountInString(s)
	switch {
	case n < r.minLength:
		return r.fail(path, "must be at least %d character%s", r.minLength, plural(r.minLength))
	case r.maxLength > 0 && n > r.maxLength:
		return r.fail(path, "must be at most %d characters, got %d", r.maxLength, n)
	case r.pattern != nil && !r.pattern.MatchString(s):
		hint := ""
		if r.example != "" {
			hint = ", such as " + r.example
		}
		return r.fail(path, "must match %s%s; got %q", r.pattern, hint, clip(s, maxQuoted))
	case len(r.enum) > 0 && !slices.Contains(r.enum, s):
		return r.fail(path, "must be one of %s, got %q", strings.Join(r.enum, ", "), clip(s, maxQuoted))
	case !formatHolds(r.format, s):
		return r.fail(path, "must be a %s, got %q", r.format, clip(s, maxQuoted))
	}
	return nil
}

// uuidText is RFC 9562's textual form, in either case.
var uuidText = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// formatHolds reports whether s has the given JSON Schema format. The
// formats openapi.yml uses are checked, but email, which only the server
// that sends mail can judge; any other is an annotation, as JSON Schema's
// default vocabulary treats it, and holds.
func formatHolds(format, s string) bool {
	switch format {
	case "date-time":
		_, err := time.Parse(time.RFC3339Nano, s)
		return err == nil
	case "uuid":
		return uuidText.MatchString(s)
	case "date":
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	case "uri":
		u, err := url.Parse(s)
		return err == nil && u.IsAbs() && u.Host != ""
	}
	return true
}

func (r *schemaRule) checkNumber(path, s string) *apiError {
	v, ok := new(big.Rat).SetString(s)
	if !ok {
		return r.fail(path, "must be a number, got %q", clip(s, maxQuoted))
	}
	what := "a number"
	switch {
	case r.kinds&kindInteger != 0:
		what = "an integer"
	case r.whole:
		what = "a whole number"
	}
	if r.whole && !v.IsInt() ||
		r.minimum != nil && v.Cmp(new(big.Rat).SetFloat64(*r.minimum)) < 0 ||
		r.maximum != nil && v.Cmp(new(big.Rat).SetFloat64(*r.maximum)) > 0 {
		return r.fail(path, "must be %s%s, got %q", what, r.rangeText(), clip(s, maxQuoted))
	}
	return nil
}

func (r *schemaRule) rangeText() string {
	num := func(f *float64) string { return strconv.FormatFloat(*f, 'g', -1, 64) }
	switch {
	case r.minimum != nil && r.maximum != nil:
		return " between " + num(r.minimum) + " and " + num(r.maximum)
	case r.minimum != nil:
		return " of at least " + num(r.minimum)
	case r.maximum != nil:
		return " of at most " + num(r.maximum)
	}
	return ""
}

func (r *schemaRule) checkObject(path string, obj map[string]any) *apiError {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // so that the error is the same on every run
	known := func(k string) *schemaRule {
		for _, p := range r.properties {
			if p.name == k {
				return p.rule
			}
		}
		return nil
	}
	if r.closed {
		for _, k := range keys {
			if known(k) == nil {
				var allowed []string
				for _, p := range r.properties {
					allowed = append(allowed, p.name)
				}
				list := strings.Join(allowed, ", ")
				if list == "" {
					list = "none"
				}
				return r.failField(path, clip(k, maxQuoted), "unknown field; allowed fields are %s", list)
			}
		}
	}
	for _, name := range r.required {
		if _, ok := obj[name]; !ok {
			return r.failField(path, name, "is required")
		}
	}
	if r.maxProperties > 0 && len(obj) > r.maxProperties {
		return r.fail(path, "at most %d pairs allowed, got %d", r.maxProperties, len(obj))
	}
	for _, p := range r.properties {
		if v, ok := obj[p.name]; ok {
			if e := p.rule.check(join(path, p.name), v); e != nil {
				return e
			}
		}
	}
	for _, k := range keys {
		if known(k) != nil {
			continue
		}
		if r.propertyNames != nil {
			if n := utf8.RuneCountInString(k); r.propertyNames.maxLength > 0 && n > r.propertyNames.maxLength {
				return r.fail(path, "key %q is %d characters, at most %d allowed", clip(k, 20), n, r.propertyNames.maxLength)
			}
		}
		if r.additional != nil {
			if e := r.additional.check(fmt.Sprintf("%s[%q]", path, clip(k, maxQuoted)), obj[k]); e != nil {
				return e
			}
		}
	}
	return nil
}

// fail reports a broken rule at path; the param is path's top-level field.
func (r *schemaRule) fail(path, format string, args ...any) *apiError {
	if path == "" {
		path = paramBody
	}
	e := invalid(path, format, args...)
	if i := strings.IndexAny(path, ".["); i > 0 {
		e.param = path[:i]
	}
	return e
}

// failField reports a broken rule about the field name of the object at
// path.
func (r *schemaRule) failField(path, name, format string, args ...any) *apiError {
	if path == "" {
		return invalid(name, format, args...) // a top-level field is its own param
	}
	return r.fail(join(path, name), format, args...)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// checkSeed validates a value of a seed (a Go value, not JSON) with a rule,
// as if it had come in a request.
func checkSeed(r *schemaRule, name string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	decoded, e := decodeJSON(raw)
	if e == nil {
		e = r.check(name, decoded)
	}
	if e != nil {
		return errors.New(e.message)
	}
	return nil
}
