package requestconfig

import "fmt"

// CheckHeader refuses a header net/http would refuse on every attempt
// (which would otherwise be retried as if the network had failed): a name
// that is not an HTTP token, or a value with a control character other
// than a tab. The options that set headers call it once, when they are
// made, so a call pays nothing for it. The error names the header but
// never quotes its value, which may be the API key.
func CheckHeader(name, value string) error {
	if !isToken(name) {
		return fmt.Errorf("header %q: the name must be a non-empty HTTP token (letters, digits and !#$%%&'*+-.^_`|~)", name)
	}
	if at := invalidHeaderValueAt(value); at >= 0 {
		return fmt.Errorf("header %q: its value has the control character %#02x at byte %d", name, value[at], at)
	}
	return nil
}

// CheckMethod refuses an HTTP method that is not a token, as net/http
// would on every attempt.
func CheckMethod(method string) error {
	if !isToken(method) {
		return fmt.Errorf("method %q: want an HTTP token, such as GET", method)
	}
	return nil
}

// isToken reports whether s is an HTTP token (RFC 9110 section 5.6.2), as
// net/http checks header names and methods.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return false
		}
	}
	return true
}

// isTokenByte reports whether c may appear in an HTTP token.
func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

// invalidHeaderValueAt returns the index of the first byte of v net/http
// refuses in a header value, a control character other than a tab, or -1.
func invalidHeaderValueAt(v string) int {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return i
		}
	}
	return -1
}
