package apijson

// exactInt reports the int64 that the JSON number text s (already checked
// to be one) denotes exactly, and false when it denotes no integer or one
// out of range. It works on the decimal digits: s is
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, its value is
// digits × 10^exp, and it is an integer exactly when, once the digits'
// trailing zeros are moved into exp, exp is not negative (or the digits
// are all zeros).
func exactInt(s string) (int64, bool) {
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	if len(s) <= 18 {
		// Plain digits, as integers are usually written: 18 of them
		// cannot overflow.
		n := int64(0)
		i := 0
		for ; i < len(s) && s[i]-'0' <= 9; i++ {
			n = n*10 + int64(s[i]-'0')
		}
		if i == len(s) {
			if neg {
				n = -n
			}
			return n, true
		}
	}
	// The digits of the integer and fraction parts, and where the
	// exponent part starts.
	intEnd, fracEnd := len(s), len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
			intEnd = i
		case 'e', 'E':
			if intEnd == len(s) {
				intEnd = i
			}
			fracEnd = i
		}
	}
	intPart := s[:intEnd]
	frac := ""
	if intEnd < fracEnd {
		frac = s[intEnd+1 : fracEnd]
	}
	exp := 0
	if fracEnd < len(s) {
		e, ok := smallExponent(s[fracEnd+1:])
		if !ok {
			// |exponent| ≥ 10^6: only a zero can stay in range.
			return 0, allZeros(intPart) && allZeros(frac)
		}
		exp = e
	}
	digits := intPart
	if frac != "" {
		digits += frac
	}
	digits = trimLeftZeros(digits)
	exp -= len(frac)
	if digits == "" {
		return 0, true // zero, in any spelling: -0, 0.000, 0e-400
	}
	for len(digits) > 1 && digits[len(digits)-1] == '0' {
		digits, exp = digits[:len(digits)-1], exp+1
	}
	if exp < 0 || len(digits)+exp > 19 {
		return 0, false // a fraction, or more than 19 digits: past int64
	}
	var u uint64
	for i := 0; i < len(digits)+exp; i++ {
		d := uint64(0)
		if i < len(digits) {
			d = uint64(digits[i] - '0')
		}
		u = u*10 + d // at most 19 digits: no overflow of uint64
	}
	switch {
	case neg && u <= 1<<63:
		return -int64(u-1) - 1, true // -(1<<63) included
	case !neg && u < 1<<63:
		return int64(u), true
	}
	return 0, false
}

// smallExponent parses an exponent's text, [+-]?[0-9]+, when its absolute
// value is under 10^6.
func smallExponent(s string) (int, bool) {
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	s = trimLeftZeros(s)
	if len(s) > 6 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func trimLeftZeros(s string) string {
	for len(s) > 0 && s[0] == '0' {
		s = s[1:]
	}
	return s
}

func allZeros(s string) bool { return trimLeftZeros(s) == "" }
