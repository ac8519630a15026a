// Package paging is the cursor engine under the page types of package
// pagination: how a page was fetched, how the page after it is asked for,
// and when a walk must stop. A page type embeds State under an unexported
// name, so the services can bind a first page to its request while the
// page's documentation shows only its fields.
package paging

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/avara/avara-go/internal/apijson"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/packages/respjson"
)

// End is why a page has no page after it, when the reason is not that the
// list said so.
type End int

// The ends of a walk that Follow reports.
const (
	// Repeated: the page's cursor was already used in this walk, so
	// following it would go round again.
	Repeated End = iota + 1
	// NoCursor: the page says more pages follow but gives no cursor.
	NoCursor
)

// EndError is Follow's error for a walk that ends for a reason the list did
// not give.
type EndError struct {
	End    End
	Cursor string
}

func (e *EndError) Error() string {
	if e.End == Repeated {
		return "the server handed back a cursor already used in this walk"
	}
	return "the server said more pages follow but sent no cursor"
}

// State is what a page knows of how it was fetched.
type State[T any] struct {
	cfg    *requestconfig.RequestConfig // the request of this page; nil for a page not fetched by List
	err    error                        // the error of building cfg
	read   func(*T, *apijson.Decoder) respjson.Field
	walk   *walk
	depth  int    // 0 for the first page of the walk, 1 for the next…
	cursor string // the cursor that asked for this page
	// itemsErr is the error of an item that was not an object.
	itemsErr error
}

// Bind readies a first page to be fetched with cfg, its items decoded with
// read. err, when not nil, is the error of building cfg, which Fetch
// returns without sending anything.
//
// param is the query parameter that carries a cursor: the cursor the first
// request already has (a walk resumed part-way) is this page's.
func (s *State[T]) Bind(cfg *requestconfig.RequestConfig, err error, param string, read func(*T, *apijson.Decoder) respjson.Field) {
	w := &walk{seed: maphash.MakeSeed(), seen: map[uint64]int{}, ctx: context.Background()}
	if cfg != nil {
		w.ctx = cfg.Context
	}
	*s = State[T]{cfg: cfg, err: err, read: read, walk: w}
	if cfg != nil {
		s.cursor = cfg.Query.Get(param)
	}
}

// Fetch sends the page's request under ctx and decodes the answer into page
// (whose State s is). The pages after it are asked for under the walk's
// context (the first request's) unless their own Fetch is given another,
// as a prefetch that stops with its walk is.
func (s *State[T]) Fetch(ctx context.Context, page json.Unmarshaler) error {
	if s.err != nil {
		return s.err
	}
	if s.cfg == nil {
		return nil
	}
	s.cfg.Context = ctx
	defer func() { s.cfg.Context = s.walk.ctx }()
	if err := s.cfg.Execute(page); err != nil {
		return err
	}
	if s.cursor != "" {
		s.walk.add(s.cursor, s.depth)
	}
	return nil
}

// Follow readies next, a new page, to fetch the page after this one:
// hasMore and cursor are this page's, param the query parameter that
// carries a cursor. It returns an *EndError when the walk cannot go on, and
// leaves next unbound (a nil error and an unbound next: the list ended).
func (s *State[T]) Follow(next *State[T], hasMore bool, cursor, param string) error {
	switch {
	case s.cfg == nil || !hasMore:
		return errEnd
	case cursor == "":
		return &EndError{End: NoCursor}
	case s.walk.repeats(cursor, s.depth):
		return &EndError{End: Repeated, Cursor: cursor}
	}
	cfg := s.cfg.Clone()
	cfg.Context = s.walk.ctx
	cfg.Query.Set(param, cursor)
	*next = State[T]{cfg: cfg, read: s.read, walk: s.walk, depth: s.depth + 1, cursor: cursor}
	return nil
}

// errEnd is Follow's error when the list itself ended.
var errEnd = &EndError{}

// Context is the context the page's request had; a page that was not
// fetched has none of its own.
func (s *State[T]) Context() context.Context {
	if s.cfg == nil {
		return context.Background()
	}
	return s.cfg.Context
}

// Prefetch reports whether the walk fetches the next page ahead.
func (s *State[T]) Prefetch() bool { return s.cfg != nil && s.cfg.PagePrefetch }

// RequestCursor is the cursor that asked for this page, "" for the first.
func (s *State[T]) RequestCursor() string { return s.cursor }

// ReadItems decodes a page's item list, named name, into dst: each item
// with the decoder bound to the page, or, for a page decoded on its own
// (json.Unmarshal), through the item type's own UnmarshalJSON. A null item
// is a zero item, as encoding/json decodes it; an item that is not an
// object is the page's error (ItemsErr), so that a walk never skips one
// unnoticed.
func (s *State[T]) ReadItems(dst *[]T, d *apijson.Decoder, name string) respjson.Field {
	s.itemsErr = nil
	start, ok := d.Array()
	if !ok {
		*dst = nil
		return d.NotObject(start)
	}
	var items []T
	firstLen := 0
	for i := 0; d.Elem(); i++ {
		if i == 1 {
			items = slices.Grow(items, estimate(d.Rest(), firstLen))
		}
		items = append(items, *new(T))
		item := &items[i]
		at := d.Mark()
		switch k := d.Peek(); {
		case k == apijson.KindNull:
			d.Skip()
		case k != apijson.KindObject:
			d.Skip()
			if s.itemsErr == nil {
				s.itemsErr = fmt.Errorf("item %d of %s is not a JSON object", i, name)
			}
		case s.read != nil:
			s.read(item, d)
		default:
			if err := unmarshalItem(item, d.Value()); err != nil && s.itemsErr == nil {
				s.itemsErr = fmt.Errorf("item %d of %s: %w", i, name, err)
			}
		}
		if i == 0 {
			firstLen = d.Pos() - at
		}
	}
	if items == nil {
		items = []T{} // an empty list, not a missing one
	}
	*dst = items
	return d.Field(start)
}

// unmarshalItem decodes one item of a page that no List bound, with the
// item type's own UnmarshalJSON when it has one (every response type does),
// skipping encoding/json's scan of a text the page's pass has validated.
func unmarshalItem[T any](item *T, raw string) error {
	if u, ok := any(item).(json.Unmarshaler); ok {
		return u.UnmarshalJSON([]byte(raw))
	}
	return json.Unmarshal([]byte(raw), item)
}

// maxEstimate bounds the items estimate reserves room for: the API's
// pages hold at most 100, and a hostile first item of two bytes must not
// make a small body reserve a large slice.
const maxEstimate = 128

// estimate is how many more items a list is likely to hold, from the bytes
// left in the body and the length of its first item: a page's body is
// mostly its list, so its slice is made about once at its size rather than
// grown, copying every item, four times.
func estimate(rest, itemLen int) int {
	if itemLen <= 0 {
		return 0
	}
	return min(rest/itemLen, maxEstimate)
}

// ItemsErr is the error of the last item list ReadItems decoded.
func (s *State[T]) ItemsErr() error { return s.itemsErr }

// walk is what all pages of one walk share: the cursors already asked for,
// each with the depth of the page it fetched, so a server that hands one
// back again cannot make the walk loop, while asking the same page twice
// for its next page is not mistaken for that. It keeps 64-bit hashes rather
// than the cursors, so a walk of a million pages costs a few megabytes at
// most; a false repeat needs a hash collision, which at 2^-64 per pair
// does not happen.
type walk struct {
	ctx  context.Context // the first request's: every page's
	seed maphash.Seed
	seen map[uint64]int
}

// add records that cursor fetched the page at depth, keeping the shallowest.
func (w *walk) add(cursor string, depth int) {
	h := maphash.String(w.seed, cursor)
	if d, ok := w.seen[h]; !ok || depth < d {
		w.seen[h] = depth
	}
}

// repeats reports whether cursor, handed back by the page at depth, already
// fetched that page or one before it.
func (w *walk) repeats(cursor string, depth int) bool {
	d, ok := w.seen[maphash.String(w.seed, cursor)]
	return ok && d <= depth
}
