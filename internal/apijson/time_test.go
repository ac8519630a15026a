package apijson

import (
	"strconv"
	"testing"
	"time"
)

// FuzzFastTime holds fastTime to time.Time.UnmarshalJSON: whatever it
// accepts, it reads to the same Time, representation included.
func FuzzFastTime(f *testing.F) {
	for _, s := range []string{
		"2024-01-15T09:00:00Z", "2024-01-15T09:00:00.123Z", "2024-02-29T23:59:59.999999999Z",
		"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-15T24:00:00Z", "2024-01-15T09:00:60Z",
		"2024-01-15T09:00:00.Z", "2024-01-15T09:00:00.1234567891234Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59Z", "2024-01-15t09:00:00z", "2024-01-15T09:00:00+02:00", "2024-1-15T09:00:00Z",
		"2024-01-15T09:00:00.-1Z", "2024-01-15T09:00:00.12a4Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := fastTime(s)
		if !ok {
			return
		}
		var want time.Time
		if err := want.UnmarshalJSON([]byte(strconv.Quote(s))); err != nil {
			t.Fatalf("%q: fastTime reads %v, UnmarshalJSON refuses: %v", s, got, err)
		}
		if got != want {
			t.Fatalf("%q: fastTime %#v, UnmarshalJSON %#v", s, got, want)
		}
	})
}

func TestFastTimeReadsTheCommonForms(t *testing.T) {
	for _, s := range []string{"2024-01-15T09:00:00Z", "2024-01-15T09:00:00.5Z", "2024-02-29T23:59:59.123456789Z"} {
		if _, ok := fastTime(s); !ok {
			t.Errorf("%q: not read", s)
		}
	}
}
