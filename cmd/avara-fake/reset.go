package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/avara/avara-go/avaratest"
)

// resetPath is where -reset serves the reset. It is outside /v1, so no
// route of the API can take it.
const resetPath = "/avara-fake/reset"

// maxSeedBytes bounds the seed a reset's body may carry.
const maxSeedBytes = 16 << 20

// resettable serves the current fake, and with allowReset swaps it for a
// new one built from the flags on POST resetPath. Each fake's requests are
// written to log, if set, when it is swapped out or closed.
type resettable struct {
	build      func(*seedFile) (*avaratest.Server, error)
	seeds      *seedFile
	allowReset bool
	logger     *slog.Logger
	url        string

	mu   sync.Mutex
	fake *avaratest.Server
	log  io.WriteCloser
}

func (h *resettable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.allowReset && r.URL.Path == resetPath {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "use POST", http.StatusMethodNotAllowed)
			return
		}
		seeds := h.seeds
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSeedBytes))
		if err == nil && len(bytes.TrimSpace(body)) > 0 {
			seeds, err = parseSeeds(body)
		}
		if err == nil {
			err = h.reset(seeds)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h.mu.Lock()
	fake := h.fake
	h.mu.Unlock()
	fake.Handler().ServeHTTP(w, r)
}

func (h *resettable) reset(seeds *seedFile) error {
	fresh, err := h.build(seeds)
	if err != nil {
		return err
	}
	fresh.URL = h.url
	h.mu.Lock()
	old := h.fake
	h.fake = fresh
	h.mu.Unlock()
	old.Close()
	h.logger.Info("avara-fake reset")
	return h.writeLog(old)
}

// loggedRequest is one line of -request-log.
type loggedRequest struct {
	Method string              `json:"method"`
	Path   string              `json:"path"`
	Query  map[string][]string `json:"query,omitempty"`
	Body   json.RawMessage     `json:"body,omitempty"`
	Status int                 `json:"status"`
}

// writeLog writes the requests a fake received to the request log.
func (h *resettable) writeLog(fake *avaratest.Server) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.log == nil {
		return nil
	}
	enc := json.NewEncoder(h.log)
	for _, r := range fake.Requests() {
		l := loggedRequest{Method: r.Method, Path: r.Path, Query: r.Query, Status: r.Status}
		if len(r.Body) > 0 {
			if json.Valid(r.Body) {
				l.Body = r.Body
			} else {
				l.Body, _ = json.Marshal(string(r.Body))
			}
		}
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	return nil
}

// closeFake ends the current fake's delayed requests.
func (h *resettable) closeFake() {
	h.mu.Lock()
	fake := h.fake
	h.mu.Unlock()
	fake.Close()
}

// close closes the current fake and writes its requests to the log, then
// closes the log. It is safe to call more than once.
func (h *resettable) close() error {
	h.mu.Lock()
	fake := h.fake
	h.mu.Unlock()
	fake.Close()
	err := h.writeLog(fake)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.log != nil {
		if cerr := h.log.Close(); err == nil {
			err = cerr
		}
		h.log = nil
	}
	return err
}
