// Package respjson describes how each field of a response was received, so a
// caller can tell a field the server left out from one it sent as null, from
// one whose value did not have the expected type.
package respjson

import "strings"

// Field is the metadata of one field of a decoded response. Its zero value
// describes a field that was not in the response.
//
// It is a single string, so that every field of a response carries its
// metadata at the cost of a string header and no allocation of its own: ""
// is a missing field, "null" a null one, and an invalid value is kept with
// the byte that preceded it in its object (the ':' after its key, or
// whitespace, which no JSON value starts with), which Raw leaves out.
type Field struct {
	raw string
}

// NewField returns the metadata of a field that was received as raw JSON and
// decoded successfully. A raw of "null" is recorded as an explicit null.
// Decoders and tests use it; callers read fields, they do not build them.
func NewField(raw string) Field { return Field{raw} }

// NewInvalidField returns the metadata of a field that was present as raw
// JSON but could not be decoded into the Go field's type.
func NewInvalidField(raw string) Field { return Field{":" + raw} }

// InvalidAt is NewInvalidField for a decoder, without an allocation: s[i:j]
// is the value of an object's member, and s[i-1] the byte before it, which
// is then the ':' after the member's key or JSON whitespace.
func InvalidAt(s string, i, j int) Field { return Field{s[i-1 : j]} }

// marked reports whether f is invalid: its raw starts with the byte that
// preceded the value, which no JSON value starts with.
func (f Field) marked() bool {
	if f.raw == "" {
		return false
	}
	switch f.raw[0] {
	case ':', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// Valid reports whether the field was present, not null, and decoded into
// its Go field. When it is false the Go field holds its zero value.
func (f Field) Valid() bool { return f.raw != "" && f.raw != "null" && !f.marked() }

// IsPresent reports whether the field was in the response at all, null or
// not, valid or not.
func (f Field) IsPresent() bool { return f.raw != "" }

// IsNull reports whether the field was sent as JSON null.
func (f Field) IsNull() bool { return f.raw == "null" }

// IsInvalid reports whether the field was present with a value of the wrong
// type or format (for example a number where a string was expected). Raw
// returns that value, so nothing the server sent is lost.
func (f Field) IsInvalid() bool { return f.marked() }

// Raw returns the field's JSON exactly as received: "" when it was missing,
// "null" when it was null.
func (f Field) Raw() string {
	if f.marked() {
		return f.raw[1:]
	}
	return f.raw
}

// String describes the field for logs and test failures.
func (f Field) String() string {
	switch {
	case f.IsInvalid():
		return "invalid " + f.Raw()
	case f.IsNull():
		return "null"
	case f.Valid():
		return "valid " + f.raw
	default:
		return "missing"
	}
}

// ListField is the metadata of a list whose items keep their own copies of
// their JSON, such as the items of a page: its Raw rebuilds the list's text
// from those copies, exactly as received, when asked for it, so that
// nothing holds a second copy of the whole list. It is otherwise a Field.
type ListField struct {
	f     Field
	parts []string // a valid list's text, in pieces
}

// NewListField returns the metadata of a list received valid, whose JSON is
// the concatenation of parts.
func NewListField(parts []string) ListField {
	return ListField{f: Field{"[]"}, parts: parts}
}

// ListFieldOf returns the metadata of a list that was missing, null or
// invalid, as f describes it.
func ListFieldOf(f Field) ListField { return ListField{f: f} }

// Valid reports whether the list was present, not null, and decoded.
func (l ListField) Valid() bool { return l.f.Valid() }

// IsPresent reports whether the list was in the response at all.
func (l ListField) IsPresent() bool { return l.f.IsPresent() }

// IsNull reports whether the list was sent as JSON null.
func (l ListField) IsNull() bool { return l.f.IsNull() }

// IsInvalid reports whether the list was present with a value that is not a
// list of the expected items.
func (l ListField) IsInvalid() bool { return l.f.IsInvalid() }

// Raw returns the list's JSON exactly as received, rebuilt from its items'
// copies when it was valid: each call builds a new string.
func (l ListField) Raw() string {
	if l.parts != nil {
		return strings.Join(l.parts, "")
	}
	return l.f.Raw()
}

// String describes the list for logs and test failures.
func (l ListField) String() string {
	if l.parts != nil {
		return "valid list"
	}
	return l.f.String()
}
