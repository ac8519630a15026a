package requestconfig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ErrInvalidResponse is wrapped by every error for a 2xx response the SDK
// cannot use: not JSON, not the expected shape, or over the size bound.
var ErrInvalidResponse = errors.New("avara: invalid response")

// WithheldNote ends the text of an error whose retry the budget withheld.
const WithheldNote = "retry withheld: the client's retry budget is exhausted"

// ErrRetryBudgetExhausted is matched by the error of a call whose retry the
// client's retry budget withheld.
var ErrRetryBudgetExhausted = errors.New("avara: " + WithheldNote)

// ErrAttemptTimeout is matched by the error of an attempt that ran out of
// its WithRequestTimeout, as opposed to the caller's own deadline.
var ErrAttemptTimeout = errors.New("avara: attempt timed out (option.WithRequestTimeout)")

// Failure is what the pipeline knows of a call that ended in a non-2xx
// answer; NewAPIError turns it into the error the caller gets.
type Failure struct {
	// Request is the last request sent, Authorization redacted.
	Request *http.Request
	// Response is the last answer; its body has been read into Body and
	// is readable again.
	Response *http.Response
	// Body is the answer's body, up to MaxErrorBodyBytes.
	Body []byte
	// RequestBody re-reads the request's body, for dumps; nil for none.
	RequestBody func() (io.ReadCloser, error)
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the answer's retry hint, 0 when it gave none.
	RetryAfter time.Duration
	// Withheld is ErrRetryBudgetExhausted when the retry rules allowed
	// another attempt and the budget refused it; nil otherwise.
	Withheld error
}

// NewAPIError and NewRequestError build the errors a call returns, as the
// public types of package avara (*avara.Error and *avara.RequestError),
// which sets both in an init function: this package cannot import it. The
// values they start with serve this package's own tests.
var (
	NewAPIError = func(f *Failure) error {
		return fmt.Errorf("%d %s", f.Response.StatusCode, http.StatusText(f.Response.StatusCode))
	}
	NewRequestError = func(method, url string, attempts int, err error) error {
		return fmt.Errorf("%s %q: %w", method, url, err)
	}
)

// DescribeRequestError is the text of an *avara.RequestError:
// `avara: GET "https://api.avarasoftware.com/v1/express": connection refused (after 3 attempts)`.
func DescribeRequestError(method, url string, attempts int, err error) string {
	s := "avara: " + method + " " + strconv.Quote(url) + ": " + cause(err).Error()
	if attempts > 1 {
		s += " (after " + strconv.Itoa(attempts) + " attempts)"
	}
	if _, ok := err.(*withheld); ok {
		s += " (" + WithheldNote + ")"
	}
	return s
}

// cause strips net/http's own wrapper, which repeats the method and URL
// an error of the SDK already names, and the budget's mark, which the text
// names at its end.
func cause(err error) error {
	if w, ok := err.(*withheld); ok {
		err = w.err
	}
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// transportError marks an error returned by the HTTP client itself, as
// opposed to one a middleware made up: only the former is retried.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// attemptTimeout is the error of an attempt that ran out of its
// WithRequestTimeout: it matches ErrAttemptTimeout and
// context.DeadlineExceeded, whatever error the HTTP client made of the
// attempt's ended context.
type attemptTimeout struct {
	timeout time.Duration
	err     error
}

func (e *attemptTimeout) Error() string {
	return "attempt timed out after " + e.timeout.String() + " (option.WithRequestTimeout): " + cause(e.err).Error()
}

func (e *attemptTimeout) Unwrap() []error {
	return []error{ErrAttemptTimeout, context.DeadlineExceeded, e.err}
}

// withheld adds to err that the budget refused its retry.
type withheld struct{ err error }

func (e *withheld) Error() string   { return e.err.Error() + " (" + WithheldNote + ")" }
func (e *withheld) Unwrap() []error { return []error{e.err, ErrRetryBudgetExhausted} }

// requestError builds the error of a call that got no usable answer. The URL
// text is made here, on the failure path, not on every call.
func requestError(req *http.Request, attempts int, err error) error {
	return NewRequestError(req.Method, urlForErrors(req), attempts, err)
}

func urlForErrors(req *http.Request) string {
	u := *req.URL
	u.RawQuery, u.User = "", nil
	return u.String()
}
