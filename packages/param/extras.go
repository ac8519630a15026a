package param

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// MarshalObject encodes typed (a struct whose methods do not include
// MarshalJSON, usually a shadow type of the params) and merges the extra
// fields into the resulting JSON object.
func MarshalObject(typed any, extras Extras) ([]byte, error) {
	b, err := json.Marshal(typed)
	if err != nil || len(extras.fields) == 0 {
		return b, err
	}
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
	return json.Marshal(obj)
}

// UnmarshalObject decodes data into typed (a pointer to a shadow struct of
// the params) and keeps every top-level key not listed in known as an extra
// field, so nothing in the input is lost.
func UnmarshalObject(data []byte, typed any, extras *Extras, known ...string) error {
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
