package requestconfig

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Errors builds the errors Execute returns from what the pipeline knows of
// a call's failure. Package avara's makes *avara.Error and
// *avara.RequestError, and gives it to every config it builds (Defaults).
type Errors interface {
	// APIError is the error of a call whose last answer was not a 2xx.
	APIError(f *Failure) error
	// RequestError is the error of a call that got no usable answer.
	RequestError(f *RequestFailure) error
	// RetryRefused is the error observers are told a retry was withheld
	// with, when the client's retry budget is exhausted.
	RetryRefused() error
}

// Failure is what the pipeline knows of a call that ended in a non-2xx
// answer.
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
	// Withheld is set when the retry rules allowed another attempt and
	// the retry budget refused it.
	Withheld bool
}

// RequestFailure is what the pipeline knows of a call that got no usable
// answer.
type RequestFailure struct {
	// Method and URL are the request's, the URL without its query.
	Method string
	URL    string
	// Attempts is how many times the request was sent; 0 when a rate
	// limiter or the context stopped it before the first.
	Attempts int
	// Err is the cause.
	Err error
	// AttemptTimeout is set when the last attempt ran out of its
	// RequestTimeout, rather than the caller's context.
	AttemptTimeout bool
	// InvalidResponse is set when a 2xx answer could not be used: its
	// body was over MaxResponseBytes, or the destination refused it.
	InvalidResponse bool
	// Withheld is set when the retry budget refused a retry the rules
	// allowed.
	Withheld bool
}

// errInvalidResponse marks the error of a 2xx answer that cannot be used.
var errInvalidResponse = errors.New("invalid response")

// transportError marks an error returned by the HTTP client itself, as
// opposed to one a middleware made up: only the former is retried.
type transportError struct{ err error }

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// attemptTimeout is the error of an attempt that ran out of its
// RequestTimeout: it matches context.DeadlineExceeded, whatever error the
// HTTP client made of the attempt's ended context.
type attemptTimeout struct {
	timeout time.Duration
	err     error
}

func (e *attemptTimeout) Error() string {
	return "attempt timed out after " + e.timeout.String() + " (option.WithRequestTimeout): " + cause(e.err).Error()
}

func (e *attemptTimeout) Unwrap() []error { return []error{context.DeadlineExceeded, e.err} }

// cause strips net/http's own wrapper, which repeats the method and URL
// an error of the SDK already names.
func cause(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// plain is the error a caller sees for an attempt's err: without the
// pipeline's mark for errors of the HTTP client, nor net/http's wrapper.
func plain(err error) error {
	if at, ok := err.(*attemptTimeout); ok {
		return &attemptTimeout{at.timeout, plain(at.err)}
	}
	var te *transportError
	if errors.As(err, &te) {
		err = te.err
	}
	return cause(err)
}

// requestError builds the error of a call that got no usable answer. The
// URL text is made here, on the failure path, not on every call.
func (cfg *RequestConfig) requestError(req *http.Request, attempts int, err error, withheld bool) error {
	var at *attemptTimeout
	return cfg.Errors.RequestError(&RequestFailure{
		Method:          req.Method,
		URL:             URLForErrors(req.URL),
		Attempts:        attempts,
		Err:             err,
		AttemptTimeout:  errors.As(err, &at),
		InvalidResponse: errors.Is(err, errInvalidResponse),
		Withheld:        withheld,
	})
}

// URLForErrors is a URL as errors and logs show it: without its query or
// user information.
func URLForErrors(u *url.URL) string {
	c := *u
	c.RawQuery, c.User = "", nil
	return c.String()
}

// OptionError is the error of an option, or of an environment variable,
// given a value it refuses. Package avara reports it as an
// *avara.InvalidParamsError naming the option or the variable.
type OptionError struct {
	Option string // the option's name, such as "WithIdempotencyKey"
	Env    string // the environment variable the value came from, if any
	Err    error  // what is wrong with the value
}

// Error returns Err's text: package avara's error names the option.
func (e *OptionError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *OptionError) Unwrap() error { return e.Err }
