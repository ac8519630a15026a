package apijson

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/avara/avara-go/packages/respjson"
)

// Writer re-encodes a decoded response so that it survives a round trip
// through encoding/json: a field that was missing stays missing, a null stays
// null, a wrong-typed value is written back as received, unknown fields are
// kept, and a value the caller changed is written as changed.
type Writer struct {
	buf []byte
}

// NewWriter starts a JSON object.
func NewWriter() *Writer { return &Writer{buf: append(make([]byte, 0, 256), '{')} }

// Bytes closes the object and returns it.
func (w *Writer) Bytes() []byte { return append(w.buf, '}') }

func (w *Writer) key(name string) {
	if len(w.buf) > 1 {
		w.buf = append(w.buf, ',')
	}
	if plainASCII(name) {
		w.buf = strconv.AppendQuote(w.buf, name) // the same as JSON's quoting for these bytes, and cheaper
	} else {
		// Go's quoting writes \x7f or \a, which are not JSON: an unknown
		// field's name can hold any character.
		w.buf = appendString(w.buf, name)
	}
	w.buf = append(w.buf, ':')
}

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Keep writes a zero-valued field back in its received form when it was
// null or invalid, and leaves it out when it was missing.
func (w *Writer) Keep(name string, meta respjson.Field) {
	if meta.IsNull() || meta.IsInvalid() {
		w.key(name)
		w.buf = append(w.buf, meta.Raw()...)
	}
}

// String writes a string field.
func (w *Writer) String(name, v string, meta respjson.Field) {
	if v == "" && !meta.Valid() {
		w.Keep(name, meta)
		return
	}
	w.key(name)
	w.buf = appendString(w.buf, v)
}

// Bool writes a boolean field.
func (w *Writer) Bool(name string, v bool, meta respjson.Field) {
	if !v && !meta.Valid() {
		w.Keep(name, meta)
		return
	}
	w.key(name)
	w.buf = strconv.AppendBool(w.buf, v)
}

// Int writes an integer field.
func (w *Writer) Int(name string, v int64, meta respjson.Field) {
	if v == 0 && !meta.Valid() {
		w.Keep(name, meta)
		return
	}
	w.key(name)
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

// Time writes a timestamp field in RFC 3339 with the precision it has.
func (w *Writer) Time(name string, v time.Time, meta respjson.Field) {
	if v.IsZero() && !meta.Valid() {
		w.Keep(name, meta)
		return
	}
	w.key(name)
	w.buf = append(w.buf, '"')
	w.buf = v.AppendFormat(w.buf, time.RFC3339Nano)
	w.buf = append(w.buf, '"')
}

// StringMap writes a map of strings.
func (w *Writer) StringMap(name string, v map[string]string, meta respjson.Field) {
	if v == nil && !meta.Valid() {
		w.Keep(name, meta)
		return
	}
	w.key(name)
	b, _ := json.Marshal(v) // a map[string]string always marshals
	w.buf = append(w.buf, b...)
}

// Raw writes a field whose JSON is already encoded, such as a nested object.
func (w *Writer) Raw(name string, raw []byte) {
	w.key(name)
	w.buf = append(w.buf, raw...)
}

// Extras writes the unknown fields kept from decoding, as received.
func (w *Writer) Extras(extra map[string]respjson.Field) {
	for k, f := range extra {
		if f.IsPresent() {
			w.key(k)
			w.buf = append(w.buf, f.Raw()...)
		}
	}
}

func appendString(buf []byte, s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return append(buf, b...)
}
