// Package apijson decodes API responses in a single gjson pass with no
// reflection on the hot path, recording per-field metadata as it goes.
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
	"time"

	"github.com/avara/avara-go/packages/respjson"
	"github.com/tidwall/gjson"
)

// ErrInvalidJSON is wrapped by every error for a body that is not JSON.
var ErrInvalidJSON = errors.New("response body is not valid JSON")

// decoders is written only from init functions, so reads need no lock.
var decoders = map[reflect.Type]func(dst any, v gjson.Result){}

// Register makes fn the decoder for *T. Call it from an init function only.
func Register[T any](fn func(dst *T, v gjson.Result)) {
	decoders[reflect.TypeFor[*T]()] = func(dst any, v gjson.Result) { fn(dst.(*T), v) }
}

// DecoderFor returns the decoder registered for *T, or nil.
func DecoderFor[T any]() func(dst *T, v gjson.Result) {
	d, ok := decoders[reflect.TypeFor[*T]()]
	if !ok {
		return nil
	}
	return func(dst *T, v gjson.Result) { d(dst, v) }
}

// Unmarshal decodes the JSON text raw into dst. A registered type must
// receive a JSON object; its fields are decoded leniently (a wrong-typed
// field is recorded as invalid, not returned as an error). Any other dst goes
// through encoding/json. The decoded value may keep substrings of raw, so raw
// must not be backed by memory that is later changed.
func Unmarshal(raw string, dst any) error {
	if !gjson.Valid(raw) {
		return fmt.Errorf("%w (%s)", ErrInvalidJSON, describe(raw))
	}
	if d, ok := decoders[reflect.TypeOf(dst)]; ok {
		v := gjson.Parse(raw)
		if !v.IsObject() {
			return fmt.Errorf("expected a JSON object, got %s", kind(v))
		}
		d(dst, v)
		return nil
	}
	return json.Unmarshal([]byte(raw), dst)
}

// UnmarshalObject is the UnmarshalJSON of a registered type: encoding/json
// has already checked data is valid JSON, so it only copies the bytes (the
// caller may reuse them) and decodes. A JSON null leaves dst unchanged, as
// encoding/json does; an object replaces all of dst, so nothing decoded
// into it before (a field, its metadata, an extra field) is left over.
func UnmarshalObject[T any](data []byte, dst *T, decode func(*T, gjson.Result)) error {
	raw := string(data)
	v := gjson.Parse(raw)
	switch {
	case v.Type == gjson.Null:
		return nil
	case !v.IsObject():
		return fmt.Errorf("expected a JSON object, got %s", kind(v))
	}
	var zero T
	*dst = zero
	decode(dst, v)
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

func kind(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return "a string"
	case gjson.Number:
		return "a number"
	case gjson.True, gjson.False:
		return "a boolean"
	case gjson.Null:
		return "null"
	}
	if v.IsArray() {
		return "an array"
	}
	return "an object"
}

// String decodes a JSON string into dst and returns the field's metadata.
func String(dst *string, v gjson.Result) respjson.Field {
	if v.Type != gjson.String {
		return other(v)
	}
	*dst = v.Str
	return respjson.NewField(v.Raw)
}

// Bool decodes a JSON boolean into dst.
func Bool(dst *bool, v gjson.Result) respjson.Field {
	if v.Type != gjson.True && v.Type != gjson.False {
		return other(v)
	}
	*dst = v.Type == gjson.True
	return respjson.NewField(v.Raw)
}

// Int decodes a JSON number that is a whole number in int64's range (10 and
// 10.0 are, 10.5 is not) into dst.
func Int(dst *int64, v gjson.Result) respjson.Field {
	if v.Type != gjson.Number {
		return other(v)
	}
	if n, err := strconv.ParseInt(v.Raw, 10, 64); err == nil {
		*dst = n
		return respjson.NewField(v.Raw)
	}
	f := v.Num
	if f != float64(int64(f)) || f < -(1<<63) || f >= 1<<63 {
		return respjson.NewInvalidField(v.Raw)
	}
	*dst = int64(f)
	return respjson.NewField(v.Raw)
}

// Time decodes an RFC 3339 timestamp string into dst.
func Time(dst *time.Time, v gjson.Result) respjson.Field {
	if v.Type != gjson.String {
		return other(v)
	}
	t, err := time.Parse(time.RFC3339, v.Str)
	if err != nil {
		return respjson.NewInvalidField(v.Raw)
	}
	*dst = t
	return respjson.NewField(v.Raw)
}

// StringMap decodes a JSON object of string values into dst. One value of
// another type makes the whole field invalid and leaves dst nil, so a caller
// never sees a partial map presented as complete.
func StringMap(dst *map[string]string, v gjson.Result) respjson.Field {
	if !v.IsObject() {
		return other(v)
	}
	m := make(map[string]string)
	ok := true
	v.ForEach(func(k, e gjson.Result) bool {
		if e.Type != gjson.String {
			ok = false
			return false
		}
		m[k.Str] = e.Str
		return true
	})
	if !ok {
		return respjson.NewInvalidField(v.Raw)
	}
	*dst = m
	return respjson.NewField(v.Raw)
}

// Extra records an unknown field in *m, allocating the map on first use.
func Extra(m *map[string]respjson.Field, key string, v gjson.Result) {
	if *m == nil {
		*m = make(map[string]respjson.Field)
	}
	(*m)[key] = respjson.NewField(v.Raw)
}

func other(v gjson.Result) respjson.Field {
	if v.Type == gjson.Null {
		return respjson.NewField("null")
	}
	return respjson.NewInvalidField(v.Raw)
}

// RawObject receives a JSON object body undecoded, for callers such as the
// pagination package that decode generic types themselves.
type RawObject struct {
	Value gjson.Result
}

func init() {
	Register(func(dst *RawObject, v gjson.Result) { dst.Value = v })
}
