// Package respjson describes how each field of a response was received, so a
// caller can tell a field the server left out from one it sent as null, from
// one whose value did not have the expected type.
package respjson

// Field is the metadata of one field of a decoded response. Its zero value
// describes a field that was not in the response.
type Field struct {
	raw    string
	status status
}

type status uint8

const (
	missing status = iota
	null
	valid
	invalid
)

// NewField returns the metadata of a field that was received as raw JSON and
// decoded successfully. A raw of "null" is recorded as an explicit null.
// Decoders and tests use it; callers read fields, they do not build them.
func NewField(raw string) Field {
	if raw == "null" {
		return Field{raw: raw, status: null}
	}
	return Field{raw: raw, status: valid}
}

// NewInvalidField returns the metadata of a field that was present as raw
// JSON but could not be decoded into the Go field's type.
func NewInvalidField(raw string) Field { return Field{raw: raw, status: invalid} }

// Valid reports whether the field was present, not null, and decoded into
// its Go field. When it is false the Go field holds its zero value.
func (f Field) Valid() bool { return f.status == valid }

// IsPresent reports whether the field was in the response at all, null or
// not, valid or not.
func (f Field) IsPresent() bool { return f.status != missing }

// IsNull reports whether the field was sent as JSON null.
func (f Field) IsNull() bool { return f.status == null }

// IsInvalid reports whether the field was present with a value of the wrong
// type or format (for example a number where a string was expected). Raw
// returns that value, so nothing the server sent is lost.
func (f Field) IsInvalid() bool { return f.status == invalid }

// Raw returns the field's JSON exactly as received: "" when it was missing,
// "null" when it was null.
func (f Field) Raw() string { return f.raw }

// String describes the field for logs and test failures.
func (f Field) String() string {
	switch f.status {
	case valid:
		return "valid " + f.raw
	case null:
		return "null"
	case invalid:
		return "invalid " + f.raw
	default:
		return "missing"
	}
}
