// Package respjson describes how each field of a response was received, so a
// caller can tell a field the server left out from one it sent as null, from
// one whose value did not have the expected type.
package respjson

import "github.com/avara/avara-go/internal/jsonmeta"

// meta is embedded, unexported, so that the decoder sets Field's state and
// callers see only its methods.
type meta = jsonmeta.Meta

// Field is the metadata of one field of a decoded response: each response
// type has one per field in its JSON member. Its zero value describes a
// field that was not in the response, which is also what a value built in
// code has.
type Field struct {
	meta
}

// Valid reports whether the field was present, not null, and decoded into
// its Go field. When it is false the Go field holds its zero value.
func (f Field) Valid() bool { return f.Text != "" && f.Text != "null" && !f.Mismatch }

// IsPresent reports whether the field was in the response at all, null or
// not, valid or not.
func (f Field) IsPresent() bool { return f.Text != "" }

// IsNull reports whether the field was sent as JSON null.
func (f Field) IsNull() bool { return f.Text == "null" }

// IsInvalid reports whether the field was present with a value of the wrong
// type or format (for example a number where a string was expected). Raw
// returns that value, so nothing the server sent is lost.
func (f Field) IsInvalid() bool { return f.Mismatch }

// Raw returns the field's JSON exactly as received: "" when it was missing,
// "null" when it was null.
func (f Field) Raw() string { return f.Text }

// String describes the field for logs and test failures: "missing",
// "null", "valid <json>" or "invalid <json>".
func (f Field) String() string {
	switch {
	case f.IsInvalid():
		return "invalid " + f.Text
	case f.IsNull():
		return "null"
	case f.Valid():
		return "valid " + f.Text
	default:
		return "missing"
	}
}
