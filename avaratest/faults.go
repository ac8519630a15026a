package avaratest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DropMode says whether and when a fault drops the connection instead of
// answering.
type DropMode int

const (
	// NoDrop answers normally (or with the fault's Status).
	NoDrop DropMode = iota
	// DropBeforeRead closes the connection before the request body is read:
	// the request has no effect, as if the network failed on the way in.
	DropBeforeRead
	// DropAfterRead lets the fake fully handle the request, then closes the
	// connection instead of answering: the write happened but the client
	// never hears of it. This is the case Idempotency-Key exists for; a
	// retry with the same key gets the answer that was lost.
	DropAfterRead
)

// String returns the constant's name.
func (d DropMode) String() string {
	switch d {
	case NoDrop:
		return "NoDrop"
	case DropBeforeRead:
		return "DropBeforeRead"
	case DropAfterRead:
		return "DropAfterRead"
	}
	return fmt.Sprintf("DropMode(%d)", int(d))
}

// Fault makes matching requests misbehave, for testing how code copes with
// a failing API. See Server.InjectFault and Server.SetChaos.
//
// The parts combine in this order: Delay first, then Drop or Status. A
// fault with only a Delay answers normally, late. Drop wins over Status.
// A Status answer carries the API's error body and never reaches the fake's
// state, so it is never stored for an Idempotency-Key either.
type Fault struct {
	// Method limits the fault to one HTTP method, e.g. "POST". Empty
	// matches every method.
	Method string
	// Path limits the fault to one path, e.g. "/v1/express". A segment "*"
	// matches any one segment, so "/v1/express/*/users" matches the users
	// endpoint of every customer. Empty matches every path. It is matched
	// against the path alone: one with a query or fragment is refused (see
	// Query).
	Path string
	// Query limits the fault to requests whose query holds these values:
	// each value given for a name must be among the request's values for
	// it, so Query{"cursor": {c}} matches the request for the page after
	// cursor c, whatever its limit. Empty matches every query.
	Query url.Values
	// Skip lets the first Skip matching requests through before the fault
	// applies, so that a fault can aim at the second page of a walk or the
	// third attempt of a call.
	Skip int
	// Times is how many matching requests the fault applies to, after
	// Skip; 0 means 1. It is ignored by SetChaos.
	Times int
	// Status, between 400 and 599, is answered instead of handling the
	// request. 0 handles the request normally (after Delay).
	Status int
	// Message replaces the default error message, "injected fault: <status
	// text>".
	Message string
	// RetryAfter is sent as the Retry-After header when set: seconds
	// ("2") or an HTTP date.
	RetryAfter string
	// RetryAfterMS is sent as the retry-after-ms header when set.
	RetryAfterMS string
	// Header holds further headers for the Status answer, such as
	// "X-Should-Retry".
	Header http.Header
	// Delay is waited before anything else. The wait ends early, dropping
	// the connection, when the client gives up or the fake is closed, so a
	// long delay never holds up Close.
	Delay time.Duration
	// Drop closes the connection instead of answering. Where the
	// connection cannot be taken over (HTTP/2, httptest.ResponseRecorder)
	// the handler panics with http.ErrAbortHandler instead, which net/http
	// turns into a reset stream; a recorder does not catch it.
	Drop DropMode
}

func (f Fault) validate() error {
	if f.Status != 0 && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("status must be 0 or between 400 and 599, got %d", f.Status)
	}
	if f.Drop < NoDrop || f.Drop > DropAfterRead {
		return fmt.Errorf("unknown drop mode %d", int(f.Drop))
	}
	if f.Delay < 0 {
		return fmt.Errorf("delay must not be negative, got %s", f.Delay)
	}
	if f.Times < 0 {
		return fmt.Errorf("times must not be negative, got %d", f.Times)
	}
	if f.Skip < 0 {
		return fieldError("Skip", fmt.Sprintf("must not be negative, got %d", f.Skip))
	}
	if f.Status == 0 && f.Drop == NoDrop && f.Delay == 0 {
		return fmt.Errorf("fault has no effect: set Status, Delay or Drop")
	}
	if strings.ContainsAny(f.Path, "?#") {
		// Matched against the path alone, it would never fire.
		return fmt.Errorf("path %q has a query or fragment; a fault matches the path only, such as %q", f.Path, strings.SplitN(strings.SplitN(f.Path, "?", 2)[0], "#", 2)[0])
	}
	return f.validateRoute()
}

// validateRoute refuses a Method or Path no route of the API has, which
// could never fire. A path parameter matches any segment but an empty
// one: the SDKs never send an empty id.
func (f Fault) validateRoute() error {
	want := splitFaultPath(f.Path)
	var onPath []string
	for _, op := range spec().ops {
		if f.Path == "" || routeAccepts(op, want) {
			onPath = append(onPath, op.method)
		}
	}
	if len(onPath) == 0 {
		return fieldError("Path", fmt.Sprintf("no route of the API matches %q, so the fault could never fire; paths look like %q", f.Path, "/v1/express/*/users"))
	}
	if f.Method != "" && !slices.ContainsFunc(onPath, func(m string) bool { return strings.EqualFold(m, f.Method) }) {
		where := "no route of the API"
		if f.Path != "" {
			where = fmt.Sprintf("no route matching %q", f.Path)
		}
		return fieldError("Method", fmt.Sprintf("%s has method %q, so the fault could never fire; it has %s", where, f.Method, strings.Join(sortMethods(onPath), ", ")))
	}
	return nil
}

// fieldError is an invalid Fault field: its text starts with the field's
// Go name, so that the panic says which field to fix.
func fieldError(field, problem string) error { return errors.New(field + ": " + problem) }

func splitFaultPath(p string) []string {
	if p == "" {
		return nil
	}
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

func routeAccepts(op *operation, want []string) bool {
	if len(want) != len(op.segs) {
		return false
	}
	for i, seg := range op.segs {
		switch {
		case want[i] == "*":
		case strings.HasPrefix(seg, "{"):
			if want[i] == "" {
				return false
			}
		case seg != want[i]:
			return false
		}
	}
	return true
}

func (f Fault) matches(method string, segs []string, pathOK bool, query url.Values) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	for name, values := range f.Query {
		for _, v := range values {
			if !slices.Contains(query[name], v) {
				return false
			}
		}
	}
	if f.Path == "" {
		return true
	}
	if !pathOK {
		return false
	}
	want := strings.Split(strings.TrimPrefix(f.Path, "/"), "/")
	if len(want) != len(segs) {
		return false
	}
	for i, w := range want {
		if w != "*" && w != segs[i] {
			return false
		}
	}
	return true
}

func (f Fault) errorResponse() *response {
	msg := f.Message
	if msg == "" {
		msg = fmt.Sprintf("injected fault: %d %s", f.Status, http.StatusText(f.Status))
	}
	h := http.Header{}
	for k, v := range f.Header {
		h[http.CanonicalHeaderKey(k)] = append([]string(nil), v...)
	}
	if f.RetryAfter != "" {
		h.Set("Retry-After", f.RetryAfter)
	}
	if f.RetryAfterMS != "" {
		h.Set("Retry-After-Ms", f.RetryAfterMS)
	}
	return (&apiError{status: f.Status, typ: typeForStatus(f.Status), message: msg, header: h}).response()
}

// Chaos makes a random share of requests fail, for testing that retries
// and idempotency keys add up to exactly-once behaviour under load. See
// Server.SetChaos.
type Chaos struct {
	// Rate is the probability, from 0 to 1, that a request gets a fault.
	// 0 turns chaos off.
	Rate float64
	// Faults are the faults to choose from, uniformly among those whose
	// Method and Path match the request. Times is ignored. Empty means a
	// single 503.
	Faults []Fault
	// Seed seeds the random choices. With one request at a time the same
	// seed gives the same faults; concurrent requests race for the
	// choices, so only the rate is then reproducible.
	Seed uint64
}

// faults holds the queued faults and the chaos settings. Queued faults are
// consulted first, in the order they were injected.
type faults struct {
	mu       sync.Mutex
	queue    []*queuedFault
	chaos    Chaos
	rng      *rand.Rand
	injected int
	// all are the faults injected since the last clear, fired or not, for
	// RequireFaultsFired.
	all []*queuedFault
}

type queuedFault struct {
	Fault
	skip, left, fired int
}

func (fs *faults) inject(f Fault) {
	if err := f.validate(); err != nil {
		panic("avaratest: InjectFault: " + err.Error())
	}
	f.Header = f.Header.Clone()
	f.Query = cloneValues(f.Query)
	left := f.Times
	if left == 0 {
		left = 1
	}
	q := &queuedFault{Fault: f, skip: f.Skip, left: left}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.queue = append(fs.queue, q)
	fs.all = append(fs.all, q)
}

// unfired describes the faults injected since the last clear that never
// fired.
func (fs *faults) unfired() []string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var out []string
	for _, q := range fs.all {
		if q.fired == 0 {
			out = append(out, "  "+q.Fault.String())
		}
	}
	return out
}

// String describes the fault in the form ParseFault reads, such as
// "GET /v1/express?cursor=abc 503 x2 skip=1"; "*" stands for any method or
// path.
func (f Fault) String() string {
	method, path := f.Method, f.Path
	if method == "" {
		method = "*"
	}
	if path == "" {
		path = "*"
	}
	if len(f.Query) > 0 {
		path += "?" + f.Query.Encode()
	}
	parts := []string{method, path}
	if f.Status != 0 {
		parts = append(parts, strconv.Itoa(f.Status))
	}
	times := f.Times
	if times == 0 {
		times = 1
	}
	parts = append(parts, "x"+strconv.Itoa(times))
	if f.Skip > 0 {
		parts = append(parts, "skip="+strconv.Itoa(f.Skip))
	}
	if f.Delay > 0 {
		parts = append(parts, "delay="+f.Delay.String())
	}
	switch f.Drop {
	case DropBeforeRead:
		parts = append(parts, "drop=before")
	case DropAfterRead:
		parts = append(parts, "drop=after")
	}
	return strings.Join(parts, " ")
}

// ParseFault reads a fault written as "METHOD PATH [STATUS] [xN] [skip=N]
// [delay=DURATION] [drop=before|after]", as cmd/avara-fake's -fault flag
// takes it: "GET /v1/express 503 x2" fails the next two list requests.
// METHOD or PATH "*" matches any; a query in PATH is the fault's Query. It
// refuses what InjectFault would, with the same messages.
func ParseFault(s string) (Fault, error) {
	fields := strings.Fields(s)
	if len(fields) < 3 {
		return Fault{}, fmt.Errorf("fault %q: want \"METHOD PATH [STATUS] [xN] [skip=N] [delay=DURATION] [drop=before|after]\", such as \"GET /v1/express 503 x2\"", s)
	}
	var f Fault
	if fields[0] != "*" {
		f.Method = strings.ToUpper(fields[0])
	}
	if fields[1] != "*" {
		path, query, _ := strings.Cut(fields[1], "?")
		f.Path = path
		if query != "" {
			q, err := url.ParseQuery(query)
			if err != nil {
				return Fault{}, fmt.Errorf("fault %q: query: %v", s, err)
			}
			f.Query = q
		}
	}
	for _, part := range fields[2:] {
		var err error
		key, value, isPair := strings.Cut(part, "=")
		switch {
		case !isPair && strings.HasPrefix(part, "x"):
			f.Times, err = strconv.Atoi(part[1:])
		case !isPair:
			f.Status, err = strconv.Atoi(part)
		case key == "skip":
			f.Skip, err = strconv.Atoi(value)
		case key == "delay":
			f.Delay, err = time.ParseDuration(value)
		case key == "drop" && value == "before":
			f.Drop = DropBeforeRead
		case key == "drop" && value == "after":
			f.Drop = DropAfterRead
		default:
			err = fmt.Errorf("unknown part")
		}
		if err != nil {
			return Fault{}, fmt.Errorf("fault %q: %q: %v", s, part, err)
		}
	}
	if err := f.validate(); err != nil {
		return Fault{}, fmt.Errorf("fault %q: %v", s, err)
	}
	return f, nil
}

func (fs *faults) setChaos(c Chaos) {
	if c.Rate < 0 || c.Rate > 1 || c.Rate != c.Rate {
		panic(fmt.Sprintf("avaratest: SetChaos: rate must be between 0 and 1, got %v", c.Rate))
	}
	c.Faults = append([]Fault(nil), c.Faults...)
	for i := range c.Faults {
		c.Faults[i].Times = 0
		c.Faults[i].Skip = 0
		if err := c.Faults[i].validate(); err != nil {
			panic(fmt.Sprintf("avaratest: SetChaos: fault %d: %s", i, err))
		}
		c.Faults[i].Header = c.Faults[i].Header.Clone()
		c.Faults[i].Query = cloneValues(c.Faults[i].Query)
	}
	if len(c.Faults) == 0 {
		c.Faults = []Fault{{Status: http.StatusServiceUnavailable}}
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.chaos = c
	fs.rng = rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))
}

func (fs *faults) clear() {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.queue = nil
	fs.all = nil
	fs.chaos = Chaos{}
	fs.rng = nil
}

func (fs *faults) count() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.injected
}

func (fs *faults) pending() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n := 0
	for _, q := range fs.queue {
		n += q.left
	}
	return n
}

// next takes the fault for one request, if any, and counts it. A fault
// still skipping lets the request through, on to the faults after it.
func (fs *faults) next(method string, segs []string, pathOK bool, rawQuery string) (Fault, bool) {
	query, _ := url.ParseQuery(rawQuery)
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, q := range fs.queue {
		if !q.matches(method, segs, pathOK, query) {
			continue
		}
		if q.skip > 0 {
			q.skip--
			continue
		}
		q.fired++
		q.left--
		if q.left == 0 {
			fs.queue = slices.Delete(fs.queue, i, i+1)
		}
		fs.injected++
		return q.Fault, true
	}
	if fs.chaos.Rate == 0 || fs.rng == nil {
		return Fault{}, false
	}
	var candidates []int
	for i, f := range fs.chaos.Faults {
		if f.matches(method, segs, pathOK, query) {
			candidates = append(candidates, i)
		}
	}
	if len(candidates) == 0 || fs.rng.Float64() >= fs.chaos.Rate {
		return Fault{}, false
	}
	fs.injected++
	return fs.chaos.Faults[candidates[fs.rng.IntN(len(candidates))]], true
}
