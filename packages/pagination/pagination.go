// Package pagination pages through list endpoints: a page type that knows
// how to fetch the next page, and one auto-pager that walks every item of
// every page, as a Next/Current loop or as a range-over-func iterator.
package pagination

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"strings"

	"github.com/avara/avara-go/internal/apijson"
	"github.com/avara/avara-go/internal/requestconfig"
	"github.com/avara/avara-go/packages/respjson"
)

// CursorExpressCustomers is one page of Express customers. The next page is
// asked for with the page's Cursor; see GetNextPage for when there is none.
type CursorExpressCustomers[T any] struct {
	// ExpressCustomers are the items of this page, possibly none even when
	// more pages follow.
	ExpressCustomers []T `json:"expressCustomers"`
	// HasMore reports whether the server says more items follow.
	HasMore bool `json:"hasMore"`
	// Cursor asks for the page after this one; empty when the server sent
	// none or null.
	Cursor string `json:"cursor"`
	// JSON holds metadata for each field of the page as received.
	JSON struct {
		ExpressCustomers respjson.Field
		HasMore          respjson.Field
		Cursor           respjson.Field
		ExtraFields      map[string]respjson.Field
		raw              string
	} `json:"-"`

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

// FetchCursorExpressCustomers sends cfg, the first page's request, and
// returns that page. Services call it; callers use their List method.
func FetchCursorExpressCustomers[T any](cfg *requestconfig.RequestConfig) (*CursorExpressCustomers[T], error) {
	return fetch[T](cfg, newWalk(), 0)
}

func fetch[T any](cfg *requestconfig.RequestConfig, w *walk, depth int) (*CursorExpressCustomers[T], error) {
	page := &CursorExpressCustomers[T]{cfg: cfg, walk: w, depth: depth, requestCursor: cfg.Query.Get("cursor")}
	// The page decodes in the pipeline's own pass over the body. An item
	// that is not an object is the page's error, kept apart: the pipeline
	// reports a body that is not JSON first, as a *RequestError, and a
	// body with no content (204) never reaches the page at all.
	var itemErr error
	into := apijson.Func(func(d *apijson.Decoder) { itemErr = page.decode(d) })
	if err := cfg.Execute(&into); err != nil {
		return nil, err
	}
	if page.requestCursor != "" {
		w.add(page.requestCursor, depth)
	}
	if itemErr != nil {
		return nil, itemErr
	}
	return page, nil
}

// GetNextPage fetches the page after this one with the first request's
// options and query (limit included) and this page's Cursor. It returns
// nil, nil when there is no next page: HasMore is false, the cursor is
// missing, null or empty, or the server handed back a cursor already used
// in this walk to fetch this page or one before it. An empty page with
// HasMore and a new cursor is not the end. Calling it again on the same
// page fetches the next page again.
func (r *CursorExpressCustomers[T]) GetNextPage() (*CursorExpressCustomers[T], error) {
	if r == nil || r.cfg == nil {
		return nil, nil
	}
	return r.nextPage(r.cfg.Context)
}

// nextPage fetches the next page under ctx: the first request's context, or
// a prefetch's own, cancellable one.
func (r *CursorExpressCustomers[T]) nextPage(ctx context.Context) (*CursorExpressCustomers[T], error) {
	if r == nil || r.cfg == nil || !r.HasMore || r.Cursor == "" {
		return nil, nil
	}
	if r.walk.repeats(r.Cursor, r.depth) {
		return nil, nil
	}
	cfg := r.cfg.Clone()
	cfg.Context = ctx
	cfg.Query.Set("cursor", r.Cursor)
	return fetch[T](cfg, r.walk, r.depth+1)
}

// RawJSON returns the page's JSON as received.
func (r CursorExpressCustomers[T]) RawJSON() string { return r.JSON.raw }

func (r *CursorExpressCustomers[T]) decode(d *apijson.Decoder) error {
	start := d.Mark()
	d.Object()
	var err error
	for key, ok := d.Key(); ok; key, ok = d.Key() {
		if err != nil {
			// The members after a broken list are left undecoded, as
			// before, but the body is still read to its end: a syntax
			// error further on is reported before this one.
			d.Skip()
			continue
		}
		switch key {
		case "expressCustomers":
			r.JSON.ExpressCustomers, err = decodeItems(&r.ExpressCustomers, d)
		case "hasMore":
			r.JSON.HasMore = apijson.Bool(&r.HasMore, d)
		case "cursor":
			r.JSON.Cursor = apijson.String(&r.Cursor, d)
			// The walk remembers every cursor; a copy keeps that from pinning
			// every page's body.
			r.Cursor = strings.Clone(r.Cursor)
		default:
			apijson.Extra(&r.JSON.ExtraFields, key, d)
		}
	}
	r.JSON.raw = d.Since(start)
	return err
}

func decodeItems[T any](dst *[]T, d *apijson.Decoder) (respjson.Field, error) {
	if d.Peek() != apijson.KindArray {
		return apijson.Mismatch(d), nil
	}
	start := d.Mark()
	dec := apijson.DecoderFor[T]()
	// DecodeArray sizes the items exactly, and hands each object item to
	// dec on its own copy of its JSON: decoded strings share memory with
	// the JSON they came from, and a caller keeping one customer's id must
	// not keep the whole page's body alive.
	items, err := apijson.DecodeArray(d, func(i int, item *T, d *apijson.Decoder) error {
		if dec == nil {
			raw := d.Value()
			if err := json.Unmarshal([]byte(raw), item); err != nil {
				return fmt.Errorf("%w: decoding item %d of expressCustomers: %w", requestconfig.ErrInvalidResponse, i, err)
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
		return fmt.Errorf("%w: item %d of expressCustomers is not a JSON object", requestconfig.ErrInvalidResponse, i)
	})
	raw := d.Since(start)
	if err != nil {
		return respjson.NewInvalidField(raw), err
	}
	*dst = items
	return respjson.NewField(raw), nil
}

// UnmarshalJSON decodes a page, for example one stored earlier. The result
// cannot fetch further pages.
func (r *CursorExpressCustomers[T]) UnmarshalJSON(data []byte) error {
	var err error
	decodeErr := apijson.UnmarshalObject(data, r, func(p *CursorExpressCustomers[T], d *apijson.Decoder) {
		err = p.decode(d)
	})
	if decodeErr != nil {
		return decodeErr
	}
	return err
}

// MarshalJSON encodes the page with the fields as received, so a page
// survives a round trip through encoding/json.
func (r CursorExpressCustomers[T]) MarshalJSON() ([]byte, error) {
	w := apijson.NewWriter()
	if r.ExpressCustomers != nil || r.JSON.ExpressCustomers.Valid() {
		items, err := json.Marshal(r.ExpressCustomers)
		if err != nil {
			return nil, err
		}
		w.Raw("expressCustomers", items)
	} else {
		w.Keep("expressCustomers", r.JSON.ExpressCustomers)
	}
	w.Bool("hasMore", r.HasMore, r.JSON.HasMore)
	w.String("cursor", r.Cursor, r.JSON.Cursor)
	w.Extras(r.JSON.ExtraFields)
	return w.Bytes(), nil
}

// RegisterCursorExpressCustomers makes pages of T decode in one pass
// wherever a page is decoded by type (option.WithResponseBodyInto,
// json.Unmarshal), as pages fetched by List always are. Services call it
// from an init function for the item types they list.
func RegisterCursorExpressCustomers[T any]() {
	apijson.Register(func(p *CursorExpressCustomers[T], d *apijson.Decoder) {
		// A registry cannot report an error: an item that is not a JSON
		// object, or an unregistered item type that encoding/json refuses,
		// leaves the page without items and JSON.ExpressCustomers invalid.
		// List and json.Unmarshal report those as errors.
		_ = p.decode(d)
	})
}
