package avaratest

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Seed describes a customer that exists before the fake serves its first
// request; see WithCustomers. Only Name is needed; the zero value of every
// other field gives what the API would give a new customer.
type Seed struct {
	// ID is the customer's id, "cus_" and 32 lowercase hex characters.
	// Empty means a random one.
	ID string
	// Name is the customer's name. Empty means "Customer <n>", where n is
	// the seed's position among all seeds, from 1.
	Name string
	// Metadata follows the API's limits: at most 50 pairs, keys of at most
	// 100 characters, values of at most 1000 characters.
	Metadata map[string]string
	// Users are the member user ids, each "usr_" and 32 lowercase hex
	// characters. Duplicates count once.
	Users []string
	// Inactive makes the customer start deactivated.
	Inactive bool
	// CreatedAt is when the customer was created; zero means the fake's
	// clock at construction. UpdatedAt starts equal to it.
	CreatedAt time.Time
	// CreatedByUserID, when set, makes the customer look created from the
	// dashboard by that user (a usr_ id): createdByUserId is this value and
	// createdByApiKeyId is left out. Otherwise the customer is attributed to
	// the fake's API key, like one created through the API.
	CreatedByUserID string
}

// Customer is a snapshot of a customer held by the fake, returned by
// Server.Customers and Server.Customer for assertions. Changing it does not
// change the fake.
type Customer struct {
	// ID is the expressCustomerId.
	ID string
	// Name is the expressCustomerName.
	Name string
	// IsActive is false between deactivate and reactivate.
	IsActive bool
	// Users are the member user ids, sorted; UserCount on the wire is
	// always len(Users).
	Users []string
	// Metadata is nil when the customer has none.
	Metadata map[string]string
	// CreatedAt and UpdatedAt are in UTC, truncated to the millisecond, as
	// sent on the wire.
	CreatedAt time.Time
	UpdatedAt time.Time
	// CreatedByAPIKeyID is empty for customers created from the dashboard.
	CreatedByAPIKeyID string
	// CreatedByUserID is empty for customers created with an API key.
	CreatedByUserID string
}

// customer is the stored record. metadata is never mutated in place, only
// replaced, so views may share it without copying.
type customer struct {
	id        string
	name      string
	active    bool
	metadata  map[string]string
	extra     map[string]json.RawMessage // replaced, never changed in place
	users     map[string]struct{}
	createdAt time.Time
	updatedAt time.Time
	seq       uint64
	apiKeyID  string
	userID    string
}

// view is an immutable copy of a customer taken under the store lock, so
// that encoding can happen without holding it.
type view struct {
	id        string
	name      string
	active    bool
	metadata  map[string]string
	extra     map[string]json.RawMessage
	userCount int
	createdAt time.Time
	updatedAt time.Time
	seq       uint64
	apiKeyID  string
	userID    string
}

func (c *customer) view() view {
	return view{
		id:        c.id,
		name:      c.name,
		active:    c.active,
		metadata:  c.metadata,
		extra:     c.extra,
		userCount: len(c.users),
		createdAt: c.createdAt,
		updatedAt: c.updatedAt,
		seq:       c.seq,
		apiKeyID:  c.apiKeyID,
		userID:    c.userID,
	}
}

func (c *customer) snapshot() Customer {
	users := make([]string, 0, len(c.users))
	for u := range c.users {
		users = append(users, u)
	}
	slices.Sort(users)
	var md map[string]string
	if c.metadata != nil {
		md = maps.Clone(c.metadata)
	}
	return Customer{
		ID:                c.id,
		Name:              c.name,
		IsActive:          c.active,
		Users:             users,
		Metadata:          md,
		CreatedAt:         c.createdAt,
		UpdatedAt:         c.updatedAt,
		CreatedByAPIKeyID: c.apiKeyID,
		CreatedByUserID:   c.userID,
	}
}

// store keeps customers in list order, (createdAt, seq), in a slice, so a
// cursor is found by binary search and a page is a sub-slice. Customers are
// only ever appended (there is no delete endpoint) and createdAt never goes
// backwards, so a customer created during a walk always sorts after every
// position the walk has handed out: the walk sees each pre-existing customer
// exactly once.
type store struct {
	clock func() time.Time

	mu          sync.RWMutex
	list        []*customer
	byID        map[string]*customer
	nextSeq     uint64
	lastCreated time.Time
}

func newStore(clock func() time.Time) *store {
	return &store{clock: clock, byID: make(map[string]*customer)}
}

// now reads the clock outside the lock: a user-supplied clock may be slow or
// take its own locks.
func (s *store) now() time.Time {
	return s.clock().UTC().Truncate(time.Millisecond)
}

func (s *store) seed(seeds []Seed, count int, apiKeyID string) {
	type pending struct {
		Seed
		n int
	}
	all := make([]pending, 0, len(seeds)+count)
	for i, sd := range seeds {
		all = append(all, pending{sd, i + 1})
	}
	for i := range count {
		all = append(all, pending{Seed{}, len(seeds) + i + 1})
	}
	now := s.now()
	for i := range all {
		if all[i].CreatedAt.IsZero() {
			all[i].CreatedAt = now
		} else {
			all[i].CreatedAt = all[i].CreatedAt.UTC().Truncate(time.Millisecond)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt.Before(all[j].CreatedAt) })

	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = slices.Grow(s.list, len(all))
	for _, p := range all {
		sd := p.Seed
		id := sd.ID
		if id == "" {
			id = s.newIDLocked()
		} else if err := checkSeed(ruleExpressCustomerID, "ID", id); err != nil {
			panic(fmt.Sprintf("avaratest: seed %d: %v", p.n, err))
		} else if _, dup := s.byID[id]; dup {
			panic(fmt.Sprintf("avaratest: seed %d: ID %s is used twice", p.n, id))
		}
		name := sd.Name
		if name == "" {
			name = "Customer " + strconv.Itoa(p.n)
		}
		if err := checkSeed(ruleMetadata, "Metadata", sd.Metadata); sd.Metadata != nil && err != nil {
			panic(fmt.Sprintf("avaratest: seed %d: %v", p.n, err))
		}
		var md map[string]string
		if len(sd.Metadata) > 0 {
			md = maps.Clone(sd.Metadata)
		}
		users := make(map[string]struct{}, len(sd.Users))
		for _, u := range sd.Users {
			if err := checkSeed(ruleUserID, "Users", u); err != nil {
				panic(fmt.Sprintf("avaratest: seed %d: %v", p.n, err))
			}
			users[u] = struct{}{}
		}
		c := &customer{
			id:        id,
			name:      name,
			active:    !sd.Inactive,
			metadata:  md,
			users:     users,
			createdAt: sd.CreatedAt,
			updatedAt: sd.CreatedAt,
			seq:       s.nextSeq,
			apiKeyID:  apiKeyID,
		}
		if sd.CreatedByUserID != "" {
			if err := checkSeed(ruleUserID, "CreatedByUserID", sd.CreatedByUserID); err != nil {
				panic(fmt.Sprintf("avaratest: seed %d: %v", p.n, err))
			}
			c.apiKeyID = ""
			c.userID = sd.CreatedByUserID
		}
		s.nextSeq++
		s.list = append(s.list, c)
		s.byID[id] = c
		s.lastCreated = c.createdAt
	}
}

// newIDLocked returns a random customer id not yet in use. The caller holds
// the write lock, so the id cannot be taken between the check and the insert.
func (s *store) newIDLocked() string {
	for {
		id := randomID("cus_")
		if _, taken := s.byID[id]; !taken {
			return id
		}
	}
}

func randomID(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24
	return prefix + hex.EncodeToString(b[:])
}

func (s *store) create(name string, metadata map[string]string, apiKeyID string, extra map[string]json.RawMessage) view {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Before(s.lastCreated) {
		now = s.lastCreated
	}
	c := &customer{
		id:        s.newIDLocked(),
		name:      name,
		active:    true,
		metadata:  metadata,
		extra:     extra,
		users:     make(map[string]struct{}),
		createdAt: now,
		updatedAt: now,
		seq:       s.nextSeq,
		apiKeyID:  apiKeyID,
	}
	s.nextSeq++
	s.list = append(s.list, c)
	s.byID[c.id] = c
	s.lastCreated = now
	return c.view()
}

func (s *store) get(id string) (view, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.byID[id]
	if !ok {
		return view{}, false
	}
	return c.view(), true
}

// touch moves updatedAt to now, never before its current value, so that a
// clock that goes backwards cannot make updatedAt precede createdAt.
func (c *customer) touch(now time.Time) {
	if now.After(c.updatedAt) {
		c.updatedAt = now
	}
}

type update struct {
	name        *string
	setMetadata bool
	metadata    map[string]string          // nil clears
	extra       map[string]json.RawMessage // fields set, as given
}

func (s *store) update(id string, u update) (view, bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	if !ok {
		return view{}, false
	}
	if u.name != nil {
		c.name = *u.name
	}
	if u.setMetadata {
		c.metadata = u.metadata
	}
	if len(u.extra) > 0 {
		extra := maps.Clone(c.extra)
		if extra == nil {
			extra = map[string]json.RawMessage{}
		}
		maps.Copy(extra, u.extra)
		c.extra = extra
	}
	if u.name != nil || u.setMetadata || len(u.extra) > 0 {
		c.touch(now)
	}
	return c.view(), true
}

func (s *store) setActive(id string, active bool) (view, bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	if !ok {
		return view{}, false
	}
	if c.active != active {
		c.active = active
		c.touch(now)
	}
	return c.view(), true
}

type membership int

const (
	memberChanged membership = iota
	memberUnchanged
	customerMissing
	customerInactive
)

func (s *store) addUser(id, user string) membership {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	switch {
	case !ok:
		return customerMissing
	case !c.active:
		return customerInactive
	}
	if _, member := c.users[user]; member {
		return memberUnchanged
	}
	c.users[user] = struct{}{}
	c.touch(now)
	return memberChanged
}

func (s *store) removeUser(id, user string) membership {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.byID[id]
	if !ok {
		return customerMissing
	}
	if _, member := c.users[user]; !member {
		return memberUnchanged
	}
	delete(c.users, user)
	c.touch(now)
	return memberChanged
}

// position is a point in list order; a page holds the customers strictly
// after it.
type position struct {
	createdAt time.Time
	seq       uint64
	id        string
}

func (p position) less(c *customer) bool {
	if !p.createdAt.Equal(c.createdAt) {
		return p.createdAt.Before(c.createdAt)
	}
	return p.seq < c.seq
}

const cursorVersion = "v1"

// encodeCursor makes the opaque cursor for the position of v. The id is
// carried so that a cursor can be checked against the customer it names:
// a well-formed but made-up cursor is rejected rather than silently
// starting the walk somewhere arbitrary.
func encodeCursor(v view) string {
	raw := cursorVersion + "." + strconv.FormatInt(v.createdAt.UnixMilli(), 10) + "." +
		strconv.FormatUint(v.seq, 10) + "." + v.id
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string) (position, bool) {
	if len(s) > 200 {
		return position{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return position{}, false
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 4 || parts[0] != cursorVersion || ruleExpressCustomerID.checkString("", parts[3]) != nil {
		return position{}, false
	}
	ms, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return position{}, false
	}
	seq, err := strconv.ParseUint(parts[2], 10, 64)
	if err != nil {
		return position{}, false
	}
	return position{createdAt: time.UnixMilli(ms).UTC(), seq: seq, id: parts[3]}, true
}

// decodeOffsetCursor reads a cursor in the real API's documented form, the
// base64 of {"offset":N} (the official spec's example is
// "eyJvZmZzZXQiOjIwfQ==", offset 20), so that a cursor an official client
// holds works here too. The fake's own cursors name a position instead,
// which keeps a walk stable while customers are created during it.
func decodeOffsetCursor(s string) (int, bool) {
	if len(s) > 200 {
		return 0, false
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if raw, err = base64.RawURLEncoding.DecodeString(s); err != nil {
			return 0, false
		}
	}
	var c struct {
		Offset *json.Number `json:"offset"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&c) != nil || c.Offset == nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(*c.Offset), 10, 64)
	if err != nil || n < 0 || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// pageAt returns up to limit customers from the offset'th in list order
// (an offset past the end is an empty last page) and whether more follow.
func (s *store) pageAt(offset, limit int) ([]view, bool, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	start := min(offset, len(s.list))
	end := min(start+limit, len(s.list))
	views := make([]view, 0, end-start)
	for _, c := range s.list[start:end] {
		views = append(views, c.view())
	}
	return views, end < len(s.list), true
}

// page returns up to limit customers after pos (from the start when pos is
// nil), whether more follow, and false when pos names no customer.
func (s *store) page(pos *position, limit int) ([]view, bool, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	start := 0
	if pos != nil {
		start = sort.Search(len(s.list), func(i int) bool { return pos.less(s.list[i]) })
		if start == 0 {
			return nil, false, false
		}
		prev := s.list[start-1]
		if prev.seq != pos.seq || prev.id != pos.id || !prev.createdAt.Equal(pos.createdAt) {
			return nil, false, false
		}
	}
	end := min(start+limit, len(s.list))
	views := make([]view, 0, end-start)
	for _, c := range s.list[start:end] {
		views = append(views, c.view())
	}
	return views, end < len(s.list), true
}

func (s *store) snapshot() []Customer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Customer, 0, len(s.list))
	for _, c := range s.list {
		out = append(out, c.snapshot())
	}
	return out
}

func (s *store) customer(id string) (Customer, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.byID[id]
	if !ok {
		return Customer{}, false
	}
	return c.snapshot(), true
}
