package avaratest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// builder shapes stored fields into answers valid against the answer's
// schema: each property from the field of its name (or as its
// x-avaratest says), a required property with no value a null where the
// schema allows one and a plausible value where not, and an optional one
// with no value left out. The caller holds the store's lock.
type builder struct {
	s      *Server
	now    time.Time
	origin string // scheme and host the request came to, for made-up URLs
	opID   string
}

// object shapes fields into an object of rule.
func (b *builder) object(rule *schemaRule, fields map[string]any) map[string]any {
	fields = masked(rule.hint.Mask, fields)
	out := make(map[string]any, len(rule.properties))
	for _, p := range rule.properties {
		if v, ok := b.value(p, fields); ok {
			out[p.name] = v
			continue
		}
		for _, req := range rule.required {
			if req == p.name {
				out[p.name] = b.plausible(p.rule, p.name)
			}
		}
	}
	return out
}

// masked returns fields as they read while mask's condition holds (a
// revoked user's permissions read false), or fields unchanged.
func masked(mask *condSet, fields map[string]any) map[string]any {
	if mask == nil || !matches(fields, mask.When) {
		return fields
	}
	fields = clone(fields)
	for k, v := range mask.Set {
		fields[k] = v
	}
	return fields
}

// complete gives a new object of res a value for each required field it
// lacks, once, so that every read of it answers the same: a null where the
// schema allows one, else a plausible value (the first of an enum, a
// minted id). Fields the fake derives on each read (references) are left
// alone.
func (b *builder) complete(res *resource, fields map[string]any) {
	for _, name := range res.schema.required {
		p := res.schema.property(name)
		if _, ok := fields[name]; ok || p.hint != (propHint{}) || name == "createdAt" || name == "updatedAt" {
			continue
		}
		fields[name] = b.plausible(p.rule, name)
	}
}

// value finds the value of property p in fields, shaped to its schema.
func (b *builder) value(p *property, fields map[string]any) (any, bool) {
	h := p.hint
	from := p.name
	if h.From != "" {
		from = h.From
	}
	if h.Present != "" {
		v, ok := fields[h.Present]
		return ok && v != nil && v != "", true
	}
	v, ok := fields[from]
	if !ok {
		return nil, false
	}
	if h.Ref != "" && v != nil {
		res := spec().resources[h.Ref]
		ref := b.s.store.getLocked(res, str(v))
		if ref == nil {
			if p.rule.nullable() {
				return nil, true
			}
			return nil, false
		}
		v = ref.fields
		if h.Field != "" {
			v, ok = ref.fields[h.Field]
			if !ok {
				return nil, false
			}
		}
	}
	return b.shape(p.rule, v)
}

// shape fits v, a stored value, to rule; false when it cannot be made to
// fit, so that the caller treats it as missing.
func (b *builder) shape(rule *schemaRule, v any) (any, bool) {
	if v == nil {
		return nil, rule.nullable() || rule.allKinds() == 0
	}
	alt := rule.alternative(v)
	if alt == nil {
		return nil, false
	}
	if alt.kinds != 0 && alt.kinds&kindOf(v) == 0 {
		return nil, false
	}
	switch v := v.(type) {
	case map[string]any:
		if len(alt.properties) > 0 {
			return b.object(alt, v), true
		}
	case []any:
		if alt.items != nil {
			out := make([]any, 0, len(v))
			for _, item := range v {
				if x, ok := b.shape(alt.items, item); ok {
					out = append(out, x)
				}
			}
			return out, true
		}
	}
	return v, true
}

var digitsPattern = regexp.MustCompile(`^\^\[0-9\]\{(\d+)(?:,\d+)?\}\$$`)

// plausible makes a value for a required property the fake has none for:
// null where allowed, else a value of the schema's type and format.
func (b *builder) plausible(rule *schemaRule, name string) any {
	if rule.nullable() {
		return nil
	}
	if len(rule.oneOf) > 0 {
		return b.plausible(rule.oneOf[0], name)
	}
	if len(rule.enum) > 0 {
		return rule.enum[0]
	}
	switch {
	case rule.kinds&kindString != 0:
		return b.plausibleString(rule, name)
	case rule.kinds&kindBoolean != 0:
		return false
	case rule.kinds&(kindInteger|kindNumber) != 0:
		if rule.minimum != nil {
			return json.Number(strconv.FormatFloat(*rule.minimum, 'f', -1, 64))
		}
		return json.Number("0")
	case rule.kinds&kindArray != 0:
		return []any{}
	case rule.kinds&kindObject != 0:
		return b.object(rule, nil)
	}
	return nil
}

func (b *builder) plausibleString(rule *schemaRule, name string) string {
	switch rule.format {
	case "date-time":
		return formatTime(b.now)
	case "date":
		return b.now.Format(time.DateOnly)
	case "uuid":
		return stableUUID(name + "\x00" + b.s.APIKey)
	case "email":
		return "user@example.com"
	case "uri":
		return b.url(b.opID)
	}
	if pre := idPrefix(rule); pre != "" {
		return randomID(pre)
	}
	if rule.pattern != nil {
		if m := digitsPattern.FindStringSubmatch(rule.pattern.String()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return strings.Repeat("0", n)
		}
		if rule.pattern.String() == `^[0-9.]+$` {
			return "1.2.3"
		}
	}
	return strings.Repeat("x", rule.minLength)
}

// url makes a URL on the fake's own host for an answer that must hold
// one: a tokenized reroute or session URL, a presigned download. The fake
// answers nothing there; it is well-formed and unique, not usable.
func (b *builder) url(what string) string {
	return b.origin + "/avaratest/" + what + "/" + randomID("tok_")
}

// stableUUID derives a version 4 UUID from text, so that the same key
// always gets the same id, without the text being readable from it.
func stableUUID(text string) string {
	sum := sha256.Sum256([]byte("avaratest uuid\x00" + text))
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(u)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// matches reports whether fields meet every condition of want: a value
// to equal, or "$present" / "$absent".
func matches(fields map[string]any, want map[string]any) bool {
	for k, w := range want {
		v, ok := fields[k]
		switch w {
		case "$present":
			if !ok || v == nil {
				return false
			}
		case "$absent":
			if ok && v != nil {
				return false
			}
		default:
			if !sameValue(v, w) {
				return false
			}
		}
	}
	return true
}

// expand turns a hint's value into a stored one: the macros $now,
// $in7Days, $apiKeyId, $apiKey, $clinicId and $ownerUserId, and "{field}"
// in a string from fields ({id} and {now} too).
func (b *builder) expand(v any, id string, fields map[string]any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	switch s {
	case "$now":
		return formatTime(b.now)
	case "$in7Days":
		return formatTime(b.now.Add(7 * 24 * time.Hour))
	case "$apiKeyId":
		return b.s.apiKeyID
	case "$apiKey":
		return map[string]any{"apiKeyId": b.s.apiKeyID, "description": "avaratest API key"}
	case "$clinicId":
		return stableUUID("clinic\x00" + b.s.APIKey)
	case "$ownerUserId":
		return "usr_" + strings.ReplaceAll(stableUUID("owner\x00"+b.s.APIKey), "-", "")
	}
	if !strings.Contains(s, "{") {
		return s
	}
	return template(s, id, formatTime(b.now), fields)
}

// template fills "{name}" in s from fields, with {id} and {now} given.
func template(s, id, now string, fields map[string]any) string {
	var out strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			out.WriteString(s)
			return out.String()
		}
		out.WriteString(s[:i])
		name := s[i+1 : i+j]
		switch name {
		case "id":
			out.WriteString(id)
		case "now":
			out.WriteString(now)
		default:
			if v, ok := fields[name]; ok {
				out.WriteString(textOf(v))
			}
		}
		s = s[i+j+1:]
	}
}

func textOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}
