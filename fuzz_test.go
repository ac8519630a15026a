package avara_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/pagination"
	"github.com/avara/avara-go/packages/respjson"
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
	pipeErr := any(&viaPipeline).(json.Unmarshaler).UnmarshalJSON(data)

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

// fzAnswer is an HTTP client that answers every request with one response,
// read from a fresh copy of body each time.
type fzAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (a fzAnswer) Do(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: a.status, Status: strconv.Itoa(a.status) + " " + http.StatusText(a.status),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        a.header.Clone(),
		ContentLength: int64(len(a.body)),
		Body:          io.NopCloser(bytes.NewReader(a.body)),
		Request:       r,
	}, nil
}

// FuzzErrorBody sends a call that gets any non-2xx status and any body: it
// never panics, the error is an *avara.Error whose Error, DumpRequest and
// DumpResponse never show the API key, RawJSON and the response body give
// back the body as received, and errors.Is classifies by status alone.
//
//	go test -run '^$' -fuzz '^FuzzErrorBody$' -fuzztime 30s .
func FuzzErrorBody(f *testing.F) {
	for _, s := range []struct {
		status int
		body   string
		reqID  string
	}{
		{404, `{"error":{"type":"not_found_error","message":"expressCustomerId: no customer cus_1","param":"expressCustomerId"}}`, "req_1"},
		{400, `{"message":"top-level message"}`, ""},
		{409, `{"error":{"message":1,"type":["x"],"param":{}}, "message":"fallback"}`, "req_2"},
		{500, `<html><body>Internal Server Error</body></html>`, ""},
		{502, ``, ""},
		{429, `{"error":null}`, "\r\nX-Injected: 1"},
		{503, "{\"error\":{\"message\":\"\xff\xfe\"}}", ""},
		{418, `{"error":{"message":"a"},"error":{"message":"b"}}`, ""},
		{599, `[{"error":{"message":"in an array"}}]`, ""},
		{0, `{`, ""},
		{-1, `null`, ""},
		{99999, `"just a string"`, ""},
	} {
		f.Add(s.status, []byte(s.body), s.reqID)
	}
	const key = "sk-fuzz-SECRET-0123456789"
	f.Fuzz(func(t *testing.T, status int, body []byte, reqID string) {
		if status >= 200 && status < 300 {
			status += 200 // a 2xx is no error; FuzzDecode* cover those bodies
		}
		client := avara.NewClient(option.WithAPIKey(key), option.WithMaxRetries(0),
			option.WithHTTPClient(fzAnswer{status, http.Header{"X-Request-Id": {reqID}, "Content-Type": {"application/json"}}, body}))
		_, err := client.Express.New(context.Background(), avara.ExpressNewParams{ExpressCustomerName: "x"},
			option.WithQuery("cursor", "c"))
		var e *avara.Error
		if !errors.As(err, &e) {
			t.Fatalf("status %d: %v is not an *avara.Error", status, err)
		}
		msg := e.Error()
		shown := msg + string(e.DumpRequest(true)) + string(e.DumpRequest(false)) + string(e.DumpResponse(false))
		if strings.Contains(shown, key) && !strings.Contains(reqID, key) {
			t.Fatalf("the key is shown: %q", shown)
		}
		if e.Request.Header.Get("Authorization") == "Bearer "+key || e.Response.Request.Header.Get("Authorization") == "Bearer "+key {
			t.Fatal("the error holds the key")
		}
		if e.RawJSON() != string(body) {
			t.Fatalf("RawJSON %q, body %q", e.RawJSON(), body)
		}
		if got, _ := io.ReadAll(e.Response.Body); !bytes.Equal(got, body) {
			t.Fatalf("response body %q, want %q", got, body)
		}
		_ = e.DumpResponse(true)
		if e.StatusCode != status || e.RequestID != reqID {
			t.Fatalf("status %d, request id %q", e.StatusCode, e.RequestID)
		}
		if e.Message != "" && !strings.Contains(msg, e.Message) {
			t.Fatalf("Error() %q leaves out the message %q", msg, e.Message)
		}
		if strings.Contains(msg, "cursor=c") {
			t.Fatalf("Error() shows the query: %q", msg)
		}
		for target, want := range map[error]bool{
			avara.ErrBadRequest:          status == 400,
			avara.ErrUnprocessableEntity: status == 422,
			avara.ErrUnauthorized:        status == 401,
			avara.ErrForbidden:           status == 403,
			avara.ErrNotFound:            status == 404,
			avara.ErrConflict:            status == 409,
			avara.ErrRateLimited:         status == 429,
			avara.ErrServer:              status >= 500,
		} {
			if errors.Is(e, target) != want {
				t.Fatalf("status %d: errors.Is(%v) = %v", status, target, !want)
			}
		}
	})
}

// FuzzCustomerAgainstEncodingJSON decodes any input as an
// avara.ExpressCustomer and as a plain struct of the same fields with
// encoding/json, and fails on any difference but these documented choices:
//
//   - Field names match exactly. encoding/json also takes "USERCOUNT" for
//     userCount; the SDK keeps such a key in JSON.ExtraFields.
//
//   - A key repeated in an object: the last occurrence wins entirely, value
//     and metadata. encoding/json keeps an earlier value when a later one is
//     null or of the wrong type, and merges a repeated object into one map.
//     The plain struct is therefore compared with the last occurrence of
//     each key decoded alone.
//
//   - A field of the wrong type is recorded as invalid (its Go value zero,
//     its raw JSON kept) and fails nothing; encoding/json fails the whole
//     decode, and leaves a map it had started filled in part.
//
//   - An integer field takes any number that denotes exactly an integer
//     (10.0, 1e1); encoding/json takes only integer literals.
//
//     go test -run '^$' -fuzz '^FuzzCustomerAgainstEncodingJSON$' -fuzztime 60s .
func FuzzCustomerAgainstEncodingJSON(f *testing.F) {
	for _, s := range fzSeeds {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		`{"userCount":5,"userCount":null}`,
		`{"metadata":{"a":"1"},"metadata":null}`,
		`{"metadata":{"a":"1"},"metadata":{"b":"2"}}`,
		`{"userCount":10.0,"isActive":"true","USERCOUNT":3}`,
		`{"userCount":10.0000000000000000001,"createdAt":"2024-01-15T09:00:00\u005a"}`,
		`{"createdAt":"2024-01-15T24:00:00Z","updatedAt":"2024-01-15t09:00:00z"}`,
		"{\"metadata\":{\"k\xff\":\"v\xfe\",\"k\xfe\":1}}",
		`{"expressCustomerName":"\ud800 a\u0000","createdByUserId":null,"x":{"y":1},"x":2}`,
	} {
		f.Add([]byte(s))
	}
	plainT := plainOf(reflect.TypeFor[avara.ExpressCustomer]())
	f.Fuzz(func(t *testing.T, data []byte) {
		var c avara.ExpressCustomer
		err := c.UnmarshalJSON(data)
		if !json.Valid(data) {
			if err == nil {
				t.Fatalf("%q is not JSON, yet it decodes", data)
			}
			return
		}
		members, isObject := fzMembers(t, data)
		if !isObject {
			stdErr := json.Unmarshal(data, reflect.New(plainT).Interface())
			if (err == nil) != (stdErr == nil) {
				t.Fatalf("%q: error %v, encoding/json's %v", data, err, stdErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		last := map[string]json.RawMessage{}
		for _, m := range members {
			last[m.key] = m.raw
		}
		ours, meta := reflect.ValueOf(c), reflect.ValueOf(c.JSON)
		known := map[string]bool{}
		for i := range plainT.NumField() {
			field := plainT.Field(i)
			name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
			known[name] = true
			got, fm := ours.FieldByName(field.Name), meta.FieldByName(field.Name).Interface().(respjson.Field)
			raw, present := last[name]
			switch {
			case !present:
				if fm.IsPresent() || !got.IsZero() {
					t.Fatalf("%q: %s was not sent, yet %v %v", data, name, fm, got)
				}
				continue
			case string(raw) == "null":
				if !fm.IsNull() || !got.IsZero() {
					t.Fatalf("%q: %s was null, yet %v %v", data, name, fm, got)
				}
				continue
			}
			if fm.Raw() != string(raw) {
				t.Fatalf("%q: %s raw %q, sent %q", data, name, fm.Raw(), raw)
			}
			alone := reflect.New(plainT)
			stdErr := json.Unmarshal([]byte(`{"`+name+`":`+string(raw)+`}`), alone.Interface())
			want := alone.Elem().Field(i)
			if stdErr != nil && field.Type.Kind() == reflect.Int64 {
				// The documented choice: the value, not its spelling.
				if r, ok := new(big.Rat).SetString(string(raw)); ok && r.IsInt() && r.Num().IsInt64() {
					if !fm.Valid() || got.Int() != r.Num().Int64() {
						t.Fatalf("%q: %s = %s exactly, yet %v %v", data, name, raw, fm, got)
					}
					continue
				}
			}
			if stdErr != nil {
				if !fm.IsInvalid() || !got.IsZero() {
					t.Fatalf("%q: encoding/json refuses %s (%v), yet %v %v", data, name, stdErr, fm, got)
				}
				continue
			}
			same := reflect.DeepEqual(got.Interface(), want.Interface())
			if tm, ok := got.Interface().(time.Time); ok {
				same = tm.Equal(want.Interface().(time.Time))
			}
			if !fm.Valid() || !same {
				t.Fatalf("%q: %s: %v %#v, encoding/json %#v", data, name, fm, got.Interface(), want.Interface())
			}
		}
		extras := 0
		for key, raw := range last {
			if known[key] {
				continue
			}
			extras++
			if got := c.JSON.ExtraFields[key]; got.Raw() != string(raw) {
				t.Fatalf("%q: extra field %q is %v, sent %s", data, key, got, raw)
			}
		}
		if len(c.JSON.ExtraFields) != extras {
			t.Fatalf("%q: %d extra fields, %d sent", data, len(c.JSON.ExtraFields), extras)
		}
	})
}

type fzMember struct {
	key string
	raw json.RawMessage
}

// fzMembers lists the members of data, valid JSON, in order, when it is an
// object, with keys as encoding/json decodes them.
func fzMembers(t *testing.T, data []byte) ([]fzMember, bool) {
	d := json.NewDecoder(bytes.NewReader(data))
	tok, err := d.Token()
	if err != nil {
		t.Fatal(err)
	}
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return nil, false
	}
	var members []fzMember
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		if err := d.Decode(&raw); err != nil {
			t.Fatal(err)
		}
		members = append(members, fzMember{tok.(string), raw})
	}
	return members, true
}
