// Package apijson decodes API responses in a single pass of its own JSON
// scanner (Decoder), which validates as it reads, with no reflection,
// recording each field's metadata (respjson.Field) as it goes.
//
// Each generated response type has a decode function,
// func(*T, *Decoder) respjson.Field, written as a switch on its members'
// keys; its UnmarshalJSON calls Unmarshal with it. Nothing is registered:
// the caller always names the function.
package apijson

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/avara/avara-go/packages/respjson"
)

// ErrInvalidJSON is wrapped by every error for a body that is not JSON.
var ErrInvalidJSON = errors.New("response body is not valid JSON")

// Unmarshal decodes data, which must be one JSON object (or null, which
// leaves dst unchanged, as encoding/json does), into dst with decode: the
// decoded value replaces all of dst. data is copied once into a string, and
// the decoded value keeps substrings of that copy, so the caller may reuse
// data at once. A member of the wrong type is recorded in the field's
// metadata, not returned as an error; data that is not JSON is an error
// wrapping ErrInvalidJSON, and leaves dst as it was.
//
// decode starts from a zero value, so a generated decode function resets
// nothing: the items of a page and nested objects are decoded into zero
// memory too.
func Unmarshal[T any](data []byte, dst *T, decode func(*T, *Decoder) respjson.Field) error {
	var v T
	return unmarshal(data, dst, &v, decode)
}

// UnmarshalOnto is Unmarshal for a type whose decode function resets what
// it replaces itself and keeps the rest (a page keeps how it was fetched):
// decode starts from a copy of *dst.
func UnmarshalOnto[T any](data []byte, dst *T, decode func(*T, *Decoder) respjson.Field) error {
	v := *dst
	return unmarshal(data, dst, &v, decode)
}

func unmarshal[T any](data []byte, dst, v *T, decode func(*T, *Decoder) respjson.Field) error {
	d := Decoder{s: string(data)}
	switch k := d.Peek(); k {
	case KindObject:
		decode(v, &d)
	case KindNull:
		d.Skip()
		d.Finish()
		if d.err != nil {
			return invalidJSON(d.s, d.err)
		}
		return nil
	default:
		d.Skip()
		d.Finish()
		if d.err != nil {
			return invalidJSON(d.s, d.err)
		}
		return fmt.Errorf("expected a JSON object, got %s", kindName(k))
	}
	d.Finish()
	if d.err != nil {
		return invalidJSON(d.s, d.err)
	}
	*dst = *v
	return nil
}

func invalidJSON(raw string, err error) error {
	return fmt.Errorf("%w (%s): %w", ErrInvalidJSON, describe(raw), err)
}

func describe(raw string) string {
	if len(raw) == 0 {
		return "empty body"
	}
	const max = 64
	if len(raw) > max {
		return strconv.Quote(raw[:max]) + "…"
	}
	return strconv.Quote(raw)
}

func kindName(k Kind) string {
	switch k {
	case KindString:
		return "a string"
	case KindNumber:
		return "a number"
	case KindBool:
		return "a boolean"
	case KindNull:
		return "null"
	case KindArray:
		return "an array"
	case KindObject:
		return "an object"
	}
	return "no JSON value"
}

// The readers below decode one field's value into dst and return its
// metadata. Each sets dst, also when the value is null or of another type
// (then to its zero value), so that when a key occurs twice in one object
// the last occurrence wins entirely, value and metadata, as encoding/json
// reads a repeated key.

// String decodes a JSON string into dst.
func String(dst *string, d *Decoder) respjson.Field {
	start := d.Mark()
	if d.pos >= len(d.s) || d.s[d.pos] != '"' {
		*dst = ""
		return d.mismatch(start)
	}
	if end := plainRun(d.s, start+1); end < len(d.s) && d.s[end] == '"' {
		// No escapes and no bytes beyond ASCII, as most strings: the value
		// is its metadata's raw text without the quotes.
		d.pos = end + 1
		raw := d.s[start:d.pos]
		*dst = raw[1 : len(raw)-1]
		return field(raw)
	}
	*dst = d.str()
	return d.Field(start)
}

// Bool decodes a JSON boolean into dst.
func Bool(dst *bool, d *Decoder) respjson.Field {
	start := d.Mark()
	*dst = false
	if d.pos >= len(d.s) || d.s[d.pos] != 't' && d.s[d.pos] != 'f' {
		return d.mismatch(start)
	}
	if d.s[d.pos] == 't' {
		d.literal("true")
		*dst = true
		return field("true")
	}
	d.literal("false")
	return field("false")
}

// Int decodes a JSON number that denotes exactly an integer in int64's
// range: 10, 10.0, 1e1 and -0 do; 10.5, 1e-400, 10.0000000000000000001 and
// 9223372036854775808 do not, and are invalid (dst 0). Unlike encoding/json,
// which refuses 10.0 and 1e1 for an int64, it judges the number's value,
// not its spelling, exactly: there is no detour through float64.
func Int(dst *int64, d *Decoder) respjson.Field {
	*dst = 0
	start, raw, f, ok := d.numberField()
	if !ok {
		return f
	}
	n, ok := exactInt(raw)
	if !ok {
		return d.invalid(start)
	}
	*dst = n
	return d.Field(start)
}

// Float decodes a JSON number into dst, as encoding/json does: the nearest
// float64; a number beyond float64's range is invalid.
func Float(dst *float64, d *Decoder) respjson.Field {
	*dst = 0
	start, raw, f, ok := d.numberField()
	if !ok {
		return f
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return d.invalid(start)
	}
	*dst = v
	return d.Field(start)
}

// numberField reads the number that is the next value: its start and text,
// and ok. When the value is not a number, or not valid JSON, ok is false
// and f is the field's metadata.
func (d *Decoder) numberField() (start int, raw string, f respjson.Field, ok bool) {
	start = d.Mark()
	if d.pos >= len(d.s) || kinds[d.s[d.pos]] != KindNumber {
		return start, "", d.mismatch(start), false
	}
	raw = d.number()
	if d.err != nil {
		return start, "", respjson.Field{}, false
	}
	return start, raw, respjson.Field{}, true
}

// Time decodes a timestamp string into dst as encoding/json does for a
// time.Time: RFC 3339, read strictly, from the string as written (a string
// with escapes is invalid). Unlike encoding/json it also refuses an offset
// RFC 3339 does not allow, +24:00 or +23:60, which time.Time would hold
// and then fail to marshal.
func Time(dst *time.Time, d *Decoder) respjson.Field {
	start := d.Mark()
	*dst = time.Time{}
	if d.pos >= len(d.s) || d.s[d.pos] != '"' {
		return d.mismatch(start)
	}
	// A timestamp servers write has no escapes: its closing quote is the
	// first byte that could end its plain content.
	end := plainRun(d.s, start+1)
	if end >= len(d.s) || d.s[end] != '"' {
		d.skipString()
		end = d.pos - 1
	}
	if d.err != nil {
		return respjson.Field{}
	}
	d.pos = end + 1
	raw := d.s[start:d.pos]
	t, ok := fastTime(raw[1 : len(raw)-1])
	if !ok {
		if err := t.UnmarshalJSON([]byte(raw)); err != nil || !rfc3339Offset(raw[1:len(raw)-1]) {
			return d.invalid(start)
		}
	}
	*dst = t
	return d.Field(start)
}

// StringMap decodes a JSON object of string values into dst. One value of
// another type makes the whole field invalid and leaves dst nil, so a caller
// never sees a partial map presented as complete; a key given twice keeps
// its last value.
func StringMap(dst *map[string]string, d *Decoder) respjson.Field {
	start := d.Mark()
	*dst = nil
	if d.pos >= len(d.s) || d.s[d.pos] != '{' {
		return d.mismatch(start)
	}
	d.open()
	// The pairs are read first, so that the map is made once at its size.
	var buf [8][2]string
	pairs := buf[:0]
	ok := true
	for k, more := d.Key(); more; k, more = d.Key() {
		if ok && d.pos < len(d.s) && d.s[d.pos] == '"' {
			pairs = append(pairs, [2]string{k, d.str()})
			continue
		}
		ok = false
		d.Skip()
	}
	if !ok || d.err != nil {
		return d.invalid(start)
	}
	m := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		m[kv[0]] = kv[1]
	}
	*dst = m
	return d.Field(start)
}

// Enum decodes a JSON string into dst, a named string type: a value the
// SDK has no constant for is kept as it is, never refused.
func Enum[E ~string](dst *E, d *Decoder) respjson.Field {
	var s string
	f := String(&s, d)
	*dst = E(s)
	return f
}

// Array decodes a JSON array into dst, each element with elem. A null
// element is its zero value, as encoding/json decodes it. An element of the
// wrong type is left zero in its place (its own metadata, for an object,
// says so) and makes the array's metadata invalid, so a caller
// never mistakes a partial list for a complete one; the other elements are
// kept. An empty array is an empty, non-nil slice.
func Array[E any](dst *[]E, d *Decoder, elem func(*E, *Decoder) respjson.Field) respjson.Field {
	start, ok := d.Array()
	if !ok {
		*dst = nil
		return d.NotObject(start)
	}
	out := make([]E, 0, 4)
	valid := true
	for d.Elem() {
		var e E
		if f := elem(&e, d); f.IsInvalid() {
			valid = false
		}
		out = append(out, e)
	}
	*dst = out
	if !valid {
		return d.invalid(start)
	}
	return d.Field(start)
}

// Any decodes any JSON value into dst as encoding/json does into an any:
// for the members the API leaves free-form.
func Any(dst *any, d *Decoder) respjson.Field {
	*dst = nil
	return viaJSON(dst, d, d.Mark())
}

// viaJSON decodes the value at start, the next one, into dst with
// encoding/json.
func viaJSON[T any](dst *T, d *Decoder, start int) respjson.Field {
	raw := d.Value()
	if d.err != nil {
		return respjson.Field{}
	}
	if err := json.Unmarshal([]byte(raw), dst); err != nil {
		return d.invalid(start)
	}
	return d.Field(start)
}

// Extra records an unknown member in *m, allocating the map on first use.
func Extra(m *map[string]respjson.Field, key string, d *Decoder) {
	raw := d.Value()
	if *m == nil {
		*m = make(map[string]respjson.Field)
	}
	(*m)[key] = field(raw)
}

// NotObject consumes the next value, which is not the object or array a
// field expects, and returns the field's metadata: null as an explicit
// null, anything else as invalid with its text as received.
func (d *Decoder) NotObject(start int) respjson.Field {
	return d.mismatch(start)
}

func (d *Decoder) mismatch(start int) respjson.Field {
	d.Skip()
	if d.err != nil {
		return respjson.Field{}
	}
	if d.s[start:d.pos] == "null" {
		return field("null")
	}
	return d.invalid(start)
}

// Field is the metadata of the valid value read since start.
func (d *Decoder) Field(start int) respjson.Field {
	if d.err != nil {
		return respjson.Field{}
	}
	return field(d.s[start:d.pos])
}

// invalid is the metadata of the value read since start, which did not fit
// its Go field.
func (d *Decoder) invalid(start int) respjson.Field {
	if d.err != nil {
		return respjson.Field{}
	}
	var f respjson.Field
	f.Text, f.Mismatch = d.s[start:d.pos], true
	return f
}

func field(raw string) respjson.Field {
	var f respjson.Field
	f.Text = raw
	return f
}

// FreeObject decodes a JSON object with members of any type into dst, as
// encoding/json decodes one into a map[string]any.
func FreeObject(dst *map[string]any, d *Decoder) respjson.Field {
	start := d.Mark()
	*dst = nil
	if d.Peek() != KindObject {
		return d.mismatch(start)
	}
	return viaJSON(dst, d, start)
}
