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

func TestDaysSinceEpochIsTimeDates(t *testing.T) {
	for year := 0; year <= 9999; year++ {
		for month := 1; month <= 12; month++ {
			for _, day := range []int{1, 28, daysIn(month, year)} {
				want := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC).Unix() / 86400
				if got := daysSinceEpoch(year, month, day); got != want {
					t.Fatalf("%04d-%02d-%02d: %d days, time.Date says %d", year, month, day, got, want)
				}
			}
		}
	}
}

// TestFastTimeAgreesOnEveryByte changes each byte of a timestamp to every
// other value: fastTime reads each result as UnmarshalJSON does, or leaves
// it to UnmarshalJSON.
func TestFastTimeAgreesOnEveryByte(t *testing.T) {
	for _, base := range []string{"2024-02-29T23:59:59Z", "1999-12-31T00:00:00.5Z"} {
		for at := range len(base) {
			for c := range 256 {
				s := base[:at] + string([]byte{byte(c)}) + base[at+1:]
				got, ok := fastTime(s)
				var want time.Time
				err := want.UnmarshalJSON([]byte(strconv.Quote(s)))
				if ok && (err != nil || got != want) {
					t.Fatalf("%q: fastTime %v, UnmarshalJSON %v (%v)", s, got, want, err)
				}
				if !ok && err == nil && c < 0x80 && base[at] >= '0' && base[at] <= '9' && c >= '0' && c <= '9' {
					t.Errorf("%q: a plain UTC timestamp fastTime did not read", s)
				}
			}
		}
	}
}
