package apijson

// Keys are the member names a decoder knows, for Member: the generated
// decoders declare one set per type.
type Keys struct {
	quoted []string     // each name as JSON writes it, quotes included
	first  [256][]uint8 // the indices of the names, by their first byte
	index  map[string]int
}

// NewKeys returns the set of names, in the order Member numbers them.
// Names must be plain ASCII without quotes or backslashes.
func NewKeys(names ...string) *Keys {
	k := &Keys{index: make(map[string]int, len(names))}
	for i, n := range names {
		k.quoted = append(k.quoted, `"`+n+`"`)
		if n != "" {
			k.first[n[0]] = append(k.first[n[0]], uint8(i))
		}
		k.index[n] = i
	}
	return k
}

// Member advances to the next member of the object opened last, like Key,
// and returns the index in k of its key, with the decoder at its value; for
// a key k does not know, the index is -1 and the key is returned, unescaped.
// A known key written plainly, as servers write them, is matched in the
// input as it stands, without being decoded: that is the cost of reading
// most members of a response. It reports false at the end of the object or
// on an error.
func (d *Decoder) Member(k *Keys) (int, string, bool) {
	// Compact JSON, the common case: `,"key":` or `"key":` right here.
	s, i := d.s, d.pos
	if i < len(s) && s[i] == ',' && !d.first {
		i++
	}
	if i+1 < len(s) && s[i] == '"' && (i != d.pos || d.first) {
		for _, c := range k.first[s[i+1]] {
			q := k.quoted[c]
			if end := i + len(q); end < len(s) && s[end] == ':' && s[i:end] == q {
				d.first = false
				d.pos = end + 1
				d.ws()
				return int(c), "", true
			}
		}
	}
	if !d.next('}') {
		return -1, "", false
	}
	if d.pos >= len(d.s) || d.s[d.pos] != '"' {
		d.failAt("a string key")
		return -1, "", false
	}
	name := d.str()
	d.colon()
	if c, ok := k.index[name]; ok {
		return c, "", d.err == nil
	}
	return -1, name, d.err == nil
}
