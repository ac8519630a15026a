package avara

import (
	"bytes"
	"errors"
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

// Sentinels that errors.Is matches against an *Error by its status code.
var (
	// ErrBadRequest is 400: the request broke a rule; see Error.Param.
	ErrBadRequest = errors.New("avara: bad request (400)")
	// ErrUnprocessableEntity is 422: the request was well formed, but the
	// server could not act on it; see Error.Param. The official SDKs raise
	// it as its own error class too.
	ErrUnprocessableEntity = errors.New("avara: unprocessable entity (422)")
	// ErrUnauthorized is 401: a missing or wrong API key.
	ErrUnauthorized = errors.New("avara: unauthorized (401)")
	// ErrForbidden is 403: the key may not do this.
	ErrForbidden = errors.New("avara: forbidden (403)")
	// ErrNotFound is 404: no such customer, study, user, invitation,
	// report or reference (or, for Express.Users.Remove, the user is not a
	// member).
	ErrNotFound = errors.New("avara: not found (404)")
	// ErrConflict is 409: the change conflicts with the resource's state,
	// such as a deactivated customer refusing a user, or uncancelling a
	// study that is not cancelled.
	ErrConflict = errors.New("avara: conflict (409)")
	// ErrRateLimited is 429, retried automatically before it reaches you.
	ErrRateLimited = errors.New("avara: rate limited (429)")
	// ErrServer is any 5xx, retried automatically before it reaches you.
	ErrServer = errors.New("avara: server error (5xx)")
)

// ErrInvalidParams is matched by every error the SDK makes before sending
// anything: a param it refuses (an empty id, a missing required field, a
// body that cannot be encoded), an option given a bad value, or a
// malformed environment variable. The error is an *InvalidParamsError,
// which names what was wrong.
var ErrInvalidParams = errors.New("avara: invalid params")

// ErrInvalidResponse is matched by the error of a 2xx answer the SDK
// cannot use: not JSON, not the expected shape, or larger than the SDK's
// bound. The error is a *RequestError.
var ErrInvalidResponse = errors.New("avara: invalid response")

// ErrRetryBudgetExhausted is matched by the error of a call whose retry the
// client's retry budget withheld (see option.WithRetryBudget): the error is
// the last answer's, *Error or *RequestError, and no further attempt was
// sent.
var ErrRetryBudgetExhausted = errors.New("avara: retry withheld: the client's retry budget is exhausted")

// ErrAttemptTimeout is matched by the error of a call whose last attempt ran
// out of its option.WithRequestTimeout, as opposed to the caller's own
// context deadline (which context.DeadlineExceeded alone matches). The
// error is a *RequestError.
var ErrAttemptTimeout = errors.New("avara: attempt timed out (option.WithRequestTimeout)")

// Error is a non-2xx answer from the API, after any retries. Reach it with
// errors.As; classify it with errors.Is and the Err… sentinels above.
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
	withheld bool
}

// Error reads like
// `avara: PATCH "https://api.avarasoftware.com/v1/express/cus_1": 409 Conflict: customer is deactivated (request req_1)`.
// It names no header, no query and no body beyond the server's message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("avara: ")
	if e.Request != nil && e.Request.URL != nil {
		fmt.Fprintf(&b, "%s %q: ", e.Request.Method, requestconfig.URLForErrors(e.Request.URL))
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request %s)", e.RequestID)
	}
	writeAttempts(&b, e.Attempts, e.withheld)
	return b.String()
}

// writeAttempts ends an error's text with how many attempts were sent, when
// more than one, and whether the retry budget withheld another.
func writeAttempts(b *strings.Builder, attempts int, withheld bool) {
	if attempts > 1 {
		fmt.Fprintf(b, " (after %d attempts)", attempts)
	}
	if withheld {
		b.WriteString(" (" + strings.TrimPrefix(ErrRetryBudgetExhausted.Error(), "avara: ") + ")")
	}
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
		return e.withheld
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

	timeout, invalid, withheld bool
}

// Error reads like
// `avara: GET "https://api.avarasoftware.com/v1/express": connection refused (after 3 attempts)`.
func (e *RequestError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "avara: %s %q: ", e.Method, e.URL)
	if e.invalid {
		b.WriteString("invalid response: ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	writeAttempts(&b, e.Attempts, e.withheld)
	return b.String()
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// Is makes errors.Is match ErrAttemptTimeout, ErrInvalidResponse and
// ErrRetryBudgetExhausted by what ended the call.
func (e *RequestError) Is(target error) bool {
	switch target {
	case ErrAttemptTimeout:
		return e.timeout
	case ErrInvalidResponse:
		return e.invalid
	case ErrRetryBudgetExhausted:
		return e.withheld
	}
	return false
}

// InvalidParamsError is an error the SDK makes before sending anything: a
// param, an option or an environment variable has a value the SDK refuses.
// It matches ErrInvalidParams. Param, Option or Env names what was wrong
// (none of them for a body that cannot be encoded, which Err explains).
//
//	var bad *avara.InvalidParamsError
//	if errors.As(err, &bad) && bad.Param != "" {
//		log.Printf("fix %s: %v", bad.Param, bad.Err)
//	}
type InvalidParamsError struct {
	// Method is the SDK method of the call, such as "Express.New", or
	// "Client.Execute" for a raw call; empty for an error of a client's
	// options or environment, which every call of the client returns.
	Method string
	// Param is the param at fault, named as the API names it
	// ("expressCustomerName"), as Error.Param names one the server refuses.
	Param string
	// Option is the option at fault, such as "WithIdempotencyKey".
	Option string
	// Env is the environment variable at fault, such as "AVARA_BASE_URL".
	Env string
	// Err says what is wrong. It never quotes an API key or a header's
	// value.
	Err error
}

// Error reads like
// `avara: invalid params: Express.New: expressCustomerName: must be at least 1 character (it is required)`.
func (e *InvalidParamsError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalidParams.Error())
	for _, part := range []string{e.Method, e.Param, prefixed("option.", e.Option), prefixed("environment variable ", e.Env)} {
		if part != "" {
			b.WriteString(": " + part)
		}
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// Unwrap returns Err.
func (e *InvalidParamsError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrInvalidParams) match.
func (e *InvalidParamsError) Is(target error) bool { return target == ErrInvalidParams }

// invalidParams is the error of a param the SDK refuses before sending
// anything: it names the method, the param (as the API names it) and the
// rule it breaks.
func invalidParams(op *requestconfig.Operation, param, rule string) error {
	return &InvalidParamsError{Method: op.GoName(), Param: param, Err: errors.New(rule)}
}

// requireID fails before any request when a path id is empty; example,
// from openapi.yml, shows what one looks like.
func requireID(op *requestconfig.Operation, name, id, example string) error {
	if id == "" {
		return invalidParams(op, name, "is empty; pass an id such as "+example)
	}
	return nil
}

// optionError is the error of an option (or an environment variable) that
// refused its value, in a call of op (nil for a client's options).
func optionError(op *requestconfig.Operation, err error) error {
	e := &InvalidParamsError{Err: err}
	if op != nil {
		e.Method = op.GoName()
	}
	var oe *requestconfig.OptionError
	if errors.As(err, &oe) {
		e.Option, e.Env, e.Err = oe.Option, oe.Env, oe.Err
	}
	return e
}

// sdkErrors makes the errors of package requestconfig's failures: *Error
// and *RequestError.
type sdkErrors struct{}

func (sdkErrors) APIError(f *requestconfig.Failure) error {
	e := &Error{
		StatusCode: f.Response.StatusCode,
		RequestID:  f.Response.Header.Get(requestconfig.RequestIDHeader),
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

func (sdkErrors) RequestError(f *requestconfig.RequestFailure) error {
	return &RequestError{Method: f.Method, URL: f.URL, Attempts: f.Attempts, Err: f.Err,
		timeout: f.AttemptTimeout, invalid: f.InvalidResponse, withheld: f.Withheld}
}

func (sdkErrors) RetryRefused() error { return ErrRetryBudgetExhausted }
