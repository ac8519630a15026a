package apijson

import (
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is how deeply objects and arrays may nest. It is the limit of
// encoding/json, so that both accept exactly the same documents, and it
// keeps the recursive descent far from exhausting a goroutine's stack.
const MaxDepth = 10000

// Kind is the type of the JSON value a Decoder is at.
type Kind uint8

// The kinds of JSON value. KindInvalid is the end of the input or a byte
// that starts no value.
const (
	KindInvalid Kind = iota
	KindNull
	KindBool
	KindNumber
	KindString
	KindObject
	KindArray
)

// kinds maps the first byte of a value to its kind.
var kinds = func() (t [256]Kind) {
	t['n'] = KindNull
	t['t'], t['f'] = KindBool, KindBool
	t['-'] = KindNumber
	for c := '0'; c <= '9'; c++ {
		t[c] = KindNumber
	}
	t['"'] = KindString
	t['{'] = KindObject
	t['['] = KindArray
	return t
}()

// stringStop marks the bytes that end the fast scan of a string's
// contents: its closing quote, an escape, the control characters JSON does
// not allow unescaped, and the bytes of multi-byte UTF-8, which are
// checked (see Decoder).
var stringStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// SyntaxError is the error of a Decoder for input that is not JSON.
type SyntaxError struct {
	// Offset is where in the input the problem was found, in bytes.
	Offset int
	msg    string
}

// Error reads like "offset 12: unexpected end of input, want a JSON value".
func (e *SyntaxError) Error() string {
	return "offset " + strconv.Itoa(e.Offset) + ": " + e.msg
}

// Decoder reads one JSON text in a single forward pass, validating it as
// it reads: there is no separate validity pass. Decoding functions drive it
// by recursive descent — Object then Key for each member, Array then Elem
// for each element, the typed readers (String, Bool, Int, Time, …) or Skip
// for each value — and it keeps the first error, after which every method
// reports the end of the input, so a loop over members or elements always
// ends and no method ever panics, whatever the input. The caller checks Err
// once at the end.
//
// It accepts exactly the documents encoding/json.Valid accepts, nesting
// limit included, and decodes strings as encoding/json does: a string that
// is not valid UTF-8 is accepted, and each invalid byte of it becomes
// U+FFFD; a \u escape of a UTF-16 surrogate pair is one character, and a
// surrogate not in a pair is U+FFFD.
//
// Decoded strings without escapes are substrings of the input: a decoded
// value shares the memory of the one string its body was copied into.
type Decoder struct {
	s     string
	pos   int
	depth int
	// first is set by opening an object or an array: the member or element
	// that follows, if any, is the first, so no comma is due before it. Any
	// nested value resets it before its container's next member is read.
	first bool
	err   error
}

// NewDecoder returns a Decoder at the start of the JSON text s.
func NewDecoder(s string) *Decoder { return &Decoder{s: s} }

// Err returns the first syntax error found, or nil.
func (d *Decoder) Err() error { return d.err }

func (d *Decoder) fail(msg string) {
	if d.err == nil {
		d.err = &SyntaxError{Offset: d.pos, msg: msg}
	}
	d.pos = len(d.s)
}

// failAt reports the byte at the current position, or the end of the input.
func (d *Decoder) failAt(want string) {
	if d.pos >= len(d.s) {
		d.fail("unexpected end of input, want " + want)
		return
	}
	d.fail("invalid character " + strconv.QuoteRune(rune(d.s[d.pos])) + ", want " + want)
}

// ws skips whitespace; the test of one byte is inlined, the loop is not.
func (d *Decoder) ws() {
	if d.pos < len(d.s) && d.s[d.pos] > ' ' {
		return
	}
	d.wsLoop()
}

func (d *Decoder) wsLoop() {
	for d.pos < len(d.s) {
		switch d.s[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// Peek returns the kind of the next value without consuming it.
func (d *Decoder) Peek() Kind {
	d.ws()
	if d.pos >= len(d.s) {
		return KindInvalid
	}
	return kinds[d.s[d.pos]]
}

// Mark skips whitespace and returns the offset where the next value
// starts, for Since.
func (d *Decoder) Mark() int {
	d.ws()
	return d.pos
}

// Rest returns how many bytes of the input are left to read.
func (d *Decoder) Rest() int { return len(d.s) - d.pos }

// Pos returns the current position: the offset just past what was read.
func (d *Decoder) Pos() int { return d.pos }

// Since returns the text from start, a Mark, to the end of the value just
// read. After the top-level value it includes the whitespace that follows,
// as gjson's Raw of a whole body did, so a response's RawJSON is the body
// from its first byte of JSON to its end.
func (d *Decoder) Since(start int) string {
	if d.depth == 0 {
		d.ws()
	}
	if start > d.pos {
		return ""
	}
	return d.s[start:d.pos]
}

// Finish checks that only whitespace follows the value just read.
func (d *Decoder) Finish() {
	d.ws()
	if d.pos < len(d.s) {
		d.fail("invalid character " + strconv.QuoteRune(rune(d.s[d.pos])) + " after the JSON value")
	}
}

// Object opens the object that is the next value and returns where it
// starts, for Since and Field. When the next value is not an object it
// consumes nothing and reports false: the caller then calls NotObject.
func (d *Decoder) Object() (start int, ok bool) {
	start = d.Mark()
	if d.pos >= len(d.s) || d.s[d.pos] != '{' {
		return start, false
	}
	return start, d.open()
}

// Array opens the array that is the next value, as Object does an object.
func (d *Decoder) Array() (start int, ok bool) {
	start = d.Mark()
	if d.pos >= len(d.s) || d.s[d.pos] != '[' {
		return start, false
	}
	return start, d.open()
}

func (d *Decoder) open() bool {
	d.pos++
	d.depth++
	d.first = true
	if d.depth > MaxDepth {
		d.fail("nested deeper than " + strconv.Itoa(MaxDepth) + " levels")
		return false
	}
	return true
}

// next moves to the next member or element of the innermost open object
// or array: it reports false, having consumed the closing byte, at its
// end, and true, positioned at what follows the comma if one was due.
func (d *Decoder) next(close byte) bool {
	d.ws()
	if d.pos >= len(d.s) {
		d.fail("unexpected end of input, want ',' or '" + string(close) + "'")
		return false
	}
	c := d.s[d.pos]
	if c == close {
		d.pos++
		d.depth--
		d.first = false
		return false
	}
	if d.first {
		d.first = false
		return true
	}
	if c != ',' {
		d.failAt("',' or '" + string(close) + "'")
		return false
	}
	d.pos++
	d.ws()
	return true
}

// Key advances to the next member of the object opened last and returns
// its key, unescaped, with the decoder at its value; the value must then be
// read or skipped. It reports false at the end of the object or on an error.
func (d *Decoder) Key() (string, bool) {
	// Compact JSON, the common case: `,"key":` or `"key":` right here,
	// the key plain ASCII.
	s, i := d.s, d.pos
	if !d.first && i < len(s) && s[i] == ',' {
		i++
	}
	if i < len(s) && s[i] == '"' && (i != d.pos || d.first) {
		if end := plainRun(s, i+1); end+1 < len(s) && s[end] == '"' && s[end+1] == ':' {
			d.first = false
			d.pos = end + 2
			d.ws()
			return d.s[i+1 : end], true
		}
	}
	if !d.next('}') {
		return "", false
	}
	if d.pos >= len(d.s) || d.s[d.pos] != '"' {
		d.failAt("a string key")
		return "", false
	}
	k := d.str()
	d.colon()
	return k, d.err == nil
}

// skipKey is Key for a member whose key nobody reads.
func (d *Decoder) skipKey() bool {
	if !d.next('}') {
		return false
	}
	if d.pos >= len(d.s) || d.s[d.pos] != '"' {
		d.failAt("a string key")
		return false
	}
	d.skipString()
	d.colon()
	return d.err == nil
}

func (d *Decoder) colon() {
	d.ws()
	if d.pos < len(d.s) && d.s[d.pos] == ':' {
		d.pos++
		d.ws() // the value's readers may look at its first byte directly
		return
	}
	d.failAt("':'")
}

// Elem advances to the next element of the array opened last, reporting
// false at its end or on an error; the element must then be read or
// skipped.
func (d *Decoder) Elem() bool { return d.next(']') }

// Skip consumes the next value, validating it.
func (d *Decoder) Skip() {
	d.ws()
	if d.pos >= len(d.s) {
		d.failAt("a JSON value")
		return
	}
	switch c := d.s[d.pos]; c {
	case '{':
		if d.open() {
			for d.skipKey() {
				d.Skip()
			}
		}
	case '[':
		if d.open() {
			for d.Elem() {
				d.Skip()
			}
		}
	case '"':
		d.skipString()
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	default:
		if c == '-' || '0' <= c && c <= '9' {
			d.number()
			return
		}
		d.failAt("a JSON value")
	}
}

// Value consumes the next value, validating it, and returns its text.
func (d *Decoder) Value() string {
	start := d.Mark()
	d.Skip()
	return d.s[start:d.pos]
}

func (d *Decoder) literal(word string) {
	if strings.HasPrefix(d.s[d.pos:], word) {
		d.pos += len(word)
		return
	}
	d.failAt(strconv.Quote(word))
}

// number consumes a number at the current position and returns its text:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *Decoder) number() string {
	s, i := d.s, d.pos
	start := i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i++
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
	default:
		d.pos = i
		d.failAt("a digit")
		return ""
	}
	if i < len(s) && s[i] == '.' {
		i++
		j := i
		if i = digitsEnd(s, i); i == j {
			d.pos = i
			d.failAt("a digit after the decimal point")
			return ""
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		if i = digitsEnd(s, i); i == j {
			d.pos = i
			d.failAt("a digit in the exponent")
			return ""
		}
	}
	d.pos = i
	return s[start:i]
}

// digitsEnd returns the index of the first byte at or after i that is not
// a decimal digit.
func digitsEnd(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// str consumes the string at the current position (its opening quote) and
// returns its contents: a substring of the input when it has no escapes,
// else a new string with them decoded.
func (d *Decoder) str() string {
	s := d.s
	i := plainRun(s, d.pos+1)
	for i < len(s) && s[i] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return d.unescape(i) // invalid UTF-8: a new string, with U+FFFD
		}
		i = plainRun(s, i+size)
	}
	if i < len(s) && s[i] == '"' {
		out := d.s[d.pos+1 : i]
		d.pos = i + 1
		return out
	}
	return d.unescape(i)
}

// unescape continues str at i, the first byte that is not plain content.
func (d *Decoder) unescape(i int) string {
	s := d.s
	b := make([]byte, 0, i-d.pos+16)
	b = append(b, s[d.pos+1:i]...)
	for i < len(s) {
		switch c := s[i]; {
		case c == '"':
			d.pos = i + 1
			return string(b)
		case c == '\\':
			if i+1 >= len(s) {
				d.pos = i + 1
				d.failAt("an escape")
				return ""
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(s, i+2)
				if r < 0 {
					d.pos = i
					d.fail("invalid \\u escape")
					return ""
				}
				i += 6
				if utf16.IsSurrogate(r) {
					// As encoding/json: a high surrogate escape followed by
					// a low one is one character; any other surrogate is
					// U+FFFD, and what follows it is read on its own.
					r2 := rune(-1)
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						r2 = hex4(s, i+2)
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				d.pos = i
				d.fail("invalid escape " + strconv.Quote(s[i:i+2]))
				return ""
			}
			i += 2
		case c < 0x20:
			d.pos = i
			d.fail("control character in a string")
			return ""
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, s[i:i+size]...)
			}
			i += size
		default:
			j := plainRun(s, i+1)
			b = append(b, s[i:j]...)
			i = j
		}
	}
	d.pos = i
	d.fail("unexpected end of input in a string")
	return ""
}

// skipString consumes the string at the current position, validating it
// without decoding it.
func (d *Decoder) skipString() {
	s := d.s
	i := d.pos + 1
	for {
		i = plainRun(s, i)
		if i >= len(s) {
			d.pos = i
			d.fail("unexpected end of input in a string")
			return
		}
		switch c := s[i]; {
		case c == '"':
			d.pos = i + 1
			return
		case c >= utf8.RuneSelf:
			i++ // any byte is valid JSON here; only decoding replaces invalid UTF-8
		case c == '\\':
			if i+1 >= len(s) {
				d.pos = i + 1
				d.failAt("an escape")
				return
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if hex4(s, i+2) < 0 {
					d.pos = i
					d.fail("invalid \\u escape")
					return
				}
				i += 6
			default:
				d.pos = i
				d.fail("invalid escape " + strconv.Quote(s[i:i+2]))
				return
			}
		default:
			d.pos = i
			d.fail("control character in a string")
			return
		}
	}
}

// The string scans test eight bytes at a time (SWAR): for a word x,
// (x - lsb*n) & msb has the top bit set of the lowest byte below n, and of
// no byte below it, unless one of those has its own top bit set: a byte of
// 0x80 or more, which plainRun stops at anyway, so it ors x itself in. A
// byte equal to c is a zero byte of x ^ lsb*c. Bytes above the lowest one
// found may be flagged wrongly (by a borrow), and are never looked at.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// plainRun returns the index of the first byte at or after i that ends the
// plain content of a string (see stringStop), or len(s). It tests eight
// bytes at a time, read as one little-endian word (word, whose byte loads
// the compiler merges into one): 10% of a List's instructions.
func plainRun(s string, i int) int {
	for ; i >= 0 && len(s)-i >= 8; i += 8 {
		x := word(s, i)
		q, e := x^(lsb*'"'), x^(lsb*'\\')
		if m := (q - lsb) | (e - lsb) | (x - lsb*0x20) | x; m&msb != 0 {
			return i + bits.TrailingZeros64(m&msb)/8
		}
	}
	for i < len(s) && !stringStop[s[i]] {
		i++
	}
	return i
}

// hex4 returns the value of the four hex digits at s[i:], or -1.
func hex4(s string, i int) rune {
	if i < 0 || i+4 > len(s) {
		return -1
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// Valid reports whether s is one JSON value, with whitespace around it.
func Valid(s string) bool {
	d := Decoder{s: s}
	d.Skip()
	d.Finish()
	return d.err == nil
}

// PeekString returns the string value of the member key of the object that
// is the next value, without consuming anything; "" when the next value is
// not an object, has no such member, or it is not a string.
func (d *Decoder) PeekString(key string) string {
	look := *d
	look.err = nil
	if _, ok := look.Object(); !ok {
		return ""
	}
	for k, more := look.Key(); more; k, more = look.Key() {
		if k == key && look.Peek() == KindString {
			return look.str()
		}
		look.Skip()
	}
	return ""
}

// HasMembers reports whether the object that is the next value has every
// one of keys, without consuming anything.
func (d *Decoder) HasMembers(keys ...string) bool {
	look := *d
	look.err = nil
	if _, ok := look.Object(); !ok {
		return false
	}
	found := 0
	for k, more := look.Key(); more; k, more = look.Key() {
		for _, want := range keys {
			if k == want {
				found++
				break
			}
		}
		look.Skip()
	}
	return found >= len(keys) && look.err == nil
}
