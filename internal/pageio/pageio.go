// Package pageio hands a list's first request from the services (package
// avara) to package pagination, without pagination exporting how its pages
// and auto-pagers fetch: pagination sets both functions in an init
// function, and the generated List and ListAutoPaging methods call them.
package pageio

import "github.com/avara/avara-go/internal/requestconfig"

var (
	// Fetch sends cfg, the request of a list's first page, and decodes the
	// answer into page, a new page value (*pagination.CursorExpressCustomers[T]).
	Fetch func(cfg *requestconfig.RequestConfig, page any) error
	// Walk makes pager, a new *pagination.AutoPager[T], walk every item from
	// the page first (a new page value, not fetched yet) fetches with cfg.
	// err, when not nil, is the error of building cfg: the pager reports it
	// from Err without sending anything.
	Walk func(pager, first any, cfg *requestconfig.RequestConfig, err error)
)
