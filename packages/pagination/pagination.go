// Package pagination pages through list endpoints: one page type per list,
// each of which fetches the page after it (GetNextPage), and one
// auto-pager that walks every item of every page, as a Next/Current loop or
// as a range-over-func iterator.
//
// Both are built by the services' List and ListAutoPaging methods; a page
// decoded with json.Unmarshal has its fields but cannot fetch the next.
package pagination

import (
	"context"
	"errors"
	"fmt"

	"github.com/avara/avara-go/internal/paging"
)

// ErrCursorRepeated ends an AutoPager's walk when the server hands back a
// cursor already used in that walk: following it would fetch the same pages
// again, forever. The walk is cut short; Err reports it.
var ErrCursorRepeated = errors.New("avara: the list ended early: the server repeated a cursor")

// ErrNoCursor ends an AutoPager's walk when a page says more pages follow
// (hasMore) but gives no cursor to ask for them. The official SDKs end the
// walk there too; Err reports it, so an export can tell a cut walk from a
// complete one.
var ErrNoCursor = errors.New("avara: the list ended early: the server said more pages follow but sent no cursor")

// Page is implemented by every page type of this package: what an
// AutoPager walks.
type Page[T any] interface {
	items() []T
	// following fetches the page after this one: nil, nil when the list
	// ended, an error wrapping ErrCursorRepeated or ErrNoCursor when the
	// walk cannot go on.
	// ctx is the context of that one request: the walk's, or a
	// prefetch's, which ends with the walk.
	following(ctx context.Context) (Page[T], error)
	fetchFirst() error
	pageState() *paging.State[T]
}

// state is embedded, unexported, in every page type: see internal/paging.
type state[T any] = paging.State[T]

// walkError turns the engine's end of a walk into this package's errors.
func walkError(err error) error {
	var end *paging.EndError
	if !errors.As(err, &end) {
		return err
	}
	switch end.End {
	case paging.Repeated:
		return fmt.Errorf("%w (%q)", ErrCursorRepeated, end.Cursor)
	case paging.NoCursor:
		return ErrNoCursor
	}
	return nil
}

// ignoreEnd is GetNextPage's view of the end of a walk: nil, whatever the
// reason, as the official SDKs end it.
func ignoreEnd(err error) error {
	var end *paging.EndError
	if errors.As(err, &end) {
		return nil
	}
	return err
}
