// Package apijson decodes API responses in a single pass of its own JSON
// scanner (Decoder), which validates as it reads, with no reflection on the
// hot path, recording per-field metadata as it goes.
//
// Response types register a decode function for themselves at init time;
// the request pipeline and the pagination package look it up by type. A type
// without a registered decoder falls back to encoding/json, so callers can
// decode into their own types with option.WithResponseBodyInto.
package apijson

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/avara/avara-go/packages/respjson"
)

// ErrInvalidJSON is wrapped by every error for a body that is not JSON.
var ErrInvalidJSON = errors.New("response body is not valid JSON")

// registered is what Register keeps for a type: the whole of Unmarshal for
// it, and its decode function for DecoderFor.
type registered struct {
	unmarshal func(raw string, dst any) error
	decode    any // func(*T, *Decoder)
}

// decoders is written only from init functions, so reads need no lock.
var decoders = map[reflect.Type]registered{}

// Register makes fn the decoder for *T. Call it from an init function only.
// fn is called with d at a JSON object, and must consume it entirely:
// Object, then Key and a reader or Skip for each member.
func Register[T any](fn func(dst *T, d *Decoder)) {
	pool := &sync.Pool{New: func() any { return new(state[T]) }}
	decoders[reflect.TypeFor[*T]()] = registered{
		unmarshal: func(raw string, dst any) error { return unmarshalInto(raw, dst.(*T), fn, pool) },
		decode:    fn,
	}
}

// state is what one Unmarshal of a *T works with. Both escape to the heap,
// since fn is called through a func value, so they come from a pool: an
// allocation per call would cost more than the decoding of a small object.
type state[T any] struct {
	d Decoder
	v T
}

// matchers decode destinations that no registered type covers, such as the
// pages of package pagination, which are generic: a matcher recognises them
// by a method of its own package. Written only from init functions.
var matchers []func(dst any) (func(*Decoder) error, bool)

// RegisterMatch adds a matcher: given a destination, it returns the function
// that decodes one into it (the decoder at the body's object, which the
// function must consume) and true, or false when the destination is not
// its kind. Call it from an init function only.
func RegisterMatch(match func(dst any) (func(*Decoder) error, bool)) {
	matchers = append(matchers, match)
}

// DecoderFor returns the decoder registered for *T, or nil.
func DecoderFor[T any]() func(dst *T, d *Decoder) {
	r, ok := decoders[reflect.TypeFor[*T]()]
	if !ok {
		return nil
	}
	return r.decode.(func(*T, *Decoder))
}

// Unmarshal decodes the JSON text raw into dst. A registered type must
// receive a JSON object; its fields are decoded leniently (a wrong-typed
// field is recorded as invalid, not returned as an error). Any other dst goes
// through encoding/json. The decoded value may keep substrings of raw, so raw
// must not be backed by memory that is later changed. When raw is not JSON,
// dst is left as it was.
func Unmarshal(raw string, dst any) error {
	if r, ok := decoders[reflect.TypeOf(dst)]; ok {
		return r.unmarshal(raw, dst)
	}
	for _, match := range matchers {
		if decode, ok := match(dst); ok {
			return unmarshalMatched(raw, decode)
		}
	}
	if !Valid(raw) {
		return invalidJSON(raw, nil)
	}
	return json.Unmarshal([]byte(raw), dst)
}

// unmarshalInto is Unmarshal for a registered *T. It decodes into a copy of
// *dst and stores it only once the whole body has proved to be JSON, so an
// invalid body leaves *dst as it was, as encoding/json's json.Unmarshal
// does, without a separate validity pass. (A map already in *dst, such as
// ExtraFields, is shared by the copy and may gain entries.)
func unmarshalInto[T any](raw string, dst *T, fn func(*T, *Decoder), pool *sync.Pool) error {
	st := pool.Get().(*state[T])
	st.d, st.v = Decoder{s: raw, view: raw}, *dst
	err := st.decode(fn)
	if err == nil {
		*dst = st.v
	}
	*st = state[T]{} // the pool must not keep the body or what was decoded from it alive
	pool.Put(st)
	return err
}

func (st *state[T]) decode(fn func(*T, *Decoder)) error {
	d := &st.d
	if k := d.Peek(); k != KindObject {
		d.Skip()
		d.Finish()
		if d.err != nil {
			return invalidJSON(d.s, d.err)
		}
		return fmt.Errorf("expected a JSON object, got %s", kindName(k))
	}
	fn(&st.v, d)
	d.Finish()
	if d.err != nil {
		return invalidJSON(d.s, d.err)
	}
	return nil
}

// unmarshalMatched decodes raw with a matcher's function. Its own error (an
// item of a page that is not an object) comes after the body's syntax
// errors, which the matched destination cannot tell apart.
func unmarshalMatched(raw string, decode func(*Decoder) error) error {
	d := &Decoder{s: raw, view: raw}
	if k := d.Peek(); k != KindObject {
		d.Skip()
		d.Finish()
		if d.err != nil {
			return invalidJSON(raw, d.err)
		}
		return fmt.Errorf("expected a JSON object, got %s", kindName(k))
	}
	err := decode(d)
	d.Finish()
	if d.err != nil {
		return invalidJSON(raw, d.err)
	}
	return err
}

// decoderPool holds the Decoders of UnmarshalObject, for the same reason.
var decoderPool = sync.Pool{New: func() any { return new(Decoder) }}

func invalidJSON(raw string, err error) error {
	if err == nil {
		return fmt.Errorf("%w (%s)", ErrInvalidJSON, describe(raw))
	}
	return fmt.Errorf("%w (%s): %w", ErrInvalidJSON, describe(raw), err)
}

// UnmarshalObject is the UnmarshalJSON of a registered type. It copies the
// bytes (the caller may reuse them) and decodes them in one pass; the
// Decoder validates within that pass, so checking again what encoding/json
// has already checked costs no extra pass, and a direct call with data
// that is not JSON returns an error wrapping ErrInvalidJSON. A JSON null leaves
// dst unchanged, as encoding/json does; an object replaces all of dst, so
// nothing decoded into it before (a field, its metadata, an extra field) is
// left over.
func UnmarshalObject[T any](data []byte, dst *T, decode func(*T, *Decoder)) error {
	d := decoderPool.Get().(*Decoder)
	*d = Decoder{s: string(data)}
	d.view = d.s
	err := unmarshalObject(d, dst, decode)
	*d = Decoder{}
	decoderPool.Put(d)
	return err
}

// UnmarshalObjectInPlace is UnmarshalObject for a type whose decoder keeps
// nothing of its input, copying every string it keeps (a page: its items
// have memory of their own, its own fields are copies): it reads data
// where it is, without the copy, which the caller may then reuse at once.
func UnmarshalObjectInPlace[T any](data []byte, dst *T, decode func(*T, *Decoder)) error {
	d := decoderPool.Get().(*Decoder)
	s := unsafe.String(unsafe.SliceData(data), len(data))
	*d = Decoder{s: s, view: s}
	err := unmarshalObject(d, dst, decode)
	*d = Decoder{}
	decoderPool.Put(d)
	return err
}

func unmarshalObject[T any](d *Decoder, dst *T, decode func(*T, *Decoder)) error {
	switch k := d.Peek(); k {
	case KindNull:
		d.Skip()
		d.Finish()
		if d.err != nil {
			return invalidJSON(d.s, d.err)
		}
		return nil
	case KindObject:
	default:
		d.Skip()
		d.Finish()
		if d.err != nil {
			return invalidJSON(d.s, d.err)
		}
		return fmt.Errorf("expected a JSON object, got %s", kindName(k))
	}
	var zero T
	*dst = zero
	decode(dst, d)
	d.Finish()
	if d.err != nil {
		return invalidJSON(d.s, d.err)
	}
	return nil
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
		raw := d.sub(start, d.pos)
		*dst = raw[1 : len(raw)-1]
		return respjson.NewField(raw)
	}
	*dst = d.str()
	return d.field(start)
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
		return respjson.NewField("true")
	}
	d.literal("false")
	return respjson.NewField("false")
}

// Int decodes a JSON number that denotes exactly an integer in int64's
// range: 10, 10.0, 1e1 and -0 do; 10.5, 1e-400, 10.0000000000000000001 and
// 9223372036854775808 do not, and are invalid (dst 0). Unlike encoding/json,
// which refuses 10.0 and 1e1 for an int64, it judges the number's value,
// not its spelling, exactly: there is no detour through float64.
func Int(dst *int64, d *Decoder) respjson.Field {
	start := d.Mark()
	*dst = 0
	if d.pos >= len(d.s) || kinds[d.s[d.pos]] != KindNumber {
		return d.mismatch(start)
	}
	raw := d.number()
	if d.err != nil {
		return respjson.Field{}
	}
	n, ok := exactInt(raw)
	if !ok {
		return d.invalid(start)
	}
	*dst = n
	return d.field(start)
}

// Float decodes a JSON number into dst, as encoding/json does: the nearest
// float64; a number beyond float64's range is invalid.
func Float(dst *float64, d *Decoder) respjson.Field {
	start := d.Mark()
	*dst = 0
	if d.pos >= len(d.s) || kinds[d.s[d.pos]] != KindNumber {
		return d.mismatch(start)
	}
	raw := d.number()
	if d.err != nil {
		return respjson.Field{}
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return d.invalid(start)
	}
	*dst = f
	return d.field(start)
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
		if err := t.UnmarshalJSON(unsafe.Slice(unsafe.StringData(raw), len(raw))); err != nil || !rfc3339Offset(raw[1:len(raw)-1]) {
			return d.invalid(start)
		}
	}
	*dst = t
	return d.field(start)
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
	return d.field(start)
}

// Extra records an unknown field in *m, allocating the map on first use.
func Extra(m *map[string]respjson.Field, key string, d *Decoder) {
	raw := d.Value()
	if *m == nil {
		*m = make(map[string]respjson.Field)
	}
	(*m)[key] = respjson.NewField(raw)
}

// Mismatch consumes the next value, which is not of the type a field
// expects, and returns the field's metadata: null as an explicit null,
// anything else as invalid with its text as received.
func Mismatch(d *Decoder) respjson.Field {
	return d.mismatch(d.Mark())
}

func (d *Decoder) mismatch(start int) respjson.Field {
	d.Skip()
	if d.s[start:d.pos] == "null" {
		return respjson.NewField("null")
	}
	return d.invalid(start)
}

// field is the metadata of the valid value read since start.
func (d *Decoder) field(start int) respjson.Field {
	return respjson.NewField(d.sub(start, d.pos))
}

// invalid is the metadata of the invalid value read since start: the value
// of an object's member, so the byte before it is its key's ':' or
// whitespace, which the metadata keeps as its mark.
func (d *Decoder) invalid(start int) respjson.Field {
	if d.err != nil || start == 0 {
		return respjson.Field{}
	}
	s := d.sub(start-1, d.pos)
	return respjson.InvalidAt(s, 1, len(s))
}

// Func is a destination that decodes itself: Unmarshal calls it with the
// decoder at the body's object, which it must consume. It lets a caller
// decode a generic type it cannot register (a page of the pagination
// package) in the same single pass, and keep an error of its own (an item
// that is not an object) apart from the body's syntax errors, which
// Unmarshal reports first.
type Func func(d *Decoder)

func init() {
	Register(func(dst *Func, d *Decoder) { (*dst)(d) })
}
