package apijson

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// decodeAny reads the next value with the Decoder's own readers into what
// encoding/json decodes with UseNumber: map[string]any (last key wins),
// []any, string, json.Number, bool, nil. Each string and key goes through
// norm as it is read, in document order, so that keys norm makes equal
// collide in the same order as in encoding/json.
func decodeAny(d *Decoder, norm func(string) string) any {
	switch d.Peek() {
	case KindObject:
		m := map[string]any{}
		d.Object()
		for k, ok := d.Key(); ok; k, ok = d.Key() {
			m[norm(k)] = decodeAny(d, norm)
		}
		return m
	case KindArray:
		a := []any{}
		d.Array()
		for d.Elem() {
			a = append(a, decodeAny(d, norm))
		}
		return a
	case KindString:
		return norm(d.str())
	case KindNumber:
		return json.Number(d.number())
	case KindBool:
		if d.s[d.pos] == 't' {
			d.literal("true")
			return true
		}
		d.literal("false")
		return false
	case KindNull:
		d.literal("null")
		return nil
	}
	d.Skip() // fails
	return nil
}

// scanAll decodes s as one JSON text with the Decoder.
func scanAll(s string, norm func(string) string) (any, error) {
	d := NewDecoder(s)
	v := decodeAny(d, norm)
	d.Finish()
	return v, d.Err()
}

func asIs(s string) string { return s }

func stdDecode(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func TestScanValues(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want any
	}{
		{`null`, nil},
		{`true`, true},
		{`false`, false},
		{` 0 `, json.Number("0")},
		{`-0`, json.Number("-0")},
		{`12345678901234567890`, json.Number("12345678901234567890")},
		{`-1.5e+10`, json.Number("-1.5e+10")},
		{`1E-3`, json.Number("1E-3")},
		{`0.0`, json.Number("0.0")},
		{`""`, ""},
		{`"plain"`, "plain"},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{`"\u00e9\u00E9"`, "éé"},
		{`"\u0000"`, "\x00"},
		{`"\ud83c\udfe5"`, "🏥"},
		{`"\ud800"`, "\ufffd"},
		{`"\udc00\ud800"`, "\ufffd\ufffd"},
		{`"\ud800\u0041"`, "\ufffdA"},
		{`"\ud800\ud800\udc00"`, "\ufffd\U00010000"},
		{`"a\u0041b"`, "aAb"},
		{"\"\x7f é 🏥\"", "\x7f é 🏥"},
		{"\"\xff\xfe\"", "\ufffd\ufffd"},           // each invalid byte is U+FFFD, as encoding/json decodes it
		{"\"\xff\\n\"", "\ufffd\n"},                // also beside an escape
		{"\"a\xe2\x82\"", "a\ufffd\ufffd"},         // a sequence cut short: one per byte
		{"\"\xed\xa0\x80\"", "\ufffd\ufffd\ufffd"}, // a surrogate written as UTF-8
		{`[]`, []any{}},
		{` [ 1 , "a" , [ ] , { } ] `, []any{json.Number("1"), "a", []any{}, map[string]any{}}},
		{`{}`, map[string]any{}},
		{"{\n\t\"a\" :\r 1 }", map[string]any{"a": json.Number("1")}},
		{`{"a":1,"a":2}`, map[string]any{"a": json.Number("2")}},
		{`{"k\u00e9y":{"n":[null,true]}}`, map[string]any{"kéy": map[string]any{"n": []any{nil, true}}}},
	} {
		got, err := scanAll(tt.in, asIs)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %#v, want %#v", tt.in, got, tt.want)
		}
		if !Valid(tt.in) || !json.Valid([]byte(tt.in)) {
			t.Errorf("%q: Valid %v, json.Valid %v", tt.in, Valid(tt.in), json.Valid([]byte(tt.in)))
		}
	}
}

func TestScanErrors(t *testing.T) {
	for _, in := range []string{
		``, ` `, `nul`, `nulll`, `tru`, `True`, `fals`, `n`,
		`-`, `+1`, `01`, `1.`, `.5`, `1e`, `1e+`, `1.e5`, `0x10`, `--1`, `1 2`, `NaN`, `Infinity`,
		`"`, `"abc`, `"\"`, `"\x"`, `"\u12"`, `"\u12g4"`, `"\ud800\u12"`, "\"a\x00\"", "\"a\nb\"", "\"\t\"", `"\`,
		`[`, `[1`, `[1,`, `[1,]`, `[,1]`, `[1 2]`, `[1:2]`, `]`, `[}`, `[1}`,
		`{`, `{"a"`, `{"a":`, `{"a":1`, `{"a":1,}`, `{,"a":1}`, `{"a" 1}`, `{a:1}`, `{1:1}`, `{"a":1 "b":2}`, `{"a":1]`, `}`,
		`{} {}`, `{}x`, `"a" "b"`, `[] ,`, "{}\x00",
		`{"expressCustomers":[{"a":1},{"b":2]}`, `[{"a":"}"]`, `[{"a":1},{"a":"\"}]`,
	} {
		if _, err := scanAll(in, asIs); err == nil {
			t.Errorf("%q: no error", in)
		} else if !errors.As(err, new(*SyntaxError)) {
			t.Errorf("%q: %T", in, err)
		}
		if Valid(in) {
			t.Errorf("Valid(%q)", in)
		}
		if json.Valid([]byte(in)) {
			t.Errorf("json.Valid(%q): the case is wrong", in)
		}
	}
}

func TestScanDepth(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	if !Valid(nest(MaxDepth)) || !json.Valid([]byte(nest(MaxDepth))) {
		t.Errorf("%d levels refused", MaxDepth)
	}
	if Valid(nest(MaxDepth+1)) || json.Valid([]byte(nest(MaxDepth+1))) {
		t.Errorf("%d levels accepted", MaxDepth+1)
	}
	objects := strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1)
	if Valid(objects) {
		t.Error("deep objects accepted")
	}
	// Far deeper input fails at the limit instead of growing the stack.
	if Valid(strings.Repeat("[", 10_000_000)) {
		t.Error("accepted")
	}
	if Valid(`{"x":` + nest(MaxDepth) + `}`) {
		t.Error("a body nested past the limit inside an object was accepted")
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `"a\u00e9\ud83c\udfe5\ud800x"`, `-1.5e-3`, `{"a":[1,{"b":null}],"a":"x"}`,
		`[{"a":"]"},null,{"b":"\"}"}]`, "\"\xff\"", "{\"\xff\":1,\"\xfe\":2}", `{"a":1,}`, `[1,]`, `01`, `1.`,
		`"\u12"`, "\"\x1f\"", `{"a" 1}`, `[[[[]]]]`, ` {"x" : [ true , false ] } `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s := string(data)
		want := json.Valid(data)
		if got := Valid(s); got != want {
			t.Fatalf("%q: Valid %v, json.Valid %v", data, got, want)
		}
		v, err := scanAll(s, asIs)
		if (err == nil) != want {
			t.Fatalf("%q: scan error %v, json.Valid %v", data, err, want)
		}
		if !want {
			return
		}
		std, err := stdDecode(s)
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if !reflect.DeepEqual(v, std) {
			t.Fatalf("%q:\n got %#v\nwant %#v", data, v, std)
		}
		// Skip and Value agree with the readers on where a value ends.
		d := NewDecoder(s)
		if raw := d.Value(); d.Err() != nil || raw != strings.Trim(s, " \t\r\n") {
			t.Fatalf("%q: Value %q, %v", data, raw, d.Err())
		}
	})
}

// TestPlainRun checks the eight-bytes-at-a-time scans against a byte loop
// for every byte value at every position of a word and across words, alone
// and with a second byte after it of the values the scans' arithmetic is
// closest to getting wrong.
func TestPlainRun(t *testing.T) {
	check := func(s string) {
		for from := 0; from <= len(s); from++ {
			want := from
			for want < len(s) && !stringStop[s[want]] {
				want++
			}
			if got := plainRun(s, from); got != want {
				t.Fatalf("plainRun(%q, %d) = %d, want %d", s, from, got, want)
			}
		}
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 20; pos++ {
			for _, fill := range []byte{'a', 0xff, 0x80, ' ', '!', '#', '[', ']'} {
				b := bytes.Repeat([]byte{fill}, 20)
				b[pos] = byte(c)
				check(string(b))
				for _, c2 := range []byte{0, 0x1f, 0x20, '"', '\\', 0x7f, 0x80, 0xa0, 0xff} {
					for pos2 := pos + 1; pos2 < min(pos+9, 20); pos2++ {
						b2 := bytes.Clone(b)
						b2[pos2] = c2
						check(string(b2))
					}
				}
			}
		}
	}
}
