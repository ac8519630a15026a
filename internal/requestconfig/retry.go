package requestconfig

import (
	"crypto/rand"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"
)

// maxRetryAfter is the longest server hint the SDK waits for. A longer one
// ends the retries at once: waiting less than the server asked would only
// add load, and waiting longer would hold the caller for minutes.
const maxRetryAfter = time.Minute

// shouldRetry applies the retry rules: connection errors and per-attempt
// timeouts, 408, 409, 429 and 5xx, with x-should-retry overriding either way
// for any answer but a 2xx. An error a middleware made up is not retried.
func shouldRetry(res *http.Response, err error) bool {
	if err != nil {
		var te *transportError
		return errors.As(err, &te)
	}
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return false // a success is final, whatever the headers say
	}
	switch res.Header.Get(ShouldRetryHeader) {
	case "true":
		return true
	case "false":
		return false
	}
	switch c := res.StatusCode; {
	case c == http.StatusRequestTimeout, c == http.StatusConflict, c == http.StatusTooManyRequests:
		return true
	default:
		return c >= 500
	}
}

// retryAfter reads the server's retry hint: retry-after-ms when it is a
// number of zero or more, else Retry-After, in seconds or as an HTTP date
// (whose distance from now it returns, 0 for a date already past). ok is
// false when there is no usable hint. A hint too large for a Duration is
// the largest Duration.
func retryAfter(res *http.Response, now time.Time) (d time.Duration, ok bool) {
	if res == nil {
		return 0, false
	}
	if d, ok := scaled(res.Header.Get("Retry-After-Ms"), time.Millisecond); ok {
		return d, true
	}
	v := res.Header.Get(RetryAfterHeader)
	if v == "" {
		return 0, false
	}
	if d, ok := scaled(v, time.Second); ok {
		return d, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// scaled parses v as a number of units, zero or more. Values past a
// Duration's range are clamped before converting: a float too large for a
// Duration converts to an unspecified value.
func scaled(v string, unit time.Duration) (time.Duration, bool) {
	f, err := strconv.ParseFloat(v, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange), f != f, f < 0:
		return 0, false // not a number, NaN, or negative
	case f*float64(unit) >= math.MaxInt64:
		return math.MaxInt64, true
	}
	return time.Duration(f * float64(unit)), true
}

// backoff is the wait before retry number attempt+1 when the server gave no
// hint: initial, doubling after each retry up to max, less up to 25% random
// jitter so that clients spread out.
func backoff(initial, maxBackoff time.Duration, attempt int) time.Duration {
	d := min(initial, maxBackoff)
	for i := 0; i < attempt && d < maxBackoff; i++ {
		if d > maxBackoff/2 {
			d = maxBackoff // doubling would pass it, or overflow
		} else {
			d *= 2
		}
	}
	return d - time.Duration(jitter()*float64(d)/4)
}

func jitter() float64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return float64(uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16) / (1 << 24)
}
