package apijson

import (
	"errors"
	"testing"

	"github.com/avara/avara-go/packages/respjson"
)

func TestScanFields(t *testing.T) {
	type rec struct {
		s     string
		b     bool
		n     int64
		m     map[string]string
		extra map[string]respjson.Field
		meta  map[string]respjson.Field
	}
	dec := func(raw string) (rec, error) {
		var r rec
		r.meta = map[string]respjson.Field{}
		d := NewDecoder(raw)
		d.Object()
		for k, ok := d.Key(); ok; k, ok = d.Key() {
			switch k {
			case "s":
				r.meta[k] = String(&r.s, d)
			case "b":
				r.meta[k] = Bool(&r.b, d)
			case "n":
				r.meta[k] = Int(&r.n, d)
			case "m":
				r.meta[k] = StringMap(&r.m, d)
			default:
				Extra(&r.extra, k, d)
			}
		}
		d.Finish()
		return r, d.Err()
	}
	r, err := dec(` { "s" : "a\u0062" , "b" : true , "n" : 1.5e1 , "m" : { "k" : "v" } , "x" : [ 1 , { } ] , "y" : null } `)
	if err != nil {
		t.Fatal(err)
	}
	if r.s != "ab" || !r.b || r.n != 15 || r.m["k"] != "v" {
		t.Errorf("%+v", r)
	}
	for k, raw := range map[string]string{"s": `"a\u0062"`, "b": "true", "n": "1.5e1", "m": `{ "k" : "v" }`} {
		if f := r.meta[k]; !f.Valid() || f.Raw() != raw {
			t.Errorf("%s: %v", k, f)
		}
	}
	if f := r.extra["x"]; !f.Valid() || f.Raw() != `[ 1 , { } ]` {
		t.Errorf("x: %v", f)
	}
	if f := r.extra["y"]; !f.IsNull() {
		t.Errorf("y: %v", f)
	}

	r, err = dec(`{"s":1,"b":"true","n":1.5,"m":{"a":"b","c":2,"d":"e"}}`)
	if err != nil {
		t.Fatal(err)
	}
	for k, raw := range map[string]string{"s": "1", "b": `"true"`, "n": "1.5", "m": `{"a":"b","c":2,"d":"e"}`} {
		if f := r.meta[k]; !f.IsInvalid() || f.Raw() != raw {
			t.Errorf("%s: %v", k, f)
		}
	}
	if r.m != nil || r.s != "" || r.b || r.n != 0 {
		t.Errorf("%+v", r)
	}

	for _, tt := range []struct {
		raw  string
		want int64
		ok   bool
	}{
		{"15", 15, true}, {"15.0", 15, true}, {"1.5e1", 15, true}, {"-0", 0, true}, {"1e-400", 0, false}, {"10.0000000000000000001", 0, false}, {"9007199254740993.0", 9007199254740993, true},
		{"9223372036854775807", 1<<63 - 1, true}, {"-9223372036854775808", -1 << 63, true},
		{"9223372036854775808", 0, false}, {"1e19", 0, false}, {"1e700", 0, false}, {"15.5", 0, false},
	} {
		r, err := dec(`{"n":` + tt.raw + `}`)
		if err != nil || r.meta["n"].Valid() != tt.ok || r.n != tt.want {
			t.Errorf("%s: %d %v %v", tt.raw, r.n, r.meta["n"], err)
		}
	}

	for _, bad := range []string{`{"s":"a`, `{"m":{"a":1`, `{"m":{"a":"b"`, `{"x":[1,]}`, `{"n":-}`, `{"b":tru}`, `{"s":1x}`} {
		if _, err := dec(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

type testRec struct {
	A, B string
	raw  string
}

func readTestRec(r *testRec, d *Decoder) respjson.Field {
	start, ok := d.Object()
	if !ok {
		return d.NotObject(start)
	}
	for k, more := d.Key(); more; k, more = d.Key() {
		switch k {
		case "a":
			String(&r.A, d)
		case "b":
			String(&r.B, d)
		default:
			d.Skip()
		}
	}
	r.raw = d.Since(start)
	return d.Field(start)
}

// TestUnmarshal checks Unmarshal on bodies that are not JSON or not
// objects: a body that is not JSON, even one that breaks only after some
// fields, leaves the destination as it was; a valid one decodes over it;
// the raw text of a body runs from its first byte of JSON to its end.
func TestUnmarshal(t *testing.T) {
	var r testRec
	for _, in := range []string{``, `{`, `{} x`, `[`, `"a`, `nul`} {
		if err := Unmarshal([]byte(in), &r, readTestRec); !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("%q: %v", in, err)
		}
	}
	for _, in := range []string{`[]`, `"a"`, `1`, `true`} {
		if err := Unmarshal([]byte(in), &r, readTestRec); err == nil || errors.Is(err, ErrInvalidJSON) {
			t.Errorf("%q: %v", in, err)
		}
	}
	r = testRec{A: "old", B: "old"}
	for _, bad := range []string{`{"a":"new","b":`, `{"a":"new"} x`, `{"a":"new","b":"x\q"}`} {
		if err := Unmarshal([]byte(bad), &r, readTestRec); !errors.Is(err, ErrInvalidJSON) {
			t.Errorf("%q: %v", bad, err)
		}
		if r != (testRec{A: "old", B: "old"}) {
			t.Errorf("%q: %+v", bad, r)
		}
	}
	if err := Unmarshal([]byte("null"), &r, readTestRec); err != nil || r.A != "old" {
		t.Errorf("null: %v %+v", err, r)
	}
	data := []byte(" \n{\"a\":\"new\"} \n")
	if err := Unmarshal(data, &r, readTestRec); err != nil {
		t.Fatal(err)
	}
	copy(data, "xxxxxxxxxxxx") // the decoded value keeps nothing of data
	if r.A != "new" || r.raw != "{\"a\":\"new\"} \n" {
		t.Errorf("%+v", r)
	}
}

func TestArrayEnumAny(t *testing.T) {
	type level string
	var (
		levels []level
		list   []string
		free   any
	)
	d := NewDecoder(`{"l":["a","zz"],"s":["x",1,"y"],"f":{"k":[1,null]}}`)
	d.Object()
	meta := map[string]respjson.Field{}
	for k, more := d.Key(); more; k, more = d.Key() {
		switch k {
		case "l":
			meta[k] = Array(&levels, d, Enum[level])
		case "s":
			meta[k] = Array(&list, d, String)
		case "f":
			meta[k] = Any(&free, d)
		}
	}
	d.Finish()
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	if len(levels) != 2 || levels[1] != "zz" || !meta["l"].Valid() {
		t.Errorf("an enum value without a constant is kept: %v %v", levels, meta["l"])
	}
	if len(list) != 3 || list[0] != "x" || list[1] != "" || list[2] != "y" || !meta["s"].IsInvalid() || meta["s"].Raw() != `["x",1,"y"]` {
		t.Errorf("a list with an element of the wrong type is invalid and keeps the rest: %q %v", list, meta["s"])
	}
	if m, ok := free.(map[string]any); !ok || len(m["k"].([]any)) != 2 {
		t.Errorf("free-form JSON: %#v", free)
	}
}

func TestPeek(t *testing.T) {
	d := NewDecoder(` {"a":1,"type":"x.y","b":[{}]} `)
	if got := d.PeekString("type"); got != "x.y" {
		t.Errorf("PeekString = %q", got)
	}
	if !d.HasMembers("a", "b") || d.HasMembers("a", "c") {
		t.Error("HasMembers")
	}
	if d.Pos() != 0 {
		t.Error("peeking consumed input")
	}
}
