package main

import "fmt"

// kind is what the generator knows of one kind of Go value: its type, how
// a response decodes and re-encodes it, and how a query string writes it.
// Adding a kind of type is adding one implementation here.
type kind interface {
	// goType is the Go type.
	goType() string
	// decode is the expression that decodes into the pointer dst from the
	// decoder d and returns the member's respjson.Field.
	decode(dst string) string
	// decoder is a func(*T, *apijson.Decoder) respjson.Field value, for the
	// elements of a list.
	decoder() string
	// encode is the statement of a response's MarshalJSON that writes the
	// member name from the value v with its metadata meta.
	encode(name, v, meta string) string
	// query is the expression of v as a query-string value, "" when the
	// kind cannot be sent in a query.
	query(v string) string
	// scalar reports whether an optional param of this kind is a param.Opt
	// (otherwise its zero value leaves it out).
	scalar() bool
}

type scalarKind struct {
	typ, reader, writer, queryFmt string
}

var scalarKinds = map[string]scalarKind{
	"string": {"string", "apijson.String", "String", "%s"},
	"bool":   {"bool", "apijson.Bool", "Bool", "strconv.FormatBool(%s)"},
	"int":    {"int64", "apijson.Int", "Int", "strconv.FormatInt(%s, 10)"},
	"float":  {"float64", "apijson.Float", "Float", "strconv.FormatFloat(%s, 'f', -1, 64)"},
	"time":   {"time.Time", "apijson.Time", "Time", "%s.Format(time.RFC3339Nano)"},
}

func (k scalarKind) goType() string           { return k.typ }
func (k scalarKind) decode(dst string) string { return k.reader + "(" + dst + ", d)" }
func (k scalarKind) decoder() string          { return k.reader }
func (k scalarKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.%s(%q, %s, %s)", k.writer, name, v, meta)
}
func (k scalarKind) query(v string) string { return fmt.Sprintf(k.queryFmt, v) }
func (k scalarKind) scalar() bool          { return true }

// enumKind is a named string type with a constant per documented value;
// a value without one is kept as received.
type enumKind struct{ name string }

func (k enumKind) goType() string           { return k.name }
func (k enumKind) decode(dst string) string { return "apijson.Enum(" + dst + ", d)" }
func (k enumKind) decoder() string          { return "apijson.Enum[" + k.name + "]" }
func (k enumKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.String(%q, string(%s), %s)", name, v, meta)
}
func (k enumKind) query(v string) string { return "string(" + v + ")" }
func (k enumKind) scalar() bool          { return true }

type arrayKind struct{ elem kind }

func (k arrayKind) goType() string { return "[]" + k.elem.goType() }
func (k arrayKind) decode(dst string) string {
	return "apijson.Array(" + dst + ", d, " + k.elem.decoder() + ")"
}
func (k arrayKind) decoder() string {
	return "func(p *" + k.goType() + ", d *apijson.Decoder) respjson.Field { return " + k.decode("p") + " }"
}
func (k arrayKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.Value(%q, %s, %s)", name, v, meta)
}

// query joins the elements with commas, as the official SDKs send a list
// (style form, explode false).
func (k arrayKind) query(v string) string {
	e := k.elem.query("e")
	if e == "" {
		return ""
	}
	return "queryList(" + v + ", func(e " + k.elem.goType() + ") string { return " + e + " })"
}
func (k arrayKind) scalar() bool { return false }

type stringMapKind struct{}

func (stringMapKind) goType() string           { return "map[string]string" }
func (stringMapKind) decode(dst string) string { return "apijson.StringMap(" + dst + ", d)" }
func (stringMapKind) decoder() string          { return "apijson.StringMap" }
func (stringMapKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.StringMap(%q, %s, %s)", name, v, meta)
}
func (stringMapKind) query(string) string { return "" }
func (stringMapKind) scalar() bool        { return false }

// anyKind is free-form JSON, as encoding/json decodes it into an any.
type anyKind struct{}

func (anyKind) goType() string           { return "any" }
func (anyKind) decode(dst string) string { return "apijson.Any(" + dst + ", d)" }
func (anyKind) decoder() string          { return "apijson.Any" }
func (anyKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.Value(%q, %s, %s)", name, v, meta)
}
func (anyKind) query(string) string { return "" }
func (anyKind) scalar() bool        { return false }

// objectKind is a named struct with its own decode function.
type objectKind struct{ name string }

func (k objectKind) goType() string           { return k.name }
func (k objectKind) decode(dst string) string { return "read" + k.name + "(" + dst + ", d)" }
func (k objectKind) decoder() string          { return "read" + k.name }
func (k objectKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.Value(%q, %s, %s)", name, v, meta)
}
func (objectKind) query(string) string { return "" }
func (objectKind) scalar() bool        { return false }

// unionKind is an interface implemented by its variants' pointers.
type unionKind struct{ name string }

func (k unionKind) goType() string           { return k.name }
func (k unionKind) decode(dst string) string { return "read" + k.name + "(" + dst + ", d)" }
func (k unionKind) decoder() string          { return "read" + k.name }
func (k unionKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.Value(%q, %s, %s)", name, v, meta)
}
func (unionKind) query(string) string { return "" }
func (unionKind) scalar() bool        { return false }

// freeObjectKind is a JSON object with members of any type.
type freeObjectKind struct{}

func (freeObjectKind) goType() string           { return "map[string]any" }
func (freeObjectKind) decode(dst string) string { return "apijson.FreeObject(" + dst + ", d)" }
func (freeObjectKind) decoder() string          { return "apijson.FreeObject" }
func (freeObjectKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.Value(%q, %s, %s)", name, v, meta)
}
func (freeObjectKind) query(string) string { return "" }
func (freeObjectKind) scalar() bool        { return false }

// optKind is a param element that can also be sent as null: a list's
// nullable element.
type optKind struct{ elem kind }

func (k optKind) goType() string               { return "param.Opt[" + k.elem.goType() + "]" }
func (k optKind) decode(dst string) string     { return k.elem.decode(dst) }
func (k optKind) decoder() string              { return k.elem.decoder() }
func (k optKind) encode(n, v, m string) string { return k.elem.encode(n, v, m) }
func (optKind) query(string) string            { return "" }
func (optKind) scalar() bool                   { return false }

// itemsKind is a page's item list, which the page's cursor engine decodes
// (each item with the decoder the List method bound) and encoding/json
// encodes.
type itemsKind struct{ json string }

func (itemsKind) goType() string { return "[]T" }
func (k itemsKind) decode(dst string) string {
	return fmt.Sprintf("r.ReadItems(%s, d, %q)", dst, k.json)
}
func (itemsKind) decoder() string { return "" }
func (itemsKind) encode(name, v, meta string) string {
	return fmt.Sprintf("w.Value(%q, %s, %s)", name, v, meta)
}
func (itemsKind) query(string) string { return "" }
func (itemsKind) scalar() bool        { return false }
