package avaratest

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// filters turns a list's query parameters (all but cursor and limit) into
// one test on records. A parameter filters the field of its name, or the
// one its x-avaratest names, by equality, unless x-avaratest says how:
// contains (case-insensitive), expired (against now), since or until (a
// date against a timestamp). An array parameter matches any of its values.
// A nullable parameter given as null matches objects without the field.
// Objects are filtered as they read (see the schema's mask).
func (b *builder) filters(r *request) func(*record) bool {
	var tests []func(map[string]any) bool
	for _, p := range r.op.params {
		if p.in != "query" || p.name == "cursor" || p.name == "limit" {
			continue
		}
		text, given := r.query.Get(p.name), r.query.Has(p.name)
		if !given && p.hint.Default != nil {
			text, given = *p.hint.Default, true
		}
		if !given {
			continue
		}
		field := p.name
		if p.hint.Field != "" {
			field = p.hint.Field
		}
		rule := p.rule
		if alt := rule.textAlternative(text); alt != nil {
			rule = alt
		}
		now := b.now
		switch {
		case text == "null" && p.rule.nullable():
			tests = append(tests, func(f map[string]any) bool { return f[field] == nil })
		case p.hint.Match == "contains":
			want := strings.ToLower(text)
			tests = append(tests, func(f map[string]any) bool {
				return strings.Contains(strings.ToLower(str(f[field])), want)
			})
		case p.hint.Match == "expired":
			tests = append(tests, func(f map[string]any) bool {
				at, err := time.Parse(time.RFC3339Nano, str(f[field]))
				expired := err == nil && !at.After(now)
				switch text {
				case "expired":
					return expired
				case "not-expired":
					return !expired
				}
				return true
			})
		case p.hint.Match == "since" || p.hint.Match == "until":
			day, _ := time.Parse(time.DateOnly, text)
			since := p.hint.Match == "since"
			tests = append(tests, func(f map[string]any) bool {
				at, err := time.Parse(time.RFC3339Nano, str(f[field]))
				if err != nil {
					return false
				}
				d, _ := time.Parse(time.DateOnly, at.UTC().Format(time.DateOnly))
				if since {
					return !d.Before(day)
				}
				return !d.After(day)
			})
		case rule.kinds&kindArray != 0:
			values := strings.Split(text, ",")
			tests = append(tests, func(f map[string]any) bool {
				for _, v := range values {
					if equalText(f[field], v) {
						return true
					}
				}
				return false
			})
		default:
			tests = append(tests, func(f map[string]any) bool { return equalText(f[field], text) })
		}
	}
	mask := r.op.res.mask
	return func(rec *record) bool {
		fields := masked(mask, rec.fields) // filter what the list answers
		for _, t := range tests {
			if !t(fields) {
				return false
			}
		}
		return true
	}
}

// equalText compares a stored value with a parameter's text.
func equalText(v any, text string) bool {
	switch v := v.(type) {
	case string:
		return v == text
	case bool:
		return strconv.FormatBool(v) == text
	case json.Number:
		a, err1 := v.Float64()
		b, err2 := strconv.ParseFloat(text, 64)
		return err1 == nil && err2 == nil && a == b
	}
	return false
}
