package requestconfig

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/avara/avara-go/internal/fakeclock"
)

// FuzzRetryAfter feeds any Retry-After and retry-after-ms values to the
// parser and the retry loop's decision: a hint is never negative, a plain
// number of seconds or milliseconds means what it says, and the loop either
// ends its retries (for a hint of a minute or more) or waits the hint, or,
// with no hint, the backoff within its cap.
//
//	go test -run '^$' -fuzz '^FuzzRetryAfter$' -fuzztime 30s ./internal/requestconfig
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, s := range []struct {
		ra, ms  string
		attempt int
	}{
		{"0", "", 0},
		{"2", "", 1},
		{"59", "", 2},
		{"60", "", 3},
		{"-1", "", 0},
		{"", "10", 0},
		{"", "59999", 0},
		{"", "60000", 4},
		{"", "-5", 0},
		{"1", "abc", 0},
		{"NaN", "NaN", 0},
		{"Inf", "+Inf", 0},
		{"1e308", "1e308", 0},
		{"9223372036854775807", "9223372036854775807", 0},
		{"0x1p-2", "1_000", 0},
		{"4.5", "0.5", 0},
		{" 5", "5 ", 0},
		{now.Add(30 * time.Second).Format(http.TimeFormat), "", 0},
		{now.Add(-30 * time.Second).Format(http.TimeFormat), "", 0},
		{now.Add(time.Hour).Format(http.TimeFormat), "", 0},
		{"Fri, 02 Jan 2026 03:04:35 GMT", "", 0},
		{"Friday, 02-Jan-26 03:04:35 GMT", "", 0},
		{"Fri Jan  2 03:04:35 2026", "", 0},
		{"", "", 1000},
	} {
		f.Add(s.ra, s.ms, s.attempt)
	}
	cfg := Defaults(testErrors{})
	cfg.Clock = fakeclock.New(now)
	f.Fuzz(func(t *testing.T, ra, ms string, attempt int) {
		h := http.Header{}
		if ra != "" {
			h["Retry-After"] = []string{ra}
		}
		if ms != "" {
			h["Retry-After-Ms"] = []string{ms}
		}
		res := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: h}
		d, ok := retryAfter(res, now)
		if d < 0 || !ok && d != 0 {
			t.Fatalf("Retry-After %q, retry-after-ms %q: %v, %v", ra, ms, d, ok)
		}
		// Plain integers mean exactly what they say, ms first.
		if n, err := strconv.Atoi(ms); err == nil && n >= 0 && n < 1e9 {
			if !ok || d != time.Duration(n)*time.Millisecond {
				t.Fatalf("retry-after-ms %q: got %v, %v", ms, d, ok)
			}
		} else if n, err := strconv.Atoi(ra); err == nil && n >= 0 && n < 1e6 && !validNumber(ms) {
			if !ok || d != time.Duration(n)*time.Second {
				t.Fatalf("Retry-After %q: got %v, %v", ra, d, ok)
			}
		}

		attempt = int(uint(attempt) % 1000) // the loop counts from 0
		delay, stop := cfg.retryDelay(context.Background(), res, attempt)
		switch {
		case ok && d >= maxRetryAfter:
			if !stop {
				t.Fatalf("a hint of %v is waited for (%v)", d, delay)
			}
		case ok:
			if stop || delay != d {
				t.Fatalf("a hint of %v: waits %v, stop %v", d, delay, stop)
			}
		default:
			if stop || delay < 0 || delay > defaultMaxBackoff {
				t.Fatalf("no hint, attempt %d: waits %v, stop %v", attempt, delay, stop)
			}
		}
	})
}

// validNumber reports whether the parser reads v as a hint (one that a
// retry-after-ms value would then win with).
func validNumber(v string) bool {
	f, err := strconv.ParseFloat(v, 64)
	return (err == nil || errors.Is(err, strconv.ErrRange)) && f >= 0
}
