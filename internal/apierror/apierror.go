// Package apierror defines the error returned for every non-2xx answer of the
// API, and the sentinel errors that classify it.
package apierror

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strings"

	"github.com/tidwall/gjson"
)

// Sentinel errors that errors.Is matches against an *Error by its status
// code, so callers classify failures without status arithmetic.
var (
	ErrBadRequest   = sentinel("bad request (400 or 422)")
	ErrUnauthorized = sentinel("unauthorized (401)")
	ErrForbidden    = sentinel("forbidden (403)")
	ErrNotFound     = sentinel("not found (404)")
	ErrConflict     = sentinel("conflict (409)")
	ErrRateLimited  = sentinel("rate limited (429)")
	ErrServer       = sentinel("server error (5xx)")
)

type sentinelError struct{ msg string }

func (e *sentinelError) Error() string { return "avara: " + e.msg }

func sentinel(msg string) error { return &sentinelError{msg} }

// Error is a non-2xx answer from the API.
type Error struct {
	// StatusCode is the HTTP status of the last attempt.
	StatusCode int
	// Message is the server's explanation, from {"error":{"message":…}} or a
	// top-level "message"; empty when the body has neither.
	Message string
	// Type is the error body's "error.type", such as "invalid_request_error".
	Type string
	// Param names the request field the error is about, when the server says.
	Param string
	// RequestID is the X-Request-Id response header: quote it to support.
	RequestID string
	// Attempts is how many times the request was sent, retries included.
	Attempts int
	// Request is the last request sent, with its Authorization header
	// replaced by "[redacted]" so the error can be logged safely.
	Request *http.Request
	// Response is the last response. Its body has been read; it is kept in
	// the error and can be read again through RawJSON and DumpResponse.
	Response *http.Response

	body    []byte
	reqBody func() (io.ReadCloser, error)
}

// New builds the error for res, whose body (at most the caller's bound)
// has already been read. req is redacted here, so the caller's copy keeps
// its credentials.
func New(req *http.Request, res *http.Response, body []byte, attempts int) *Error {
	redacted := redact(req)
	// The response points back at the request that was sent, key and all;
	// the error hands out the redacted one in both places.
	res.Request = redacted
	e := &Error{
		StatusCode: res.StatusCode,
		RequestID:  res.Header.Get("X-Request-Id"),
		Attempts:   attempts,
		Request:    redacted,
		Response:   res,
		body:       body,
		reqBody:    req.GetBody,
	}
	if gjson.ValidBytes(body) {
		v := gjson.ParseBytes(body)
		if m := v.Get("error.message"); m.Type == gjson.String {
			e.Message = m.Str
		} else if m := v.Get("message"); m.Type == gjson.String {
			e.Message = m.Str
		}
		e.Type = v.Get("error.type").Str
		e.Param = v.Get("error.param").Str
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	return e
}

func redact(req *http.Request) *http.Request {
	r := req.Clone(req.Context())
	if r.Header.Get("Authorization") != "" {
		r.Header.Set("Authorization", "[redacted]")
	}
	return r
}

// Error reads like
// `PATCH "https://api.avara.com/v1/express/cus_1": 409 Conflict: customer is deactivated (request req_1)`.
// It names no header and no body beyond the server's message.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Request != nil && e.Request.URL != nil {
		u := *e.Request.URL
		u.RawQuery, u.User = "", nil
		fmt.Fprintf(&b, "%s %q: ", e.Request.Method, u.String())
	}
	fmt.Fprintf(&b, "%d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other sentinels match by
// status code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// RawJSON returns the response body as received (up to the SDK's bound for
// error bodies).
func (e *Error) RawJSON() string { return string(e.body) }

// DumpRequest renders the request as it was sent, for debugging, with the
// Authorization header redacted. With body true it includes the request
// body.
func (e *Error) DumpRequest(body bool) []byte {
	if e.Request == nil {
		return nil
	}
	r := e.Request.Clone(e.Request.Context())
	r.Body = nil
	if body && e.reqBody != nil {
		if rc, err := e.reqBody(); err == nil {
			r.Body = rc
		}
	}
	out, err := httputil.DumpRequest(r, body && r.Body != nil)
	if err != nil {
		return []byte(err.Error())
	}
	return out
}

// DumpResponse renders the response for debugging. With body true it
// includes the body as received.
func (e *Error) DumpResponse(body bool) []byte {
	if e.Response == nil {
		return nil
	}
	r := *e.Response
	r.Body = io.NopCloser(bytes.NewReader(e.body))
	if body && r.ContentLength > int64(len(e.body)) {
		// The body was cut at the SDK's bound: dump what was kept, rather
		// than fail on a length the body no longer has.
		r.ContentLength = int64(len(e.body))
	}
	out, err := httputil.DumpResponse(&r, body)
	if err != nil {
		return []byte(err.Error())
	}
	return out
}
