package apijson

import "time"

// fastTime reads the spelling of an RFC 3339 timestamp servers write, in
// UTC: "2006-01-02T15:04:05Z", with or without a fraction of a second. It
// reads it as time.Time.UnmarshalJSON does, the same checks and the same
// result (time.Unix's, in UTC, is time.Date's), for a fraction of the work,
// and reports false for anything else, which UnmarshalJSON then reads (or
// refuses).
func fastTime(s string) (time.Time, bool) {
	if len(s) < 20 || s[len(s)-1] != 'Z' || s[16] != ':' {
		return time.Time{}, false
	}
	// "YYYY-MM-" and "DDTHH:MM", a word each: their digits checked and
	// read in pairs a word at a time.
	w0, w1 := word(s, 0), word(s, 8)
	const (
		digits0 = 0x00ffff00ffffffff // bytes 0-3, 5, 6
		seps0   = '-'<<56 | '-'<<32
		digits1 = 0xffff00ffff00ffff // bytes 0, 1, 3, 4, 6, 7
		seps1   = ':'<<40 | 'T'<<16
	)
	p0, ok0 := pairs(w0, digits0)
	p1, ok1 := pairs(w1, digits1)
	s0, s1 := s[17]-'0', s[18]-'0'
	if !ok0 || !ok1 || w0&^digits0 != seps0 || w1&^digits1 != seps1 || s0 > 9 || s1 > 9 {
		return time.Time{}, false
	}
	year := int(byte(p0))*100 + int(byte(p0>>16))
	month, day := int(byte(p0>>40)), int(byte(p1))
	hour, minute, sec := int(byte(p1>>24)), int(byte(p1>>48)), int(s0)*10+int(s1)
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
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
	secs := daysSinceEpoch(year, month, day)*86400 + int64(hour*3600+minute*60+sec)
	return time.Unix(secs, int64(nsec)).UTC(), true
}

// rfc3339Offset reports whether the timestamp s, which time has parsed,
// ends in an offset RFC 3339 allows: Z, or ±hh:mm with hh up to 23 and mm
// up to 59. time accepts hours up to 24 and minutes up to 60.
func rfc3339Offset(s string) bool {
	if n := len(s); n > 0 && (s[n-1] == 'Z' || s[n-1] == 'z') {
		return true
	}
	if len(s) < 6 {
		return false
	}
	off := s[len(s)-6:]
	h1, h2, m1, m2 := off[1]-'0', off[2]-'0', off[4]-'0', off[5]-'0'
	return (off[0] == '+' || off[0] == '-') && off[3] == ':' &&
		h1 <= 9 && h2 <= 9 && m1 <= 9 && m2 <= 9 && h1*10+h2 <= 23 && m1*10+m2 <= 59
}

// pairs reads the bytes of w that mask selects as decimal digits: it
// reports whether each is one, and a word whose byte k is 10*b[k] + b[k+1],
// the two-digit number that starts at byte k, for every byte k of a pair.
// Digits are checked eight at a time: a byte b is one when neither b-'0'
// nor b+('9'^0x7f) has its top bit set; a borrow or a carry passes from a
// byte only when that byte is not a digit, so the lowest byte that is not
// is always caught.
func pairs(w, mask uint64) (uint64, bool) {
	t := w & mask
	if ((t-lsb*'0'&mask)|(t+lsb*('9'^0x7f)&mask))&msb&mask != 0 {
		return 0, false
	}
	d := t - lsb*'0'&mask
	return d*10 + d>>8, true
}

// daysSinceEpoch is the number of days from 1970-01-01 to the given date of
// the proleptic Gregorian calendar, which time.Date would also compute, by
// the civil-from-days method of Howard Hinnant's "chrono-Compatible
// Low-Level Date Algorithms": years begin on 1 March, so that the leap day
// is the last of its year and each 400 years have the same days.
func daysSinceEpoch(year, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := year
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := year - era*400                     // [0, 399]
	doy := (153*((month+9)%12)+2)/5 + day - 1 // [0, 365], from 1 March
	doe := yoe*365 + yoe/4 - yoe/100 + doy    // [0, 146096]
	return int64(era)*146097 + int64(doe) - 719468
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

// word is the little-endian word s[i:i+8]; i+8 must not pass len(s). The
// compiler merges the byte loads into one.
func word(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
