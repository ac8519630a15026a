package apijson

import (
	"encoding/binary"
	"unsafe"
)

// Keys are the member names a decoder knows, for Member: the generated
// decoders declare one set per type.
type Keys struct {
	first [256][]keyText // the names, by the first byte of each
	index map[string]int
}

// keyText is one name as a compact object writes its member, `"name":`,
// with the words Member compares the input with: the first eight bytes
// (masked, for a shorter text), the last eight and, for a text longer than
// sixteen bytes, the eight after the first; the bytes between those of a
// text longer than 24 are compared as a string.
type keyText struct {
	text            string
	head, mid, tail uint64
	headMask        uint64
	index           int
}

// NewKeys returns the set of names, in the order Member numbers them.
// Names must be plain ASCII without quotes or backslashes.
func NewKeys(names ...string) *Keys {
	k := &Keys{index: make(map[string]int, len(names))}
	for i, n := range names {
		t := keyText{text: `"` + n + `":`, index: i}
		padded := t.text + "\x00\x00\x00\x00\x00\x00\x00\x00"
		t.head = word(padded, 0)
		t.headMask = ^uint64(0)
		if len(t.text) < 8 {
			t.headMask >>= 8 * (8 - len(t.text))
		}
		if len(t.text) > 8 {
			t.tail = word(t.text, len(t.text)-8)
		}
		if len(t.text) > 16 {
			t.mid = word(t.text, 8)
		}
		c := t.text[1]
		k.first[c] = append(k.first[c], t)
		k.index[n] = i
	}
	return k
}

// word is the little-endian word s[i:i+8]; i+8 must not pass len(s).
func word(s string, i int) uint64 {
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	return binary.LittleEndian.Uint64(b[i : i+8 : i+8])
}

// Member advances to the next member of the object opened last, like Key,
// and returns the index in k of its key, with the decoder at its value; for
// a key k does not know, the index is -1 and the key is returned, unescaped.
// A known key written plainly, as servers write them, is matched in the
// input as it stands, without being decoded: that is the cost of reading
// most members of a response. It reports false at the end of the object or
// on an error.
func (d *Decoder) Member(k *Keys) (int, string, bool) {
	// Compact JSON, the common case: `,"key":` or `"key":` right here, with
	// room after it for the word comparisons of any name under 23 bytes.
	s, i := d.s, d.pos
	if !d.first && i < len(s) && s[i] == ',' {
		i++
	}
	if len(s)-i >= 32 && s[i] == '"' && (i != d.pos || d.first) {
		at := unsafe.Pointer(unsafe.StringData(s[i:]))
		candidates := k.first[s[i+1]]
		for j := range candidates {
			t := &candidates[j]
			n := len(t.text)
			if n > len(s)-i || load(at, 0)&t.headMask != t.head || n > 8 && (load(at, n-8) != t.tail ||
				n > 16 && (load(at, 8) != t.mid || n > 24 && s[i+16:i+n-8] != t.text[16:n-8])) {
				continue
			}
			d.first = false
			d.pos = i + n
			d.ws()
			return t.index, "", true
		}
	}
	name, ok := d.Key()
	if !ok {
		return -1, "", false
	}
	if c, ok := k.index[name]; ok {
		return c, "", true
	}
	return -1, name, true
}

// load is the little-endian word at p+off, without a bounds check: Member
// calls it only within the input, as its checks of the input's length make
// sure (32 bytes at least, and the whole of the name compared).
func load(p unsafe.Pointer, off int) uint64 {
	return binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(p, off))[:])
}
