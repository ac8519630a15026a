package avaratest

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits from the API reference.
const (
	minLimit          = 1
	maxLimit          = 100
	maxMetadataPairs  = 50
	maxMetadataKeyLen = 100
	maxMetadataValLen = 1000
	idHexLen          = 32
	// maxQuoted bounds how much of a caller's input is quoted in a message.
	maxQuoted = 60
)

const (
	paramCustomerID = "expressCustomerId"
	paramName       = "expressCustomerName"
	paramMetadata   = "metadata"
	paramUserID     = "userId"
	paramLimit      = "limit"
	paramCursor     = "cursor"
	paramBody       = "body"
)

func validID(s, prefix string) bool {
	if len(s) != len(prefix)+idHexLen || !strings.HasPrefix(s, prefix) {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// validCustomerID accepts only lowercase hex, the form the API issues; any
// other spelling could never name an existing customer.
func validCustomerID(s string) bool { return validID(s, "cus_") }

func validUserID(s string) bool { return validID(s, "usr_") }

func checkCustomerID(id string) *apiError {
	if id == "" {
		return invalid(paramCustomerID, "must not be empty")
	}
	if !validCustomerID(id) {
		return invalid(paramCustomerID, `must be "cus_" followed by 32 lowercase hexadecimal characters, got %q`, clip(id, maxQuoted))
	}
	return nil
}

// object is a decoded JSON request body: each top-level field still raw, so
// that each can be checked for its type and named in the error.
type object map[string]json.RawMessage

// decodeObject parses a request body that must be a JSON object with only
// the allowed fields. An empty body is an empty object, because clients
// commonly send no body for an action with no parameters.
func decodeObject(body []byte, allowed ...string) (object, *apiError) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return object{}, nil
	}
	if body[0] != '{' {
		if !json.Valid(body) {
			return nil, invalid(paramBody, "malformed JSON")
		}
		return nil, invalid(paramBody, "must be a JSON object")
	}
	var obj object
	if err := json.Unmarshal(body, &obj); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, invalid(paramBody, "malformed JSON at byte %d: %s", syn.Offset, syn.Error())
		}
		return nil, invalid(paramBody, "malformed JSON: %s", err.Error())
	}
	var unknown []string
	for k := range obj {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		name := clip(unknown[0], maxQuoted)
		e := invalid(name, "unknown field; allowed fields are %s", allowedList(allowed))
		return nil, e
	}
	return obj, nil
}

func allowedList(allowed []string) string {
	if len(allowed) == 0 {
		return "none"
	}
	return strings.Join(allowed, ", ")
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// stringField reads a field that must be a JSON string. present is false
// when the field is absent; null is present but not a string.
func (o object) stringField(name string) (value string, present bool, e *apiError) {
	raw, ok := o[name]
	if !ok {
		return "", false, nil
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return "", true, invalid(name, "must be a string, got %s", jsonKind(raw))
	}
	if err := json.Unmarshal(raw, &value); err != nil {
		return "", true, invalid(name, "must be a string")
	}
	return value, true, nil
}

func jsonKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '"':
		return "a string"
	default:
		return "a number"
	}
}

func checkName(o object, required bool) (name string, present bool, e *apiError) {
	name, present, e = o.stringField(paramName)
	switch {
	case e != nil:
		return "", true, e
	case !present && required:
		return "", false, invalid(paramName, "is required")
	case present && utf8.RuneCountInString(name) < 1:
		return "", true, invalid(paramName, "must be at least 1 character")
	}
	return name, present, nil
}

// metadataField reads "metadata". present is false when absent; a present
// null gives a nil map, which clears metadata on update.
func (o object) metadataField() (md map[string]string, present bool, e *apiError) {
	raw, ok := o[paramMetadata]
	if !ok {
		return nil, false, nil
	}
	raw = bytes.TrimSpace(raw)
	if isNull(raw) {
		return nil, true, nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, true, invalid(paramMetadata, "must be an object of string values or null, got %s", jsonKind(raw))
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, true, invalid(paramMetadata, "must be an object of string values or null")
	}
	if len(fields) > maxMetadataPairs {
		return nil, true, invalid(paramMetadata, "at most %d pairs allowed, got %d", maxMetadataPairs, len(fields))
	}
	md = make(map[string]string, len(fields))
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		v := bytes.TrimSpace(fields[k])
		if len(v) == 0 || v[0] != '"' {
			return nil, true, invalid(paramMetadata, "value for key %q must be a string, got %s", clip(k, maxQuoted), jsonKind(v))
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, true, invalid(paramMetadata, "value for key %q must be a string", clip(k, maxQuoted))
		}
		md[k] = s
	}
	if e := validateMetadata(md); e != nil {
		return nil, true, e
	}
	if len(md) == 0 {
		// An empty object and null mean the same, "no metadata", so there is
		// only one way the API reports it.
		md = nil
	}
	return md, true, nil
}

// validateMetadata applies the reference's limits, counting characters as
// Unicode code points so that non-ASCII text is not penalised for its
// UTF-8 length. Keys are checked in sorted order so the error is stable.
func validateMetadata(md map[string]string) *apiError {
	if len(md) > maxMetadataPairs {
		return invalid(paramMetadata, "at most %d pairs allowed, got %d", maxMetadataPairs, len(md))
	}
	for _, k := range slices.Sorted(maps.Keys(md)) {
		if n := utf8.RuneCountInString(k); n > maxMetadataKeyLen {
			return invalid(paramMetadata, "key %q is %d characters, at most %d allowed", clip(k, 20), n, maxMetadataKeyLen)
		}
		if m := utf8.RuneCountInString(md[k]); m > maxMetadataValLen {
			return invalid(paramMetadata, "value for key %q is %d characters, at most %d allowed", clip(k, maxQuoted), m, maxMetadataValLen)
		}
	}
	return nil
}

func checkUserID(o object) (string, *apiError) {
	u, present, e := o.stringField(paramUserID)
	switch {
	case e != nil:
		return "", e
	case !present:
		return "", invalid(paramUserID, "is required")
	case !validUserID(u):
		return "", invalid(paramUserID, `must be "usr_" followed by 32 lowercase hexadecimal characters, got %q`, clip(u, maxQuoted))
	}
	return u, nil
}

// parseLimit accepts only a plain decimal integer: "1e2" or "50.0" are
// refused rather than guessed at.
func parseLimit(s string, def int) (int, *apiError) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < minLimit || n > maxLimit {
		return 0, invalid(paramLimit, "must be an integer between %d and %d, got %q", minLimit, maxLimit, clip(s, maxQuoted))
	}
	return n, nil
}
