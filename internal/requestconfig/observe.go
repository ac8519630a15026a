package requestconfig

import (
	"net/http"

	"github.com/avara/avara-go/packages/observe"
)

// GoName is the Go method a call of op comes from, "Client.Execute" for a
// raw call.
func (op *Operation) GoName() string {
	if op.Name == "" {
		return "Client.Execute"
	}
	return op.Name
}

// callObservers are the observers of one call, in the order they were
// installed; nil when there are none, and then every method is a no-op.
type callObservers []observe.CallObserver

// startCall tells every observer the call begins, and makes the context
// they return the call's.
func (cfg *RequestConfig) startCall() callObservers {
	op := cfg.Operation
	call := observe.Call{Method: op.GoName(), HTTPMethod: op.Method, Route: op.Route}
	obs := make(callObservers, len(cfg.Observers))
	for i, o := range cfg.Observers {
		cfg.Context, obs[i] = o.StartCall(cfg.Context, call)
	}
	return obs
}

// startAttempt tells every observer an attempt begins, each given the
// request the one before returned; the ends are told in reverse order.
func (obs callObservers) startAttempt(r *http.Request, n int) (*http.Request, []func(observe.AttemptResult)) {
	if len(obs) == 0 {
		return r, nil
	}
	ends := make([]func(observe.AttemptResult), len(obs))
	for i, o := range obs {
		r, ends[i] = o.StartAttempt(r, observe.Attempt{Number: n})
	}
	return r, ends
}

func (obs callObservers) endAttempt(ends []func(observe.AttemptResult), res *http.Response, err error) {
	for i := len(ends) - 1; i >= 0; i-- {
		ends[i](observe.AttemptResult{Response: res, Err: plain(err)})
	}
}

func (obs callObservers) retry(r observe.Retry) {
	for _, o := range obs {
		o.Retry(r)
	}
}
