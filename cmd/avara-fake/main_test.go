package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer lets the test read the log while the server writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRun(t *testing.T) {
	t.Run("it serves the seeded fake, logs each request and stops when cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var log syncBuffer
		ready := make(chan string, 1)
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-key", "avt_cli", "-seed", "3"}, &log, ready)
		}()
		addr := <-ready

		r, err := http.NewRequest("GET", "http://"+addr+"/v1/express", nil)
		require.NoError(t, err)
		r.Header.Set("Authorization", "Bearer avt_cli")
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, 3, strings.Count(string(body), `"expressCustomerId"`))

		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("run did not stop")
		}
		out := log.String()
		assert.Contains(t, out, "method=GET path=/v1/express status=200")
		assert.Contains(t, out, "avara-fake shutting down")
		assert.NotContains(t, out, "avt_cli", "a key given with -key is not logged")
	})

	bad := []struct {
		name string
		args []string
		msg  string
	}{
		{"a negative seed is refused", []string{"-seed", "-1"}, "-seed must not be negative"},
		{"an empty key is refused", []string{"-key", ""}, "-key must not be empty"},
		{"a page size over 100 is refused", []string{"-page-size", "101"}, "-page-size must be between 1 and 100"},
		{"stray arguments are refused", []string{"extra"}, "unexpected arguments"},
		{"an unknown flag is refused", []string{"-nope"}, "not defined"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), append([]string{"-addr", "127.0.0.1:0"}, tt.args...), io.Discard, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}
