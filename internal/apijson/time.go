package apijson

import "time"

// fastTime reads the spelling of an RFC 3339 timestamp servers write, in
// UTC: "2006-01-02T15:04:05Z", with or without a fraction of a second. It
// reads it as time.Time.UnmarshalJSON does, the same checks and the same
// result, for less than half the work, and reports false for anything
// else, which UnmarshalJSON then reads (or refuses).
func fastTime(s string) (time.Time, bool) {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	y1, ok1 := two(s[0], s[1])
	y2, ok2 := two(s[2], s[3])
	month, ok3 := two(s[5], s[6])
	day, ok4 := two(s[8], s[9])
	hour, ok5 := two(s[11], s[12])
	minute, ok6 := two(s[14], s[15])
	sec, ok7 := two(s[17], s[18])
	year := y1*100 + y2
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || month < 1 || month > 12 ||
		day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	if len(s) > 20 {
		// As time reads it: a '.' and at least one digit; digits past the
		// ninth are dropped.
		frac := s[19 : len(s)-1]
		if len(frac) < 2 || frac[0] != '.' {
			return time.Time{}, false
		}
		for i := 1; i < len(frac); i++ {
			c := frac[i] - '0'
			if c > 9 {
				return time.Time{}, false
			}
			if i <= 9 {
				nsec = nsec*10 + int(c)
			}
		}
		for i := len(frac); i <= 9; i++ {
			nsec *= 10
		}
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

// two reads two decimal digits.
func two(a, b byte) (int, bool) {
	a, b = a-'0', b-'0'
	return int(a)*10 + int(b), a <= 9 && b <= 9
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
