package apierror

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// FuzzErrorBody builds the error for any status and any body a server may
// send: it never panics, Error, DumpRequest and DumpResponse never show
// the API key, RawJSON and the response body give back the body as
// received, and errors.Is classifies by status alone.
//
//	go test -run '^$' -fuzz '^FuzzErrorBody$' -fuzztime 30s ./internal/apierror
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
		req, err := http.NewRequest(http.MethodPost, "https://api.avara.com/v1/express?cursor=c", strings.NewReader(`{"expressCustomerName":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+key)
		res := &http.Response{
			StatusCode: status,
			Status:     http.StatusText(status),
			Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header:        http.Header{"X-Request-Id": {reqID}, "Content-Type": {"application/json"}},
			ContentLength: int64(len(body)),
			Body:          io.NopCloser(bytes.NewReader(nil)), // already read by the caller
			Request:       req,
		}
		e := New(req, res, body, 1)

		msg := e.Error()
		shown := msg + string(e.DumpRequest(true)) + string(e.DumpRequest(false)) + string(e.DumpResponse(false))
		if strings.Contains(shown, key) && !strings.Contains(reqID, key) {
			t.Fatalf("the key is shown: %q", shown)
		}
		if got := req.Header.Get("Authorization"); got != "Bearer "+key {
			t.Fatalf("the caller's request lost its header: %q", got)
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
			ErrBadRequest:   status == 400 || status == 422,
			ErrUnauthorized: status == 401,
			ErrForbidden:    status == 403,
			ErrNotFound:     status == 404,
			ErrConflict:     status == 409,
			ErrRateLimited:  status == 429,
			ErrServer:       status >= 500,
		} {
			if errors.Is(e, target) != want {
				t.Fatalf("status %d: errors.Is(%v) = %v", status, target, !want)
			}
		}
	})
}
