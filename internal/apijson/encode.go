package apijson

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/avara/avara-go/packages/respjson"
)

// Writer encodes a response type's fields as one JSON object, in one of two
// ways. A value that was decoded (NewWriter(true)) survives a round trip
// through encoding/json: a field that was missing stays missing, a null
// stays null, a wrong-typed value is written back as received, unknown
// fields are kept, and a value the caller changed is written as changed. A
// value built in code (NewWriter(false)) is written as encoding/json writes
// a plain struct of the same fields: every field, zero values included.
//
// Either way no key is written twice: a map key or an unknown field that
// would encode to a key already written (two keys that differ only in
// invalid UTF-8, which both become U+FFFD) fails Bytes with an error naming
// both, rather than losing one of the values.
type Writer struct {
	buf     []byte
	decoded bool
	names   []string // the keys written, for the duplicate check of Extras
	err     error
}

// NewWriter starts a JSON object for a value that was decoded or, with
// decoded false, built in code.
func NewWriter(decoded bool) *Writer {
	return &Writer{buf: append(make([]byte, 0, 256), '{'), decoded: decoded}
}

// Bytes closes the object and returns it, or the first error.
func (w *Writer) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return append(w.buf, '}'), nil
}

func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *Writer) key(name string) {
	if len(w.buf) > 1 {
		w.buf = append(w.buf, ',')
	}
	w.buf = appendString(w.buf, name)
	w.buf = append(w.buf, ':')
	w.names = append(w.names, name)
}

// omit reports whether a field of a decoded value is written as received
// rather than from its Go value, and writes it so: a zero Go value whose
// field was missing (left out), null or invalid (its raw JSON).
func (w *Writer) omit(zero bool, name string, meta respjson.Field) bool {
	if !w.decoded || !zero || meta.Valid() {
		return false
	}
	if meta.IsNull() || meta.IsInvalid() {
		w.key(name)
		w.buf = append(w.buf, meta.Raw()...)
	}
	return true
}

// String writes a string field.
func (w *Writer) String(name, v string, meta respjson.Field) {
	if w.omit(v == "", name, meta) {
		return
	}
	w.key(name)
	w.buf = appendString(w.buf, v)
}

// Bool writes a boolean field.
func (w *Writer) Bool(name string, v bool, meta respjson.Field) {
	if w.omit(!v, name, meta) {
		return
	}
	w.key(name)
	w.buf = strconv.AppendBool(w.buf, v)
}

// Int writes an integer field.
func (w *Writer) Int(name string, v int64, meta respjson.Field) {
	if w.omit(v == 0, name, meta) {
		return
	}
	w.key(name)
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

// Float writes a number field as encoding/json does; NaN and the
// infinities fail Bytes, as they fail json.Marshal.
func (w *Writer) Float(name string, v float64, meta respjson.Field) {
	w.marshal(v == 0, name, v, meta)
}

// Time writes a timestamp field as encoding/json does (RFC 3339 with the
// precision it has); a year past 9999 fails Bytes, as it fails json.Marshal.
func (w *Writer) Time(name string, v time.Time, meta respjson.Field) {
	if w.omit(v.IsZero(), name, meta) {
		return
	}
	b, err := v.MarshalJSON()
	if err != nil {
		w.fail(fmt.Errorf("%s: %w", name, err))
		return
	}
	w.key(name)
	w.buf = append(w.buf, b...)
}

// StringMap writes a map of strings, keys sorted, as encoding/json does:
// null for a nil map.
func (w *Writer) StringMap(name string, v map[string]string, meta respjson.Field) {
	if w.omit(v == nil, name, meta) {
		return
	}
	w.key(name)
	if v == nil {
		w.buf = append(w.buf, "null"...)
		return
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if err := distinctKeys(keys); err != nil {
		w.fail(fmt.Errorf("%s: %w", name, err))
		return
	}
	w.buf = append(w.buf, '{')
	for i, k := range keys {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = appendString(w.buf, k)
		w.buf = append(w.buf, ':')
		w.buf = appendString(w.buf, v[k])
	}
	w.buf = append(w.buf, '}')
}

// Value writes any other field (a list, a nested object, free-form JSON)
// with encoding/json, which calls the nested types' own MarshalJSON.
func (w *Writer) Value(name string, v any, meta respjson.Field) {
	w.marshal(reflect.ValueOf(v).IsZero(), name, v, meta)
}

// marshal writes a field with encoding/json, unless omit says it is
// written as received.
func (w *Writer) marshal(zero bool, name string, v any, meta respjson.Field) {
	if w.omit(zero, name, meta) {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		w.fail(fmt.Errorf("%s: %w", name, err))
		return
	}
	w.key(name)
	w.buf = append(w.buf, b...)
}

// Extras writes the unknown fields kept from decoding, as received, in the
// order of their keys.
func (w *Writer) Extras(extra map[string]respjson.Field) {
	if len(extra) == 0 {
		return
	}
	keys := make([]string, 0, len(extra))
	for k, f := range extra {
		if f.IsPresent() {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	if err := distinctKeys(append(keys, w.names...)); err != nil {
		w.fail(fmt.Errorf("ExtraFields: %w", err))
		return
	}
	for _, k := range keys {
		w.key(k)
		w.buf = append(w.buf, extra[k].Raw()...)
	}
}

var errDuplicateKey = errors.New("two keys would be written as one")

// distinctKeys fails when two of keys encode to the same JSON string: when
// they are equal, or differ only in invalid UTF-8, which encoding/json
// (and so this Writer) writes as U+FFFD.
func distinctKeys(keys []string) error {
	seen := make(map[string]string, len(keys))
	for _, k := range keys {
		enc := k
		if !utf8.ValidString(k) {
			enc = string(appendString(nil, k))
		}
		if other, dup := seen[enc]; dup {
			return fmt.Errorf("%w: %q and %q (invalid UTF-8 becomes U+FFFD)", errDuplicateKey, other, k)
		}
		seen[enc] = k
	}
	return nil
}

// appendString appends s quoted as encoding/json quotes a string: HTML
// characters escaped, invalid UTF-8 as U+FFFD.
func appendString(buf []byte, s string) []byte {
	if plainASCII(s) {
		buf = append(buf, '"')
		buf = append(buf, s...)
		return append(buf, '"')
	}
	b, _ := json.Marshal(s) // a string always marshals
	return append(buf, b...)
}

// plainASCII reports whether s needs no escape at all in JSON, HTML
// characters included, as encoding/json escapes them.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
