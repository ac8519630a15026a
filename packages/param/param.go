// Package param holds the building blocks of request parameters: [Opt], a
// field that can be omitted, explicitly null or set, and [Extras], which lets
// a params struct carry fields this SDK version does not know yet.
package param

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
)

type optState uint8

const (
	omitted optState = iota
	null
	set
)

// Opt is an optional request field with three states: omitted (the zero
// value, left out of the request), null (sent as JSON null, see [Null]) and
// set (sent as its value, see [NewOpt]).
//
// Use it with the `omitzero` JSON tag option (Go 1.24+) and the `omitempty`
// go-querystring option so that an omitted Opt does not appear on the wire.
type Opt[T any] struct {
	value T
	state optState
}

// NewOpt returns an Opt that is set to v.
func NewOpt[T any](v T) Opt[T] { return Opt[T]{value: v, state: set} }

// Null returns an Opt that is sent as an explicit JSON null. The API reads a
// null as "clear this field", which differs from leaving the field out.
func Null[T any]() Opt[T] { return Opt[T]{state: null} }

// Valid reports whether the Opt holds a value (it is neither omitted nor null).
func (o Opt[T]) Valid() bool { return o.state == set }

// IsNull reports whether the Opt is an explicit null.
func (o Opt[T]) IsNull() bool { return o.state == null }

// IsZero reports whether the Opt is omitted. encoding/json's `omitzero` and
// go-querystring's `omitempty` call it to leave the field out.
func (o Opt[T]) IsZero() bool { return o.state == omitted }

// Value returns the value and whether it is set. For an omitted or null Opt
// it returns T's zero value and false.
func (o Opt[T]) Value() (T, bool) { return o.value, o.state == set }

// Or returns the value when it is set, and fallback otherwise.
func (o Opt[T]) Or(fallback T) T {
	if o.state == set {
		return o.value
	}
	return fallback
}

// String renders the Opt for logs and test failures: its value, "null", or
// "omitted".
func (o Opt[T]) String() string {
	switch o.state {
	case set:
		return fmt.Sprint(o.value)
	case null:
		return "null"
	default:
		return "omitted"
	}
}

// MarshalJSON encodes a set Opt as its value and any other Opt as null. An
// omitted Opt never reaches it when the field is tagged `omitzero`.
func (o Opt[T]) MarshalJSON() ([]byte, error) {
	if o.state != set {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON reads null as [Null] and anything else as a set value, so
// params survive a round trip through encoding/json. A field absent from the
// input stays omitted.
func (o *Opt[T]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*o = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*o = NewOpt(v)
	return nil
}

// EncodeValues lets go-querystring put a set Opt into a query string. A null
// Opt has no query-string form, so it is left out like an omitted one.
func (o Opt[T]) EncodeValues(key string, v *url.Values) error {
	if o.state == set {
		v.Set(key, fmt.Sprint(o.value))
	}
	return nil
}
