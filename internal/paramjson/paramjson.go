// Package paramjson encodes params types for the generated code: their
// typed fields through encoding/json, with the extra fields a caller set
// merged in, and back.
package paramjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Extras carries request fields that this version of the SDK does not model,
// so a caller can use a new API field before the SDK is updated. Params types
// embed it; call SetExtraFields on the params value.
type Extras struct {
	fields map[string]any
}

// SetExtraFields sets fields to send alongside the typed ones. A key that is
// also a typed field replaces that field on the wire. Values are encoded with
// encoding/json; pass json.RawMessage to send raw JSON.
func (e *Extras) SetExtraFields(fields map[string]any) { e.fields = fields }

// ExtraFields returns the fields set with SetExtraFields, or those an
// UnmarshalJSON found that the params type does not know.
func (e Extras) ExtraFields() map[string]any { return e.fields }

// Marshal encodes typed (a struct whose methods do not include
// MarshalJSON, usually a shadow type of the params) and merges the extra
// fields into the resulting JSON object. It fails rather than write an
// object with the same key twice, which a server would read as one key,
// losing a value: encoding/json writes invalid UTF-8 as U+FFFD, so two map
// keys or extra fields that differ only there would collide.
func Marshal(typed any, extras Extras) ([]byte, error) {
	b, err := json.Marshal(typed)
	if err != nil {
		return nil, err
	}
	if len(extras.fields) > 0 {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return nil, err
		}
		for k, v := range extras.fields {
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("param: extra field %q: %w", k, err)
			}
			obj[k] = raw
		}
		if b, err = json.Marshal(obj); err != nil {
			return nil, err
		}
	}
	// Only invalid UTF-8 makes encoding/json write a key twice, and it then
	// writes the escape \ufffd: without one, every object's keys are
	// distinct.
	if bytes.Contains(b, []byte(`\ufffd`)) {
		if err := distinctKeys(b); err != nil {
			return nil, err
		}
	}
	return b, nil
}

var errSameKey = errors.New("two keys would be written as one (keys that differ only in invalid UTF-8 are both written with U+FFFD)")

// distinctKeys fails on the first object of the JSON text b that holds a
// key twice, naming the object by the keys that lead to it.
func distinctKeys(b []byte) error {
	return distinctIn(json.NewDecoder(bytes.NewReader(b)), "")
}

// distinctIn reads one value from dec, at path ("" for the top), and fails
// on an object in it that holds a key twice. An error of dec's own is not
// reported: encoding/json wrote the text, so it is valid.
func distinctIn(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return nil
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			key, ok := tok.(string)
			if err != nil || !ok {
				return nil
			}
			if seen[key] {
				where := "param"
				if path != "" {
					where += ": " + path
				}
				return fmt.Errorf("%s: %+q: %w", where, key, errSameKey)
			}
			seen[key] = true
			if err := distinctIn(dec, strings.TrimPrefix(path+"."+key, ".")); err != nil {
				return err
			}
		}
	case json.Delim('['):
		for dec.More() {
			if err := distinctIn(dec, path+"[]"); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, _ = dec.Token() // the closing delimiter
	return nil
}

// Unmarshal decodes data into typed (a pointer to a shadow struct of
// the params) and keeps every top-level key not listed in known as an extra
// field, so nothing in the input is lost.
func Unmarshal(data []byte, typed any, extras *Extras, known ...string) error {
	if err := json.Unmarshal(data, typed); err != nil {
		return err
	}
	var obj map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&obj); err != nil {
		return err
	}
	extras.fields = nil
	for k, v := range obj {
		if isKnown(k, known) {
			continue
		}
		if extras.fields == nil {
			extras.fields = make(map[string]any)
		}
		extras.fields[k] = v
	}
	return nil
}

func isKnown(k string, known []string) bool {
	for _, n := range known {
		if n == k {
			return true
		}
	}
	return false
}
