package avaratest

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
)

const (
	// maxIdempotencyKeys bounds the stored answers; the oldest are forgotten
	// first. Retries come within seconds, so only a very long run with this
	// many newer keys in between could miss a replay.
	maxIdempotencyKeys = 10_000
)

type idemEntry struct {
	fingerprint [32]byte
	done        chan struct{}
	// resp is set, before done is closed, when the answer was stored. It
	// stays nil when the first attempt ended without an answer worth
	// replaying, and the entry is then removed.
	resp *response
}

// idempotency stores the first answer per Idempotency-Key. An entry exists
// from the moment a request starts, so a concurrent request with the same
// key waits for it instead of running the operation a second time.
type idempotency struct {
	mu    sync.Mutex
	byKey map[string]*idemEntry
	order []storedKey
	// waiting counts the requests waiting for a concurrent one with their
	// key, so that tests can tell when they have all arrived.
	waiting atomic.Int32
}

type storedKey struct {
	key   string
	entry *idemEntry
}

func newIdempotency() *idempotency {
	return &idempotency{byKey: make(map[string]*idemEntry)}
}

// fingerprint identifies "the same request": method, escaped path, query
// and body. Headers are left out because retries legitimately change some
// (X-Stainless-Retry-Count).
func fingerprint(r *http.Request, body []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(r.Method))
	h.Write([]byte{0})
	h.Write([]byte(r.URL.EscapedPath()))
	h.Write([]byte{0})
	h.Write([]byte(r.URL.RawQuery))
	h.Write([]byte{0})
	h.Write(body)
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

var errIdemConflict = errors.New("idempotency key reused with a different request")

// begin claims key for this request. It returns the stored answer to
// replay, or an entry the caller owns and must pass to finish, or
// errIdemConflict, or the context's error (or errClosed) if it gave up
// waiting for a concurrent request with the same key.
func (s *idempotency) begin(ctx context.Context, closing <-chan struct{}, key string, fp [32]byte) (replay *response, owned *idemEntry, err error) {
	for {
		s.mu.Lock()
		e, ok := s.byKey[key]
		if !ok {
			e = &idemEntry{fingerprint: fp, done: make(chan struct{})}
			s.byKey[key] = e
			s.mu.Unlock()
			return nil, e, nil
		}
		if e.fingerprint != fp {
			s.mu.Unlock()
			return nil, nil, errIdemConflict
		}
		if e.resp != nil {
			s.mu.Unlock()
			return e.resp, nil, nil
		}
		done := e.done
		s.mu.Unlock()
		s.waiting.Add(1)
		select {
		case <-done:
			// Either stored (replay it) or abandoned (claim it): look again.
			s.waiting.Add(-1)
		case <-ctx.Done():
			s.waiting.Add(-1)
			return nil, nil, ctx.Err()
		case <-closing:
			s.waiting.Add(-1)
			return nil, nil, errClosed
		}
	}
}

// finish stores resp for replay, or forgets the key when resp is nil or a
// server error: an answer the fake did not really give (a panic turned into
// a 500) must not be replayed, and the retry should run the operation.
func (s *idempotency) finish(key string, e *idemEntry, resp *response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if resp != nil && resp.status < 500 {
		e.resp = resp
		s.order = append(s.order, storedKey{key, e})
		for len(s.order) > maxIdempotencyKeys {
			old := s.order[0]
			s.order[0] = storedKey{}
			s.order = s.order[1:]
			if s.byKey[old.key] == old.entry {
				delete(s.byKey, old.key)
			}
		}
	} else if s.byKey[key] == e {
		delete(s.byKey, key)
	}
	close(e.done)
}
