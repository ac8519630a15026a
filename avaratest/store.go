package avaratest

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// record is one object the fake keeps. fields are its JSON fields as last
// written (the resource's own, and any the fake keeps beside them, such as
// accessRevoked); the map is replaced, never changed in place, and so are
// the values inside it.
type record struct {
	res       *resource
	id        string
	fields    map[string]any
	createdAt time.Time
	seq       uint64
	// deleted records answer 404; listed ones stay in lists (a soft
	// delete that the API documents as visible there).
	deleted, listed bool
	// members are the sets addMember and removeMember change, by name.
	members map[string]map[string]struct{}
}

// collection keeps one resource's records in list order, (createdAt, seq),
// which is creation order: createdAt never goes backwards, so a record
// created during a walk always sorts after every position the walk has
// handed out, and the walk sees each earlier record exactly once. Records
// are never removed (a delete only marks them), so a cursor always finds
// its place.
type collection struct {
	list        []*record
	byID        map[string]*record
	lastCreated time.Time
}

// store holds every collection under one lock, as operations may touch
// several (an invitation made with its user, a study's report).
type store struct {
	clock func() time.Time

	mu      sync.RWMutex
	cols    map[string]*collection
	nextSeq uint64
}

func newStore(clock func() time.Time) *store {
	s := &store{clock: clock, cols: map[string]*collection{}}
	for name := range spec().resources {
		s.cols[name] = &collection{byID: map[string]*record{}}
	}
	return s
}

// now reads the clock outside the lock: a user-supplied clock may be slow or
// take its own locks.
func (s *store) now() time.Time {
	return s.clock().UTC().Truncate(time.Millisecond)
}

func randomID(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24
	return prefix + hex.EncodeToString(b[:])
}

// newIDLocked returns a random id for res not yet in use. The caller holds
// the write lock, so the id cannot be taken between the check and the insert.
func (s *store) newIDLocked(res *resource) string {
	for {
		id := randomID(res.prefix)
		if _, taken := s.cols[res.name].byID[id]; !taken {
			return id
		}
	}
}

// insertLocked adds a record with fields (which it owns) at now, or at
// createdAt when that is later than every record of its collection; an
// empty id is minted. It returns nil when id is taken.
func (s *store) insertLocked(res *resource, id string, fields map[string]any, now time.Time) *record {
	col := s.cols[res.name]
	if id == "" {
		id = s.newIDLocked(res)
	} else if _, taken := col.byID[id]; taken {
		return nil
	}
	if now.Before(col.lastCreated) {
		now = col.lastCreated
	}
	fields[res.idField] = id
	stamp := formatTime(now)
	if _, ok := fields["createdAt"]; res.hasCreated && !ok {
		fields["createdAt"] = stamp
	}
	if _, ok := fields["updatedAt"]; res.hasUpdated && !ok {
		fields["updatedAt"] = fields["createdAt"]
		if !res.hasCreated {
			fields["updatedAt"] = stamp
		}
	}
	rec := &record{res: res, id: id, fields: fields, createdAt: now, seq: s.nextSeq}
	s.nextSeq++
	col.list = append(col.list, rec)
	col.byID[id] = rec
	col.lastCreated = now
	return rec
}

// getLocked returns the live record of res with id, or nil.
func (s *store) getLocked(res *resource, id string) *record {
	rec := s.cols[res.name].byID[id]
	if rec == nil || rec.deleted {
		return nil
	}
	return rec
}

// findLocked returns the newest live record of res whose fields equal
// want, or nil.
func (s *store) findLocked(res *resource, want map[string]any) *record {
	if id, ok := want[res.idField].(string); ok && len(want) == 1 {
		return s.getLocked(res, id)
	}
	list := s.cols[res.name].list
	for i := len(list) - 1; i >= 0; i-- {
		rec := list[i]
		if rec.deleted {
			continue
		}
		match := true
		for k, v := range want {
			if !sameValue(rec.fields[k], v) {
				match = false
				break
			}
		}
		if match {
			return rec
		}
	}
	return nil
}

// write replaces rec's fields with next and moves updatedAt to now when
// anything changed, never before its current value, so that a clock that
// goes backwards cannot make updatedAt precede createdAt. It reports
// whether anything changed.
func (rec *record) write(next map[string]any, now time.Time) bool {
	if reflect.DeepEqual(rec.fields, next) {
		return false
	}
	if rec.res.hasUpdated {
		prev, _ := time.Parse(time.RFC3339Nano, str(rec.fields["updatedAt"]))
		if now.After(prev) {
			next["updatedAt"] = formatTime(now)
		} else {
			next["updatedAt"] = rec.fields["updatedAt"]
		}
	}
	rec.fields = next
	return true
}

// clone returns a copy of m that may be changed without changing m.
func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// sameValue compares two JSON values, numbers by value.
func sameValue(a, b any) bool {
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		af, _ := an.Float64()
		bf, _ := bn.Float64()
		return af == bf
	}
	return reflect.DeepEqual(a, b)
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// Cursors are the base64 of {"offset":N,"after":"<id>"}: the real API's
// documented form (its example is "eyJvZmZzZXQiOjIwfQ==", offset 20), with
// the id of the page's last object added. The fake resumes after that
// object, so a walk stays exact while objects are created during it;
// offset is what an official client holding such a cursor reads. The
// API's clinical references document a keyset form too,
// {"createdAt":"<RFC 3339 time>"} ("eyJjcmVhdGVkQXQiOiIyMDI0LTAxLTE1VDA5OjAwOjAwWiJ9"
// in the official SDKs' tests), which resumes after the objects created
// at or before that time.
type cursor struct {
	Offset    *json.Number `json:"offset"`
	After     string       `json:"after,omitempty"`
	CreatedAt string       `json:"createdAt,omitempty"`
}

// cursorPos is where a cursor resumes a list.
type cursorPos struct {
	offset int
	after  string    // the id of the previous page's last object
	since  time.Time // only objects created after this; zero for any
}

func encodeCursor(offset int, after string) string {
	n := json.Number(strconv.Itoa(offset))
	b, _ := json.Marshal(cursor{Offset: &n, After: after})
	return base64.StdEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor: the fake's own, one in the API's
// documented forms (only an offset, or only a createdAt), or the fake's
// earlier form (base64url of "v1.<ms>.<seq>.<id>"), which cursors held
// across an upgrade of this module may still be in.
func decodeCursor(s string) (pos cursorPos, ok bool) {
	if len(s) > 400 {
		return pos, false
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if raw, err = base64.RawURLEncoding.DecodeString(s); err != nil {
			return pos, false
		}
	}
	if parts := strings.Split(string(raw), "."); len(parts) == 4 && parts[0] == "v1" {
		return cursorPos{after: parts[3]}, true
	}
	var c cursor
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&c) != nil || c.Offset == nil && c.After == "" && c.CreatedAt == "" {
		return pos, false
	}
	if c.Offset != nil {
		n, err := strconv.ParseInt(string(*c.Offset), 10, 64)
		if err != nil || n < 0 || n > math.MaxInt32 {
			return pos, false
		}
		pos.offset = int(n)
	}
	if c.CreatedAt != "" {
		if pos.since, err = time.Parse(time.RFC3339Nano, c.CreatedAt); err != nil {
			return pos, false
		}
	}
	pos.after = c.After
	return pos, true
}

// pageLocked returns up to limit records of res that match, after the
// record named after (from the offset'th match when after is empty),
// whether more follow, and false when after names no record of res. A
// cursor's offset counts the matches before its page; with after, the
// offset is only carried on.
func (s *store) pageLocked(res *resource, match func(*record) bool, after string, offset, limit int) (page []*record, more bool, ok bool) {
	list := s.cols[res.name].list
	start := 0
	if after != "" {
		prev := s.cols[res.name].byID[after]
		if prev == nil {
			return nil, false, false
		}
		// Records are appended in seq order, so seq orders the list.
		lo, hi := 0, len(list)
		for lo < hi {
			mid := (lo + hi) / 2
			if list[mid].seq <= prev.seq {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		start, offset = lo, 0
	}
	skipped := 0
	for _, rec := range list[start:] {
		switch {
		case rec.deleted && !rec.listed || !match(rec):
		case skipped < offset:
			skipped++
		case len(page) < limit:
			page = append(page, rec)
		default:
			return page, true, true
		}
	}
	return page, false, true
}
