package avara

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
	"time"

	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/tidwall/gjson"
)

func init() {
	requestconfig.NewAPIError = newError
	requestconfig.NewRequestError = func(method, url string, attempts int, err error) error {
		return &RequestError{Method: method, URL: url, Attempts: attempts, Err: err}
	}
}

// Error is a non-2xx answer from the API, after any retries. Reach it with
// errors.As; classify it with errors.Is and the Err… sentinels below.
//
//	var apiErr *avara.Error
//	if errors.As(err, &apiErr) {
//		log.Println(apiErr.StatusCode, apiErr.Message, apiErr.RequestID)
//	}
//
// Nothing it holds or prints contains the API key.
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
	// RetryAfter is the server's hint of when to try again, from the
	// retry-after-ms or Retry-After header (seconds or an HTTP date, whose
	// distance it is); 0 when the answer has none. A hint of a minute or
	// more ends the retries at once, so a rate-limited caller can wait it
	// out itself.
	RetryAfter time.Duration
	// Request is the last request sent, with its Authorization header
	// replaced by "[redacted]" so the error can be logged safely.
	Request *http.Request
	// Response is the last response. Its body has been read; it is kept in
	// the error and can be read again through RawJSON and DumpResponse.
	Response *http.Response

	body     []byte
	reqBody  func() (io.ReadCloser, error)
	withheld error
}

func newError(f *requestconfig.Failure) error {
	e := &Error{
		StatusCode: f.Response.StatusCode,
		RequestID:  f.Response.Header.Get("X-Request-Id"),
		Attempts:   f.Attempts,
		RetryAfter: f.RetryAfter,
		Request:    f.Request,
		Response:   f.Response,
		body:       f.Body,
		reqBody:    f.RequestBody,
		withheld:   f.Withheld,
	}
	if gjson.ValidBytes(f.Body) {
		v := gjson.ParseBytes(f.Body)
		if m := v.Get("error.message"); m.Type == gjson.String {
			e.Message = m.Str
		} else if m := v.Get("message"); m.Type == gjson.String {
			e.Message = m.Str
		}
		e.Type = v.Get("error.type").Str
		e.Param = v.Get("error.param").Str
	}
	return e
}

// Error reads like
// `PATCH "https://api.avarasoftware.com/v1/express/cus_1": 409 Conflict: customer is deactivated (request req_1)`.
// It names no header, no query and no body beyond the server's message.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Request != nil && e.Request.URL != nil {
		u := *e.Request.URL
		u.RawQuery, u.User = "", nil
		fmt.Fprintf(&b, "%s %q: ", e.Request.Method, u.String())
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
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
	if e.withheld != nil {
		b.WriteString(" (" + requestconfig.WithheldNote + ")")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) and the other status sentinels match
// by status code, and ErrRetryBudgetExhausted match when the client's retry
// budget withheld a retry the rules allowed.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnprocessableEntity:
		return e.StatusCode == http.StatusUnprocessableEntity
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
	case ErrRetryBudgetExhausted:
		return e.withheld != nil
	}
	return false
}

// RawJSON returns the response body as received (up to the SDK's bound for
// error bodies, 1 MiB).
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

// RequestError is a call that ended without a usable HTTP answer: the
// connection failed on every attempt, an attempt timed out
// (ErrAttemptTimeout), the context ended, a rate limiter's Wait failed, or
// a 2xx body could not be decoded (ErrInvalidResponse). It wraps the cause,
// so errors.Is(err, context.DeadlineExceeded) and the sentinels work.
type RequestError struct {
	// Method and URL are the request's, the URL without its query.
	Method string
	URL    string
	// Attempts is how many times the request was sent; 0 when a rate
	// limiter or the context stopped it before the first.
	Attempts int
	// Err is the cause.
	Err error
}

// Error reads like
// `avara: GET "https://api.avarasoftware.com/v1/express": connection refused (after 3 attempts)`.
func (e *RequestError) Error() string {
	return requestconfig.DescribeRequestError(e.Method, e.URL, e.Attempts, e.Err)
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// sentinel is an error errors.Is compares by identity.
type sentinel struct{ msg string }

func (e *sentinel) Error() string { return "avara: " + e.msg }

// Sentinels that errors.Is matches against an *Error by its status code.
var (
	// ErrBadRequest is 400: the request broke a rule; see Error.Param.
	ErrBadRequest error = &sentinel{"bad request (400)"}
	// ErrUnprocessableEntity is 422: the request was well formed, but the
	// server could not act on it; see Error.Param. The official SDKs raise
	// it as its own error class too.
	ErrUnprocessableEntity error = &sentinel{"unprocessable entity (422)"}
	// ErrUnauthorized is 401: a missing or wrong API key.
	ErrUnauthorized error = &sentinel{"unauthorized (401)"}
	// ErrForbidden is 403: the key may not do this.
	ErrForbidden error = &sentinel{"forbidden (403)"}
	// ErrNotFound is 404: no such customer, or the user is not a member.
	ErrNotFound error = &sentinel{"not found (404)"}
	// ErrConflict is 409: for example a deactivated customer refusing a user.
	ErrConflict error = &sentinel{"conflict (409)"}
	// ErrRateLimited is 429, retried automatically before it reaches you.
	ErrRateLimited error = &sentinel{"rate limited (429)"}
	// ErrServer is any 5xx, retried automatically before it reaches you.
	ErrServer error = &sentinel{"server error (5xx)"}
)

// ErrInvalidResponse is wrapped by the error for a 2xx answer the SDK cannot
// use: not JSON, not the expected shape, or larger than the SDK's bound.
var ErrInvalidResponse = requestconfig.ErrInvalidResponse

// ErrRetryBudgetExhausted is matched by the error of a call whose retry the
// client's retry budget withheld (see option.WithRetryBudget): the error is
// the last answer's, *Error or *RequestError, and no further attempt was
// sent.
var ErrRetryBudgetExhausted = requestconfig.ErrRetryBudgetExhausted

// ErrAttemptTimeout is matched by the error of a call whose last attempt ran
// out of its option.WithRequestTimeout, as opposed to the caller's own
// context deadline (which context.DeadlineExceeded alone matches).
var ErrAttemptTimeout = requestconfig.ErrAttemptTimeout
