package avaratest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// MaxBodyBytes is the largest request body the fake accepts; a larger one is
// answered with 413 and never read past this limit.
const MaxBodyBytes = 1 << 20

var errClosed = errors.New("avaratest: server closed")

// Server is a fake Avara API: stateful, safe for concurrent use, and strict
// about the API's rules, so code tested against it behaves the same against
// the real service. Build one with NewServer (listening on loopback) or
// NewUnstartedServer (to mount on a server of your own).
type Server struct {
	// URL is the base URL of the fake, e.g. "http://127.0.0.1:53124", with
	// no trailing slash. It is empty for a fake made by NewUnstartedServer until
	// the caller sets it.
	URL string
	// APIKey is the key the fake accepts, DefaultAPIKey unless WithAPIKey
	// said otherwise.
	APIKey string
	// WebhookKey is the key the fake signs the webhooks it sends with, as
	// Avara signs its own (Standard Webhooks): "whsec_" and the base64 of
	// 24 random bytes, new for each fake. Give it to the receiving side
	// (option.WithWebhookKey) so that it accepts them.
	WebhookKey string

	cfg      config
	apiKeyID string
	ts       *httptest.Server

	store   *store
	idem    *idempotency
	faults  faults
	log     requestLog
	closing chan struct{}
	once    sync.Once
}

// NewServer starts a fake on a random loopback port. Call Close when done,
// typically with t.Cleanup(srv.Close). Invalid options panic.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.ts = httptest.NewServer(s.Handler())
	s.URL = s.ts.URL
	return s
}

// NewUnstartedServer builds a fake that does not listen, like
// httptest.NewUnstartedServer: serve srv.Handler() on a listener or mux of
// your own (as cmd/avara-fake does), or call it with
// httptest.NewRecorder, and set srv.URL if you want srv.Client to work.
// Call Close when done, so that delayed requests end. Invalid options
// panic.
func NewUnstartedServer(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		APIKey:     cfg.apiKey,
		WebhookKey: newWebhookKey(),
		cfg:        cfg,
		apiKeyID:   apiKeyID(cfg.apiKey),
		store:      newStore(cfg.clock),
		idem:       newIdempotency(),
		closing:    make(chan struct{}),
	}
	s.seedCustomers(cfg.seeds, cfg.seedCount)
	for _, o := range cfg.objects {
		for i, fields := range o.fields {
			if _, err := s.AddObject(o.resource, fields); err != nil {
				panic(fmt.Sprintf("avaratest: WithObjects: %s %d: %v", o.resource, i+1, err))
			}
		}
	}
	return s
}

// apiKeyID derives the createdByApiKeyId UUID from the key, so it is stable
// per key across runs, without ever putting the key, or an unsalted hash of
// it, in a response.
func apiKeyID(key string) string {
	sum := sha256.Sum256([]byte("avaratest api key id\x00" + key))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// Close ends delayed and waiting requests (their connections are dropped)
// and, for a fake made by NewServer, stops listening and waits for the
// requests in flight. It is safe to call more than once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closing)
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// Handler returns the fake's http.Handler, for mounting on another server
// or calling with httptest.NewRecorder. Its routing does not depend on the
// path it is mounted at being cleaned: it expects the API's own paths.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

// InjectFault queues a fault for the next f.Times requests matching its
// Method, Path and Query, after the first f.Skip of them. Queued faults are
// used in the order they were injected, before any chaos. An invalid fault
// panics at once, naming the field: among others, a Method no route of the
// API has, or a Path no route matches, which could never fire.
func (s *Server) InjectFault(f Fault) { s.faults.inject(f) }

// RequireFaultsFired fails t, at once, if a fault injected since the last
// ClearFaults never fired: it names each, so that a test whose faults
// missed their requests (a wrong path, a query that never came) does not
// pass without testing what it meant to. A fault that fired fewer than
// its Times is not a failure: Times is an upper bound, as a client may
// give up first.
func (s *Server) RequireFaultsFired(t testing.TB) {
	t.Helper()
	if unfired := s.faults.unfired(); len(unfired) > 0 {
		t.Fatalf("avaratest: %d injected fault(s) never fired:\n%s", len(unfired), strings.Join(unfired, "\n"))
	}
}

// SetChaos makes a random share of requests fail with one of the given
// faults, until ClearFaults or another SetChaos. An invalid setting panics.
func (s *Server) SetChaos(c Chaos) { s.faults.setChaos(c) }

// ClearFaults removes queued faults and turns chaos off.
func (s *Server) ClearFaults() { s.faults.clear() }

// FaultsInjected reports how many requests have had a fault so far, queued
// or chaos.
func (s *Server) FaultsInjected() int { return s.faults.count() }

// PendingFaults reports how many queued fault applications are still
// waiting for a matching request; 0 means every injected fault fired.
func (s *Server) PendingFaults() int { return s.faults.pending() }

// Requests returns the requests received so far, in arrival order: the most
// recent 10,000, fewer if their bodies pass 64 MiB. Authorization headers
// are redacted. The result is a copy.
func (s *Server) Requests() []Request { return s.log.snapshot() }

// ResetRequests forgets the requests received so far.
func (s *Server) ResetRequests() { s.log.reset() }

// response is a complete answer, kept whole so that it can be stored for an
// Idempotency-Key and replayed byte for byte.
type response struct {
	status int
	header http.Header
	body   []byte
}

func newRequestID() string {
	return fmt.Sprintf("req_%016x%016x", mrand.Uint64(), mrand.Uint64())
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := newRequestID()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Request-Id", reqID)

	entry := s.log.add(r, reqID)
	status := 0
	written := false
	defer func() {
		v := recover()
		if v != nil && v != http.ErrAbortHandler && !written {
			// A bug in the fake: answer like a server error rather than
			// crashing the test binary; the fuzz test treats it as failure.
			written = true
			status = http.StatusInternalServerError
			writeResponse(w, internalError())
		}
		s.log.setStatus(entry, status)
		s.logLine(r, status, time.Since(start), reqID)
		if v == http.ErrAbortHandler {
			panic(v)
		}
	}()

	segs, pathOK := splitPath(r.URL)
	fault, faulty := s.faults.next(r.Method, segs, pathOK, r.URL.RawQuery)
	if faulty && fault.Delay > 0 && !s.wait(r, fault.Delay) {
		dropConnection(w)
		return
	}
	if faulty && fault.Drop == DropBeforeRead {
		dropConnection(w)
		return
	}

	body, tooLarge := readBody(w, r)
	if !tooLarge {
		s.log.setBody(entry, body)
	}

	var resp *response
	switch {
	case faulty && fault.Status != 0 && fault.Drop == NoDrop:
		resp = fault.errorResponse()
	default:
		resp = s.process(r, segs, pathOK, body, tooLarge)
	}
	if resp == nil || faulty && fault.Drop == DropAfterRead {
		dropConnection(w)
		return
	}
	written = true
	status = resp.status
	writeResponse(w, resp)
}

func (s *Server) logLine(r *http.Request, status int, d time.Duration, reqID string) {
	if s.cfg.logger == nil {
		return
	}
	s.cfg.logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.EscapedPath()),
		slog.Int("status", status),
		slog.Duration("duration", d),
		slog.String("request_id", reqID),
	)
}

// wait sleeps for d, and reports false if the client went away or the fake
// was closed first.
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	case <-s.closing:
		return false
	}
}

// dropConnection closes the connection without an answer. Hijacking closes
// it at once; where that is impossible (HTTP/2, a recorder), the
// http.ErrAbortHandler panic makes net/http reset the stream instead.
func dropConnection(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// readBody reads at most MaxBodyBytes. The limit protects the fake (and the
// test process it runs in) from unbounded memory use.
func readBody(w http.ResponseWriter, r *http.Request) (body []byte, tooLarge bool) {
	if r.Body == nil {
		return nil, false
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, true
	}
	return b, false
}

func writeResponse(w http.ResponseWriter, resp *response) {
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	// The length up front, as the API sends it, rather than chunks.
	if h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func internalError() *response {
	return (&apiError{status: http.StatusInternalServerError, typ: typeAPI, message: "internal error in the fake Avara server"}).response()
}

// splitPath splits the escaped path and unescapes each segment on its own,
// so that an escaped "/" or ".." inside an id stays inside that id and can
// never change which route is taken.
func splitPath(u *url.URL) ([]string, bool) {
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		return nil, false
	}
	raw := strings.Split(p[1:], "/")
	segs := make([]string, len(raw))
	for i, r := range raw {
		seg, err := url.PathUnescape(r)
		if err != nil {
			return nil, false
		}
		segs[i] = seg
	}
	return segs, true
}
