package avaratest

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// DefaultAPIKey is the API key a fake accepts unless WithAPIKey says
// otherwise. It is not a real credential and never works against Avara.
const DefaultAPIKey = "avt_test_key"

// DefaultPageSize is the number of objects a list request returns when it
// gives no limit, unless WithDefaultPageSize says otherwise.
const DefaultPageSize = 20

// Option configures a fake built by NewServer or NewUnstartedServer. Options that
// are given invalid values panic, because a broken fake is a bug in the test
// that builds it and should stop that test at once. A nil Option is ignored.
type Option func(*config)

type config struct {
	apiKey    string
	seeds     []Seed
	seedCount int
	clock     func() time.Time
	pageSize  int
	logger    *slog.Logger
	objects   []seedObjects
}

type seedObjects struct {
	resource string
	fields   []map[string]any
}

func defaultConfig() config {
	return config{
		apiKey:   DefaultAPIKey,
		clock:    time.Now,
		pageSize: DefaultPageSize,
	}
}

// WithAPIKey sets the key the fake accepts in "Authorization: Bearer <key>".
// Every other key, and a missing one, is answered with 401. The key must not
// be empty.
func WithAPIKey(key string) Option {
	if key == "" {
		panic("avaratest: WithAPIKey: key must not be empty")
	}
	return func(c *config) { c.apiKey = key }
}

// WithCustomers adds customers that exist before the first request. They are
// validated by the same rules as the API (ids, metadata limits, user ids);
// an invalid seed panics. Seeds are ordered by CreatedAt, and seeds with the
// same CreatedAt keep the order they were given in. It may be combined with
// WithSeedCount; the explicit seeds come first.
func WithCustomers(seeds ...Seed) Option {
	seeds = append([]Seed(nil), seeds...)
	return func(c *config) { c.seeds = append(c.seeds, seeds...) }
}

// WithObjects adds objects of a resource (a schema name such as
// "AutoScribeStudy"; see Server.Resources) that exist before the first
// request, in the order given, as Server.AddObject adds them. An invalid
// object panics. Express customers are seeded with WithCustomers, which
// knows their users.
func WithObjects(resource string, objects ...map[string]any) Option {
	objects = append([]map[string]any(nil), objects...)
	return func(c *config) { c.objects = append(c.objects, seedObjects{resource, objects}) }
}

// WithSeedCount adds n generated customers named "Customer 1" to
// "Customer n", active, without users or metadata, created in that order.
// It is the quick way to get a large collection to page through.
func WithSeedCount(n int) Option {
	if n < 0 {
		panic(fmt.Sprintf("avaratest: WithSeedCount: n must not be negative, got %d", n))
	}
	return func(c *config) { c.seedCount = n }
}

// WithClock sets the source of createdAt and updatedAt, so that tests can
// assert on exact timestamps. Times are stored in UTC truncated to the
// millisecond. The fake never lets createdAt go backwards: a customer is
// never created before the previous one, even if the clock says so, which
// keeps new customers at the end of the list order.
func WithClock(now func() time.Time) Option {
	if now == nil {
		panic("avaratest: WithClock: clock must not be nil")
	}
	return func(c *config) { c.clock = now }
}

// WithDefaultPageSize sets how many objects a list request returns when it
// does not give a limit. n must be between 1 and 100, the limits the API
// accepts for an explicit limit.
func WithDefaultPageSize(n int) Option {
	if e := spec().limit.checkText("n", strconv.Itoa(n)); e != nil {
		panic("avaratest: WithDefaultPageSize: " + e.message)
	}
	return func(c *config) { c.pageSize = n }
}

// WithLogger makes the fake log one line per request (method, path, status,
// duration and request id) at level Info. A nil logger turns logging off,
// which is the default.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}
