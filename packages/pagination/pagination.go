// Package pagination pages through list endpoints: one page type per list
// (generated from openapi.yml into pages.go), each of which fetches the
// page after it, and one auto-pager that walks every item of every page, as
// a Next/Current loop or as a range-over-func iterator.
//
// Both are built by the services' List and ListAutoPaging methods; nothing
// here fetches a first page by itself.
package pagination

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/avara/avara-go/internal/apijson"
	"github.com/avara/avara-go/internal/pageio"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/packages/respjson"
)

// The cursor engine every generated page type runs on. A page type gives
// it, through cursorPage, its items, its hasMore and cursor fields, the
// query parameter that carries the cursor, and its decoder; the engine
// fetches pages and stops walks that would loop.

func init() {
	pageio.Fetch = func(cfg *requestconfig.RequestConfig, page any) error {
		return page.(interface {
			fetchFirst(*requestconfig.RequestConfig) error
		}).fetchFirst(cfg)
	}
	pageio.Walk = func(pager, first any, cfg *requestconfig.RequestConfig, err error) {
		pager.(interface {
			start(any, *requestconfig.RequestConfig, error)
		}).start(first, cfg, err)
	}
	// A page decoded by type (option.WithResponseBodyInto, json.Unmarshal)
	// decodes in the same single pass as one List fetched.
	apijson.RegisterMatch(func(dst any) (func(*apijson.Decoder) error, bool) {
		p, ok := dst.(interface{ decode(*apijson.Decoder) error })
		if !ok {
			return nil, false
		}
		return p.decode, true
	})
}

// cursorPage is what the engine needs of a page type.
type cursorPage[T any] interface {
	state() *cursorState
	items() []T
	// next returns the page's hasMore and cursor fields.
	next() (hasMore bool, cursor string)
	// cursorParam is the query parameter that asks for the page a cursor
	// names.
	cursorParam() string
	// empty returns a new page of the same type, to fetch the next into.
	empty() cursorPage[T]
	decode(d *apijson.Decoder) error
}

// cursorState is what a page knows of how it was fetched, to fetch the next.
type cursorState struct {
	cfg           *requestconfig.RequestConfig
	requestCursor string
	depth         int // 0 for the first page of the walk, 1 for the next…
	walk          *walk
}

// walk is what all pages of one walk share: the cursors already asked for,
// each with the depth of the page it fetched, so a server that hands one
// back again cannot make the walk loop, while asking the same page twice
// for its next page is not mistaken for that. It keeps 64-bit hashes rather
// than the cursors, so a walk of a million pages costs a few megabytes at
// most instead of every cursor's text; a false repeat needs a hash
// collision, which at 2^-64 per pair does not happen.
type walk struct {
	seed maphash.Seed
	seen map[uint64]int
}

func newWalk() *walk {
	return &walk{seed: maphash.MakeSeed(), seen: map[uint64]int{}}
}

// add records that cursor fetched the page at depth, keeping the shallowest.
func (w *walk) add(cursor string, depth int) {
	h := maphash.String(w.seed, cursor)
	if d, ok := w.seen[h]; !ok || depth < d {
		w.seen[h] = depth
	}
}

// repeats reports whether cursor, handed back by the page at depth, already
// fetched that page or one before it: following it would go round again.
func (w *walk) repeats(cursor string, depth int) bool {
	d, ok := w.seen[maphash.String(w.seed, cursor)]
	return ok && d <= depth
}

// fetch sends cfg and decodes the answer into p, the page at depth of walk
// w. The page decodes in the pipeline's own pass over the body. An item
// that is not an object is the page's error, kept apart: the pipeline
// reports a body that is not JSON first, as a *RequestError, and a body
// with no content (204) never reaches the page at all.
func fetch[T any](p cursorPage[T], cfg *requestconfig.RequestConfig, w *walk, depth int) error {
	st := p.state()
	// A copy: the cursor is a substring of the previous page's body.
	*st = cursorState{cfg: cfg, walk: w, depth: depth, requestCursor: strings.Clone(cfg.Query.Get(p.cursorParam()))}
	var itemErr error
	into := apijson.Func(func(d *apijson.Decoder) { itemErr = p.decode(d) })
	err := cfg.Execute(unmarshalFunc(func(body []byte) error {
		// Execute never reuses body, so the page may keep substrings of it.
		if err := apijson.Unmarshal(unsafe.String(unsafe.SliceData(body), len(body)), &into); err != nil {
			return err
		}
		return itemErr
	}))
	if err != nil {
		return err
	}
	if st.requestCursor != "" {
		w.add(st.requestCursor, depth)
	}
	return nil
}

// unmarshalFunc is a function that decodes a body, as json.Unmarshaler.
type unmarshalFunc func([]byte) error

func (f unmarshalFunc) UnmarshalJSON(b []byte) error { return f(b) }

// context is the context the page's request had; a page that was not
// fetched has none of its own.
func (s *cursorState) context() context.Context {
	if s.cfg == nil {
		return context.Background()
	}
	return s.cfg.Context
}

// fetchNext fetches the page after from into to, under ctx, and reports
// false when there is none:
// hasMore is false, the cursor is missing, null or empty, the cursor was
// already used in this walk to fetch from or a page before it, or from was
// not fetched by List at all.
func fetchNext[T any](ctx context.Context, from, to cursorPage[T]) (bool, error) {
	st := from.state()
	hasMore, cursor := from.next()
	if st.cfg == nil || !hasMore || cursor == "" || st.walk.repeats(cursor, st.depth) {
		return false, nil
	}
	cfg := st.cfg.Clone()
	cfg.Context = ctx
	cfg.Query.Set(from.cursorParam(), cursor)
	return true, fetch(to, cfg, st.walk, st.depth+1)
}

// pageText is the JSON of a decoded page, kept in pieces rather than as
// the body it came in: the page's own text before and after its item list,
// copied, and the list as DecodeObjects cut it, each object item's text
// being the item's own copy. The body can then be reused as soon as the
// page is decoded, a kept item holds its own text only, and RawJSON joins
// the pieces when asked.
type pageText struct {
	whole          bool // decoded: "" is no text, when the page was built in code
	before, after  string
	list           []string
	listAt, listTo int // where the list begins and ends in the body, while decoding
}

func (t *pageText) String() string {
	return t.before + strings.Join(t.list, "") + t.after
}

// finish records the page's text, which began at start in d's body and ends
// at d's position, around the item list decoded last.
func (t *pageText) finish(d *apijson.Decoder, start int) {
	t.whole = true
	if t.list == nil {
		t.before, t.after = d.Text(start, d.Pos()), ""
		return
	}
	t.before, t.after = d.Text(start, t.listAt), d.Text(t.listTo, d.Pos())
}

// scratches holds, per item type, the apijson.Scratch DecodeObjects
// collects a page's items in before they are copied out at their number: a
// *sync.Pool of *apijson.Scratch[T] by reflect.Type of T.
var scratches sync.Map

func scratchPool[T any]() *sync.Pool {
	t := reflect.TypeFor[T]()
	if p, ok := scratches.Load(t); ok {
		return p.(*sync.Pool)
	}
	p, _ := scratches.LoadOrStore(t, &sync.Pool{New: func() any { return new(apijson.Scratch[T]) }})
	return p.(*sync.Pool)
}

// decodeItems decodes a page's item list into dst, each item with memory of
// its own, and records the list's text in text. name is the list's JSON
// name, for errors.
func decodeItems[T any](dst *[]T, name string, d *apijson.Decoder, text *pageText) (respjson.ListField, error) {
	text.list = nil
	if d.Peek() != apijson.KindArray {
		*dst = nil
		return respjson.ListFieldOf(apijson.Mismatch(d)), nil
	}
	dec := apijson.DecoderFor[T]()
	pool := scratchPool[T]()
	scratch := pool.Get().(*apijson.Scratch[T])
	defer pool.Put(scratch)
	text.listAt = d.Mark()
	items, parts, err := apijson.DecodeObjects(d, scratch, func(i int, item *T, d *apijson.Decoder) error {
		if dec == nil {
			raw := d.Value()
			if err := json.Unmarshal([]byte(raw), item); err != nil {
				return fmt.Errorf("decoding item %d of %s: %w", i, name, err)
			}
			return nil
		}
		switch d.Peek() {
		case apijson.KindObject:
			dec(item, d)
			return nil
		case apijson.KindNull:
			d.Skip() // a zero item, as encoding/json decodes null
			return nil
		}
		d.Skip()
		return fmt.Errorf("item %d of %s is not a JSON object", i, name)
	})
	text.listTo, text.list = d.Pos(), parts
	if err != nil {
		*dst = nil
		return respjson.ListFieldOf(respjson.NewInvalidField(strings.Join(parts, ""))), err
	}
	*dst = items
	return respjson.NewListField(parts), nil
}

// unmarshalPage is the UnmarshalJSON of a page type: a page decoded this
// way cannot fetch further pages. A page's decoder copies what it keeps, as
// it does for a body that is reused, so data is read in place.
func unmarshalPage[P any](data []byte, p *P, decode func(*P, *apijson.Decoder) error) error {
	var err error
	if decodeErr := apijson.UnmarshalObjectInPlace(data, p, func(p *P, d *apijson.Decoder) { err = decode(p, d) }); decodeErr != nil {
		return decodeErr
	}
	return err
}
