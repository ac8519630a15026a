package avara_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/packages/pagination"
)

// Fuzz targets for the response decoders: whatever bytes a server sends,
// decoding never panics, fails only with ErrInvalidResponse, and a decoded
// value re-encodes to valid JSON that decodes to the same thing. Run one
// with, for example:
//
//	go test -run '^$' -fuzz '^FuzzDecodeExpressCustomer$' -fuzztime 30s .
//
// The seeds below and testdata/fuzz/<FuzzName>/ run as ordinary tests.

var fzSeeds = []string{
	``,
	`{}`,
	`null`,
	`[]`,
	`"str"`,
	`{"expressCustomerId":"cus_0123456789abcdef0123456789abcdef","expressCustomerName":"City Medical Center","isActive":true,` +
		`"userCount":3,"createdAt":"2024-03-01T10:00:00.123Z","updatedAt":"2024-03-02T10:00:00+02:00",` +
		`"createdByApiKeyId":"9b1c0d4e-0000-4000-8000-000000000000","createdByUserId":null,"metadata":{"region":"ne"}}`,
	`{"expressCustomerId":1,"isActive":"yes","userCount":1.5,"createdAt":"yesterday","metadata":{"a":1}}`,
	`{"userCount":1e2,"metadata":null,"createdAt":null,"unknown":{"nested":[1,2,{"x":null}]}}`,
	`{"userCount":99999999999999999999,"isActive":null}`,
	`{"\u007f":1,"\u0000":"nul","\ud800":true,"a\"b":[]}`,
	"{\"\xff\":1,\"name\":\"\xfe\"}",
	`{"a":1,"a":2,"userCount":1,"userCount":"x"}`,
	`{"expressCustomers":[{"expressCustomerId":"cus_1"},null,{}],"hasMore":true,"cursor":"abc"}`,
	`{"expressCustomers":[1],"hasMore":true}`,
	`{"expressCustomers":{},"hasMore":"true","cursor":5}`,
	`{"expressCustomers":null,"hasMore":false,"cursor":null,"extra":"x"}`,
	`{"success":true,"message":"user usr_1 added"}`,
	`{"success":"true","message":null}`,
	`{"success":true} trailing`,
	`{"a":`,
	`{"createdAt":"2024-02-30T25:61:61Z","updatedAt":"10000-01-01T00:00:00Z"}`,
	` {"success" : false } `,
	`{"":1e700,"userCount":1e700}`,
}

// fzSame decodes two JSON texts with encoding/json, numbers kept exact,
// and reports whether they hold the same values.
func fzSame(t *testing.T, a, b []byte) bool {
	t.Helper()
	decode := func(data []byte) any {
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		return v
	}
	return reflect.DeepEqual(decode(a), decode(b))
}

// fzDuplicateKeys reports whether some object in the JSON text data has
// a key twice. Distinct keys of a decoded response can encode to the same
// JSON text ("\xff" and "\x8f" both become "\ufffd", as encoding/json
// writes them for a map too), and unknown fields are written in map order,
// so such an output has no one meaning to compare.
func fzDuplicateKeys(t *testing.T, data []byte) bool {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber() // 1e700 is valid JSON, but no float64
	type frame struct {
		object  bool
		keys    map[string]bool
		wantKey bool
	}
	var stack []*frame
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return false
		}
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.wantKey {
			if k, ok := tok.(string); ok {
				if top.keys[k] {
					return true
				}
				top.keys[k] = true
				top.wantKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, keys: map[string]bool{}, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: the enclosing object wants a key next.
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].wantKey = true
		}
	}
}

// fzDecode checks one input against one response type: *T must decode
// with json.Unmarshal and with the pipeline's own decoder.
func fzDecode[T any](t *testing.T, data []byte) {
	var viaJSON T
	jsonErr := json.Unmarshal(data, &viaJSON)
	var viaPipeline T
	pipeErr := requestconfig.Decode(string(data), &viaPipeline)

	if pipeErr != nil && !errors.Is(pipeErr, avara.ErrInvalidResponse) {
		t.Fatalf("Decode(%q): %v does not wrap ErrInvalidResponse", data, pipeErr)
	}
	if !json.Valid(data) {
		if jsonErr == nil {
			t.Fatalf("json.Unmarshal accepted invalid JSON %q", data)
		}
		if pipeErr == nil {
			t.Fatalf("Decode accepted invalid JSON %q", data)
		}
		return
	}
	if pipeErr != nil || jsonErr != nil {
		// Valid JSON of the wrong shape: both decoders must say so, the
		// pipeline's for anything encoding/json refuses. (encoding/json
		// alone accepts a top-level null, leaving the value zero.)
		if jsonErr != nil && pipeErr == nil && !fzMarkedInvalid(&viaPipeline) {
			t.Fatalf("%q: json.Unmarshal failed (%v) but Decode did not", data, jsonErr)
		}
		if pipeErr != nil && jsonErr == nil && string(bytes.TrimSpace(data)) != "null" {
			t.Fatalf("%q: Decode failed (%v) but json.Unmarshal did not", data, pipeErr)
		}
		return
	}

	out, err := json.Marshal(viaJSON)
	if err != nil {
		t.Fatalf("%q decoded, but does not encode: %v", data, err)
	}
	if !json.Valid(out) {
		t.Fatalf("%q re-encodes to invalid JSON %q", data, out)
	}
	outPipe, err := json.Marshal(viaPipeline)
	if err != nil {
		t.Fatalf("%q: %v", data, err)
	}
	if fzDuplicateKeys(t, out) {
		return
	}
	if !fzSame(t, out, outPipe) {
		t.Fatalf("%q: json.Unmarshal and Decode disagree:\n%s\n%s", data, out, outPipe)
	}
	// A second round trip changes nothing: the first already wrote every
	// value in its canonical form.
	var again T
	if err := json.Unmarshal(out, &again); err != nil {
		t.Fatalf("%q re-encodes to %q, which does not decode: %v", data, out, err)
	}
	out2, err := json.Marshal(again)
	if err != nil {
		t.Fatalf("%q: %v", out, err)
	}
	if !fzSame(t, out, out2) {
		t.Fatalf("%q: round trips differ:\n%s\n%s", data, out, out2)
	}
}

// fzMarkedInvalid reports whether a value decoded without an error still
// says it is broken. A page decoded by type (WithResponseBodyInto) cannot
// return an error from the decoder registry, so an item that is not an
// object leaves it without items and JSON.ExpressCustomers invalid; List
// and json.Unmarshal report an error for the same page.
func fzMarkedInvalid(v any) bool {
	p, ok := v.(*pagination.CursorExpressCustomers[avara.ExpressCustomer])
	return ok && p.JSON.ExpressCustomers.IsInvalid() && p.ExpressCustomers == nil
}

func fzAddSeeds(f *testing.F) {
	for _, s := range fzSeeds {
		f.Add([]byte(s))
	}
}

func FuzzDecodeExpressCustomer(f *testing.F) {
	fzAddSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fzDecode[avara.ExpressCustomer](t, data)
	})
}

func FuzzDecodePage(f *testing.F) {
	fzAddSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fzDecode[pagination.CursorExpressCustomers[avara.ExpressCustomer]](t, data)
	})
}

func FuzzDecodeSuccessResponse(f *testing.F) {
	fzAddSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fzDecode[avara.SuccessResponse](t, data)
	})
}
