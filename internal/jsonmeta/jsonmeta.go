// Package jsonmeta is what respjson.Field records of one decoded member,
// in a form the decoder (internal/apijson) can set while callers of the SDK
// only read it through Field's methods.
package jsonmeta

// Meta is the metadata of one member of a decoded object.
type Meta struct {
	// Text is the member's JSON exactly as received: "" when it was
	// missing, "null" when it was null.
	Text string
	// Mismatch is set when the member was present but its value did not
	// have the type or format of its Go field, which was left zero.
	Mismatch bool
}
