// Package observe lets a program watch every call the SDK makes, from the
// method it began in to the result it returned, and every attempt, wait
// and retry in between: the hooks tracing and metrics need, which
// option.WithObserver installs. The module
// github.com/avara/avara-go/avaraotel builds OpenTelemetry spans and
// metrics on them; any other observer can be written the same way, and the
// SDK itself depends on no telemetry library.
//
// For each call the pipeline calls, in this order and from the goroutine
// that runs the call:
//
//	StartCall                      once, before anything is sent
//	  StartAttempt, then its end   for each attempt
//	  Retry                        after a failed attempt that would be retried
//	End                            once, with the error the method returns
//
// A call that fails before its first attempt (an option refused, no API
// key) is not observed. Observer methods must not block: the call waits
// for them.
package observe

import (
	"context"
	"net/http"
	"time"
)

// Call describes one call of an SDK method.
type Call struct {
	// Method is the SDK method, as a Go program calls it:
	// "Express.Users.Add". A list's auto-pager makes one call of its list
	// method per page it fetches. It is "Client.Execute" for a request sent
	// with Client.Execute, Get, Post, Put, Patch or Delete.
	Method string
	// HTTPMethod is the request's method, such as "POST".
	HTTPMethod string
	// Route is the operation's path template as openapi.yml writes it, such
	// as "/v1/express/{expressCustomerId}/users": the same for every id, so
	// it can name spans and label metrics. It is "" for Client.Execute,
	// whose path has no template.
	Route string
}

// Attempt describes one attempt of a call.
type Attempt struct {
	// Number is 0 for the first attempt, then 1, 2, … for each resend.
	Number int
}

// AttemptResult is the outcome of one attempt.
type AttemptResult struct {
	// Response is the server's answer, or nil when there was none. Its body
	// has been read for a 2xx answer and must not be read by the observer.
	Response *http.Response
	// Err is the attempt's error: a transport error, a timeout, or a body
	// that could not be read. It is nil when the server answered, whatever
	// the status.
	Err error
}

// Retry describes a retry after a failed attempt: one that goes ahead after
// a wait, or one the retry budget withheld. An attempt that is not retried
// for another reason (it succeeded, it cannot be retried, the retries are
// used up, the server asked for a wait of a minute or more, or the
// context's deadline leaves no time for the wait) has no Retry.
type Retry struct {
	// Attempt is the number of the attempt that failed.
	Attempt int
	// Wait is how long the pipeline waits before the next attempt: the
	// server's Retry-After, or the backoff. It is 0 when Refused is set.
	Wait time.Duration
	// Refused is why no retry is made although the rules allowed one:
	// ErrRetryBudgetExhausted of the avara package when the client's retry
	// budget withheld it. It is nil for a retry that goes ahead.
	Refused error
}

// Observer observes calls. option.WithObserver installs one, on a client
// or on a single call; every observer installed sees every call it is
// installed for.
type Observer interface {
	// StartCall is called when a call begins. The context it returns
	// becomes the call's: every attempt's request is made with a context
	// derived from it, so an observer can put its span there. The
	// CallObserver, which must not be nil, is told what happens next.
	StartCall(ctx context.Context, call Call) (context.Context, CallObserver)
}

// CallObserver observes one call.
type CallObserver interface {
	// StartAttempt is called before each attempt is sent, with the request
	// that will be sent (before any middleware). It returns the request to
	// send instead, or r itself: a copy with a context of its own
	// (r.WithContext) or with headers set, such as a trace context; r's
	// Header may also be changed in place, since r is the attempt's own
	// copy. The function it returns, which must not be nil, is called once
	// the attempt is over, its 2xx body read.
	StartAttempt(r *http.Request, a Attempt) (*http.Request, func(AttemptResult))
	// Retry is called after a failed attempt that would be retried, before
	// the wait, with what the pipeline decided.
	Retry(r Retry)
	// End is called once, when the call returns err (nil for success).
	End(err error)
}
