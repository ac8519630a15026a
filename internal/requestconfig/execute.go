package requestconfig

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/avara/avara-go/packages/observe"
)

// Execute sends cfg, retrying as the retry rules say. On a 2xx answer with
// a body it calls dst.UnmarshalJSON with the whole body, which dst must
// copy what it keeps of, as json.Unmarshaler's contract says: the buffer
// is reused once UnmarshalJSON returns. dst may be nil, and the body is
// then discarded; ResponseBodyInto, when set, takes dst's place.
func (cfg *RequestConfig) Execute(dst json.Unmarshaler) error {
	u := cfg.URL()
	req, err := http.NewRequestWithContext(cfg.Context, cfg.Operation.Method, u.String(), nil)
	if err != nil {
		return cfg.Errors.RequestError(&RequestFailure{Method: cfg.Operation.Method, URL: URLForErrors(u), Err: err})
	}
	req.Header = cfg.Header
	if cfg.Body != nil {
		body := cfg.Body
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	warnInsecure(cfg.Logger, u)
	if cfg.ResponseBodyInto != nil {
		dst = cfg.ResponseBodyInto
	}
	if len(cfg.Observers) == 0 {
		return cfg.run(req, nil, dst)
	}
	obs := cfg.startCall()
	err = cfg.run(req, obs, dst)
	for _, o := range obs {
		o.End(err)
	}
	return err
}

// run sends the attempts of a call, told to obs, and decodes its result.
func (cfg *RequestConfig) run(req *http.Request, obs callObservers, dst json.Unmarshaler) error {
	ctx := cfg.Context
	budget := cfg.RetryBudget
	if budget != nil {
		budget.Call()
	}
	send := cfg.chain()
	var last error // the last attempt's error, kept for a wait that ends the call
	for attempt := 0; ; attempt++ {
		if cfg.RateLimiter != nil {
			if err := cfg.RateLimiter.Wait(ctx); err != nil {
				return cfg.requestError(req, attempt, limiterError(err, last), false)
			}
		}
		// Every attempt sends its own copy of req, so what a middleware
		// changes on one attempt never leaks into the next one, nor into
		// cfg.Header, from which a list's next page is built.
		actx, cancel := cfg.attemptContext(ctx)
		r := req.Clone(actx)
		r.Header["X-Stainless-Retry-Count"] = []string{strconv.Itoa(attempt)}
		if cfg.Authorization != nil && len(r.Header["Authorization"]) == 0 {
			r.Header["Authorization"] = []string{cfg.Authorization()}
		}
		if req.GetBody != nil {
			r.Body, _ = req.GetBody()
		}
		r, ended := obs.startAttempt(r, attempt)
		res, body, err := cfg.attempt(r, send, attempt)
		if err != nil && cfg.RequestTimeout > 0 && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			err = &attemptTimeout{cfg.RequestTimeout, err}
		}
		obs.endAttempt(ended, res, err)
		if cfg.ResponseInto != nil && res != nil {
			*cfg.ResponseInto = res
		}
		if err != nil && ctx.Err() != nil {
			cancel()
			closeBody(res)
			return cfg.requestError(req, attempt+1, contextError(ctx, err), false)
		}
		if !shouldRetry(res, err) || attempt >= cfg.MaxRetries {
			defer cancel()
			return cfg.finish(r, res, body, err, attempt+1, false, dst)
		}
		delay, stop := cfg.retryDelay(ctx, res, attempt)
		withheld := !stop && budget != nil && !budget.TryRetry()
		switch {
		case withheld:
			obs.retry(observe.Retry{Attempt: attempt, Refused: cfg.Errors.RetryRefused()})
			cfg.logRetry(r, attempt, 0, true)
		case !stop:
			obs.retry(observe.Retry{Attempt: attempt, Wait: delay})
			cfg.logRetry(r, attempt, delay, false)
		}
		if stop || withheld {
			defer cancel()
			return cfg.finish(r, res, body, err, attempt+1, withheld, dst)
		}
		last = err
		if last == nil {
			// Kept so that a context ending during the backoff still says
			// what the server last answered.
			last = cfg.apiError(r, res, attempt+1, false)
		}
		cancel()
		if err := cfg.Clock.Sleep(ctx, delay); err != nil {
			return cfg.requestError(req, attempt+1, contextError(ctx, last), false)
		}
	}
}

// retryDelay says how long to wait before the next attempt, or stop when
// none should be made: the server asked for a wait of maxRetryAfter or
// more, or one that the context's deadline leaves no time for.
func (cfg *RequestConfig) retryDelay(ctx context.Context, res *http.Response, attempt int) (d time.Duration, stop bool) {
	d, ok := retryAfter(res, cfg.Clock.Now())
	switch {
	case ok && d >= maxRetryAfter:
		return 0, true
	case !ok:
		d = backoff(cfg.InitialBackoff, cfg.MaxBackoff, attempt)
	}
	if deadline, has := ctx.Deadline(); has && time.Until(deadline) < d {
		return 0, true
	}
	return d, false
}

var errNoResponse = errors.New("the HTTP client or a middleware returned no response and no error")

// attemptContext bounds one attempt by RequestTimeout, when set, on the
// config's clock; the caller ends it with cancel once the attempt's body is
// read.
func (cfg *RequestConfig) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if cfg.RequestTimeout <= 0 {
		return ctx, func() {}
	}
	return cfg.Clock.WithTimeout(ctx, cfg.RequestTimeout)
}

// attempt sends r once. For a 2xx answer it also reads the body, within the
// attempt's context.
func (cfg *RequestConfig) attempt(r *http.Request, send Next, attempt int) (*http.Response, []byte, error) {
	start := cfg.Clock.Now()
	res, err := send(r)
	if err == nil && res == nil {
		err = errNoResponse
	}
	var body []byte
	if err == nil && res.StatusCode >= 200 && res.StatusCode < 300 {
		body, err = readBody(res)
		if err != nil && !errors.Is(err, errInvalidResponse) {
			err = &transportError{err}
		}
	}
	cfg.logAttempt(r, res, err, attempt, cfg.Clock.Now().Sub(start))
	return res, body, err
}

func (cfg *RequestConfig) chain() Next {
	client := cfg.HTTPClient
	send := func(r *http.Request) (*http.Response, error) {
		res, err := client.Do(r)
		if err != nil {
			return nil, &transportError{err}
		}
		return res, nil
	}
	for i := len(cfg.Middlewares) - 1; i >= 0; i-- {
		mw, next := cfg.Middlewares[i], send
		send = func(r *http.Request) (*http.Response, error) { return mw(r, next) }
	}
	return send
}

// finish turns the last attempt into the call's result. withheld is set
// when the budget refused the retry the rules allowed.
func (cfg *RequestConfig) finish(req *http.Request, res *http.Response, body []byte, err error, attempts int, withheld bool, dst json.Unmarshaler) error {
	if err != nil {
		closeBody(res)
		return cfg.requestError(req, attempts, plain(err), withheld)
	}
	if res.StatusCode < 200 || res.StatusCode >= 300 {
		return cfg.apiError(req, res, attempts, withheld)
	}
	if cfg.ResponseInto != nil {
		res.Body = io.NopCloser(bytes.NewReader(body))
	} else {
		defer releaseBody(body)
	}
	if dst == nil || len(body) == 0 && res.StatusCode == http.StatusNoContent {
		return nil
	}
	// A decoder leaves its value as it is for null, as encoding/json
	// does; a success that carries no value is no answer.
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return cfg.requestError(req, attempts, fmt.Errorf("%w: the body is JSON null", errInvalidResponse), false)
	}
	if err := dst.UnmarshalJSON(body); err != nil {
		return cfg.requestError(req, attempts, fmt.Errorf("%w: %w", errInvalidResponse, err), false)
	}
	return nil
}

// apiError builds the error of a non-2xx answer, reading its body up to
// its bound. The request is redacted for it: the caller's copy keeps its
// credentials.
func (cfg *RequestConfig) apiError(req *http.Request, res *http.Response, attempts int, withheld bool) error {
	body := readErrorBody(res)
	hint, _ := retryAfter(res, cfg.Clock.Now())
	redacted := redact(req)
	// The response points back at the request that was sent, key and all;
	// the error hands out the redacted one in both places.
	res.Request = redacted
	res.Body = io.NopCloser(bytes.NewReader(body))
	return cfg.Errors.APIError(&Failure{
		Request:     redacted,
		Response:    res,
		Body:        body,
		RequestBody: req.GetBody,
		Attempts:    attempts,
		RetryAfter:  hint,
		Withheld:    withheld,
	})
}

func redact(req *http.Request) *http.Request {
	r := req.Clone(req.Context())
	if r.Header.Get("Authorization") != "" {
		r.Header.Set("Authorization", "[redacted]")
	}
	return r
}

func contextError(ctx context.Context, last error) error {
	if last == nil {
		return ctx.Err()
	}
	if errors.Is(last, ctx.Err()) {
		return plain(last)
	}
	return fmt.Errorf("%w (last attempt: %w)", ctx.Err(), plain(last))
}

// limiterError is the error of a call that a rate limiter's Wait ended.
func limiterError(err, last error) error {
	if last == nil {
		return fmt.Errorf("option.WithRateLimiter: Wait: %w", err)
	}
	return fmt.Errorf("option.WithRateLimiter: Wait: %w (last attempt: %w)", err, plain(last))
}
