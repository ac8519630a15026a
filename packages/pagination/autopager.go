package pagination

import (
	"context"
	"iter"
)

// AutoPager walks every item of every page, fetching pages as it goes. The
// first page is fetched on the first call to Next (or the first iteration of
// All), not before. It is not safe for concurrent use.
//
// Use it as a loop:
//
//	for iter.Next() {
//		c := iter.Current()
//	}
//	if err := iter.Err(); err != nil { … }
//
// or with range:
//
//	for c, err := range iter.All() { … }
type AutoPager[T any] struct {
	first    Page[T] // not fetched until the first Next
	ctx      context.Context
	prefetch bool

	page  Page[T]
	pos   int
	index int
	cur   T
	err   error
	done  bool

	ahead  chan fetched[T]
	cancel context.CancelFunc
}

type fetched[T any] struct {
	page Page[T]
	err  error
}

// NewAutoPager returns a pager that walks every item from first, a page a
// List method bound to its request and has not fetched: the services'
// ListAutoPaging methods build it.
func NewAutoPager[T any](first Page[T]) *AutoPager[T] {
	st := first.pageState()
	return &AutoPager[T]{first: first, index: -1, ctx: st.Context(), prefetch: st.Prefetch()}
}

// Next advances to the next item, fetching the next page when this one is
// used up. It returns false at the end of the walk or on an error (see Err).
func (p *AutoPager[T]) Next() bool {
	if p.err != nil || p.done {
		return false
	}
	if p.page == nil {
		if p.first == nil {
			return false // the zero AutoPager has nothing to walk
		}
		if p.err = p.first.fetchFirst(); p.err != nil {
			return false
		}
		p.page, p.pos = p.first, -1
		p.startPrefetch()
	}
	for {
		p.pos++
		if items := p.page.items(); p.pos < len(items) {
			p.cur = items[p.pos]
			p.index++
			return true
		}
		next, err := p.nextPage()
		if err != nil {
			p.err = err
			return false
		}
		if next == nil {
			p.done = true
			return false
		}
		p.page, p.pos = next, -1
		p.startPrefetch()
	}
}

// Current returns the item Next moved to.
func (p *AutoPager[T]) Current() T { return p.cur }

// Err returns the error that ended the walk, or nil.
func (p *AutoPager[T]) Err() error { return p.err }

// Index returns the position of the current item in the whole walk,
// counting from 0; -1 before the first call to Next.
func (p *AutoPager[T]) Index() int { return p.index }

// Cursor returns the cursor that fetched the page the pager is on ("" for
// the first page of a walk started without one). A job that stops part-way
// can pass it as the list's Cursor parameter to resume at the start of that
// page: items of that page are seen again, none is skipped.
func (p *AutoPager[T]) Cursor() string {
	if p.page == nil {
		return ""
	}
	return p.page.pageState().RequestCursor()
}

// All returns an iterator over every remaining item. An error is yielded
// once, with a zero item, and ends the iteration. Breaking out of the loop
// sends no further request and cancels a prefetch in flight.
func (p *AutoPager[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		defer p.Close()
		for p.Next() {
			if !yield(p.cur, nil) {
				return
			}
		}
		if p.err != nil {
			var zero T
			yield(zero, p.err)
		}
	}
}

// Close stops the walk: a prefetch in flight is cancelled and waited for,
// and Next returns false from then on. All calls it when its loop ends;
// call it after a Next loop you leave early with prefetch on.
func (p *AutoPager[T]) Close() {
	p.done = true
	p.stopPrefetch()
}

func (p *AutoPager[T]) nextPage() (Page[T], error) {
	if p.ahead != nil {
		r := <-p.ahead
		p.cancel()
		p.ahead, p.cancel = nil, nil
		return r.page, r.err
	}
	return nextOf(p.ctx, p.page)
}

// nextOf fetches the page after page; nil, nil when the list ended.
func nextOf[T any](ctx context.Context, page Page[T]) (Page[T], error) {
	next, err := page.following(ctx)
	if err != nil {
		return nil, walkError(err)
	}
	return next, nil
}

// startPrefetch fetches the page after the current one in the background,
// one page ahead at most.
func (p *AutoPager[T]) startPrefetch() {
	if !p.prefetch {
		return
	}
	ctx, cancel := context.WithCancel(p.ctx)
	ch := make(chan fetched[T], 1)
	page := p.page
	go func() {
		next, err := nextOf(ctx, page)
		ch <- fetched[T]{next, err}
	}()
	p.ahead, p.cancel = ch, cancel
}

func (p *AutoPager[T]) stopPrefetch() {
	if p.ahead == nil {
		return
	}
	p.cancel()
	<-p.ahead // the fetch ends promptly once cancelled; waiting means no goroutine outlives the walk
	p.ahead, p.cancel = nil, nil
}
