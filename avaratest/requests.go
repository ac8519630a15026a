package avaratest

import (
	"net/http"
	"net/url"
	"slices"
	"sync"
)

// The request log keeps the most recent requests only, so that a long run
// (a load test, a chaos test) has bounded memory.
const (
	maxLoggedRequests  = 10_000
	maxLoggedBodyBytes = 64 << 20
)

// Request is one request the fake received, as returned by Server.Requests.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the path as sent on the wire, still escaped.
	Path string
	// Query is the parsed query string.
	Query url.Values
	// Header is the request's header, with any Authorization value replaced
	// by "Bearer [redacted]" so that logs and failure messages never show a
	// key.
	Header http.Header
	// Body is the request body; nil when the connection was dropped before
	// it was read or it was over the 1 MiB limit.
	Body []byte
	// RequestID is the X-Request-Id the fake answered with.
	RequestID string
	// Status is the status answered; 0 when the connection was dropped or
	// the request is still being handled.
	Status int
}

// requestLog is a ring buffer of the most recent requests.
type requestLog struct {
	mu    sync.Mutex
	ring  []*logEntry
	head  int
	n     int
	bytes int
}

// logEntry lets a late setBody know whether its entry was already evicted,
// so that evicted bodies are not counted against the budget.
type logEntry struct {
	req     Request
	evicted bool
}

func redactedHeader(h http.Header) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	if _, ok := out["Authorization"]; ok {
		out["Authorization"] = []string{"Bearer [redacted]"}
	}
	return out
}

func (l *requestLog) add(r *http.Request, requestID string) *logEntry {
	q, _ := url.ParseQuery(r.URL.RawQuery)
	e := &logEntry{req: Request{
		Method:    r.Method,
		Path:      r.URL.EscapedPath(),
		Query:     q,
		Header:    redactedHeader(r.Header),
		RequestID: requestID,
	}}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ring == nil {
		l.ring = make([]*logEntry, maxLoggedRequests)
	}
	if l.n == len(l.ring) {
		l.evictLocked()
	}
	l.ring[(l.head+l.n)%len(l.ring)] = e
	l.n++
	return e
}

func (l *requestLog) evictLocked() {
	e := l.ring[l.head]
	e.evicted = true
	l.bytes -= len(e.req.Body)
	l.ring[l.head] = nil
	l.head = (l.head + 1) % len(l.ring)
	l.n--
}

// setBody and setStatus fill in what is known only later; the entry keeps
// its place in arrival order.
func (l *requestLog) setBody(e *logEntry, body []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e.evicted {
		return
	}
	e.req.Body = body
	l.bytes += len(body)
	for l.bytes > maxLoggedBodyBytes && l.n > 1 {
		l.evictLocked()
	}
}

func (l *requestLog) setStatus(e *logEntry, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e.req.Status = status
}

func (l *requestLog) snapshot() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, l.n)
	for i := range l.n {
		e := l.ring[(l.head+i)%len(l.ring)]
		out[i] = e.req
		out[i].Header = e.req.Header.Clone()
		out[i].Body = slices.Clone(e.req.Body)
		out[i].Query = cloneValues(e.req.Query)
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.n > 0 {
		l.evictLocked()
	}
	l.head = 0
	l.bytes = 0
}
