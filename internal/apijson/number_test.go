package apijson

import (
	"math/big"
	"strconv"
	"strings"
	"testing"
)

func TestExactInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"-0", 0, true},
		{"10", 10, true},
		{"10.0", 10, true},
		{"1e1", 10, true},
		{"1E+1", 10, true},
		{"100e-2", 1, true},
		{"0.000", 0, true},
		{"0e-400", 0, true},
		{"0e999999999999", 0, true},
		{"-12.5e1", -125, true},
		{"9007199254740993.0", 9007199254740993, true},
		{"9223372036854775807", 1<<63 - 1, true},
		{"-9223372036854775808", -1 << 63, true},
		{"922337203685477580.7e1", 1<<63 - 1, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"10.5", 0, false},
		{"1e-400", 0, false},
		{"10.0000000000000000001", 0, false},
		{"1e19", 0, false},
		{"1e18", 1e18, true},
		{"1e999999999999", 0, false},
		{"0.1e1", 1, true},
		{"0.01e1", 0, false},
	}
	for _, tt := range tests {
		got, ok := exactInt(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("exactInt(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzExactInt compares exactInt with math/big's exact reading of the same
// number.
func FuzzExactInt(f *testing.F) {
	for _, s := range []string{"0", "-0", "10.0", "1e1", "9007199254740993.0", "1e-400", "10.5", "-9223372036854775808", "9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := NewDecoder(s)
		if d.Peek() != KindNumber {
			return
		}
		raw := d.number()
		if d.err != nil || raw != s {
			return
		}
		got, ok := exactInt(s)
		if i := strings.IndexAny(s, "eE"); i >= 0 {
			if e, err := strconv.Atoi(strings.TrimLeft(s[i+1:], "+-")); err != nil || e > 5000 {
				return // big.Rat would build 10^e; TestExactInt covers these
			}
		}
		r, rok := new(big.Rat).SetString(s)
		if !rok {
			t.Fatalf("big.Rat cannot read %q", s)
		}
		want := r.IsInt() && r.Num().IsInt64()
		if ok != want {
			t.Fatalf("exactInt(%q) ok = %v, want %v (%s)", s, ok, want, r.RatString())
		}
		if ok && strconv.FormatInt(got, 10) != r.Num().String() {
			t.Fatalf("exactInt(%q) = %d, want %s", s, got, r.Num())
		}
	})
}
