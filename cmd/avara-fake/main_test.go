package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
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

	t.Run("-fault answers its status to the matching requests, then the fake answers as usual", func(t *testing.T) {
		statuses := serveAndGet(t, []string{"-fault", "GET /v1/express 503 x1", "-fault", "POST /v1/express 429"},
			"/v1/express", "/v1/express", "/v1/express")
		assert.Equal(t, []int{503, 200, 200}, statuses)
	})

	t.Run("-chaos 1 fails every request with 503", func(t *testing.T) {
		statuses := serveAndGet(t, []string{"-chaos", "1"}, "/v1/express", "/v1/autoScribe/studies")
		assert.Equal(t, []int{503, 503}, statuses)
	})

	t.Run("it serves the whole API, not only Express", func(t *testing.T) {
		statuses := serveAndGet(t, nil, "/v1/autoScribe/studies", "/v1/viewer/users", "/v1/autoScribe/clinicalReferences")
		assert.Equal(t, []int{200, 200, 200}, statuses)
	})

	t.Run("-seed-file creates its customers and objects with the ids it gives", func(t *testing.T) {
		seed := writeFile(t, `{
			"customers": [{"id": "cus_1234567890abcdef1234567890abcdef", "name": "Acme", "users": ["usr_1234567890abcdef1234567890abcdef"]}],
			"objects": {"AutoScribeStudy": [{"studyId": "stu_1234567890abcdef1234567890abcdef", "studyInstanceUid": "1.2.3"}]}
		}`)
		statuses := serveAndGet(t, []string{"-seed-file", seed},
			"/v1/express/cus_1234567890abcdef1234567890abcdef",
			"/v1/autoScribe/studies/stu_1234567890abcdef1234567890abcdef",
			"/v1/autoScribe/studies/by-uid/1.2.3",
			"/v1/autoScribe/studies/stu_0000567890abcdef1234567890abcdef")
		assert.Equal(t, []int{200, 200, 200, 404}, statuses)
	})

	t.Run("the official SDKs' seed file is one the fake takes", func(t *testing.T) {
		statuses := serveAndGet(t, []string{"-seed-file", "../../avaratest/testdata/official_seed.json"},
			"/v1/viewer/users/usr_1234567890abcdef1234567890abcdef")
		assert.Equal(t, []int{200}, statuses)
	})

	t.Run("-reset starts the fake afresh from the flags or the seed it is sent; -request-log records what each fake was sent", func(t *testing.T) {
		logPath := filepath.Join(t.TempDir(), "requests.jsonl")
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan string, 1)
		done := make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-seed", "1", "-reset", "-request-log", logPath}, io.Discard, ready)
		}()
		base := "http://" + <-ready
		send := func(method, path, body string) (int, string) {
			r, err := http.NewRequest(method, base+path, strings.NewReader(body))
			require.NoError(t, err)
			r.Header.Set("Authorization", "Bearer avt_test_key")
			r.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(r)
			require.NoError(t, err)
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		count := func() int {
			status, body := send("GET", "/v1/express?limit=10", "")
			require.Equal(t, 200, status, body)
			return strings.Count(body, `"expressCustomerId"`)
		}

		status, body := send("POST", "/v1/express", `{"expressCustomerName":"New"}`)
		require.Equal(t, 200, status, body)
		assert.Equal(t, 2, count())
		status, _ = send("POST", "/avara-fake/reset", "")
		assert.Equal(t, http.StatusNoContent, status)
		assert.Equal(t, 1, count(), "the customer made before the reset is gone, the seeded one is back")
		status, _ = send("GET", "/avara-fake/reset", "")
		assert.Equal(t, http.StatusMethodNotAllowed, status)
		status, body = send("POST", "/avara-fake/reset", `{"objects": {"Study": [{}]}}`)
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Contains(t, body, `no resource "Study"`)
		status, _ = send("POST", "/avara-fake/reset", `{"customers": [{"id": "cus_1234567890abcdef1234567890abcdef"}]}`)
		assert.Equal(t, http.StatusNoContent, status)
		status, body = send("GET", "/v1/express/cus_1234567890abcdef1234567890abcdef", "")
		assert.Equal(t, 200, status, "a reset with a body seeds what the body holds: %s", body)

		cancel()
		require.NoError(t, <-done)
		raw, err := os.ReadFile(logPath)
		require.NoError(t, err)
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		require.Len(t, lines, 4, "the resets themselves are not requests to the fake")
		assert.JSONEq(t, `{"method":"POST","path":"/v1/express","body":{"expressCustomerName":"New"},"status":200}`, lines[0])
		assert.JSONEq(t, `{"method":"GET","path":"/v1/express","query":{"limit":["10"]},"status":200}`, lines[1])
		assert.JSONEq(t, lines[1], lines[2])
		assert.JSONEq(t, `{"method":"GET","path":"/v1/express/cus_1234567890abcdef1234567890abcdef","status":200}`, lines[3])
	})

	t.Run("without -reset the reset path is not served", func(t *testing.T) {
		statuses := serveAndGet(t, nil, "/avara-fake/reset")
		assert.Equal(t, []int{404}, statuses)
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
		{"a fault with no status is refused", []string{"-fault", "GET /v1/express"}, "want \"METHOD PATH"},
		{"a fault on a method no route has is refused", []string{"-fault", "GETT /v1/express 503"}, "Method: no route"},
		{"a fault on a path no route matches is refused", []string{"-fault", "GET /v1/express/ 503"}, "Path: no route"},
		{"a chaos rate over 1 is refused", []string{"-chaos", "1.5"}, "-chaos must be between 0 and 1"},
		{"a chaos rate that is not a number is refused", []string{"-chaos", "NaN"}, "-chaos must be between 0 and 1"},
		{"an unknown flag is refused", []string{"-nope"}, "not defined"},
		{"a request log that cannot be written is refused", []string{"-request-log", "/nonexistent/requests.jsonl"}, "-request-log: open"},
		{"a missing seed file is refused", []string{"-seed-file", "/nonexistent/seed.json"}, "-seed-file: open /nonexistent/seed.json"},
		{"a seed file with an unknown key is refused", []string{"-seed-file", writeFile(t, `{"studies": []}`)}, `unknown field "studies"`},
		{"a seed file with an unknown resource is refused", []string{"-seed-file", writeFile(t, `{"objects": {"Study": [{}]}}`)}, `no resource "Study"`},
		{"a seed file with a malformed id is refused", []string{"-seed-file", writeFile(t, `{"objects": {"ViewerUser": [{"userId": "usr_1"}]}}`)}, "ViewerUser 1:"},
		{"a seed file with a malformed customer is refused", []string{"-seed-file", writeFile(t, `{"customers": [{"id": "cus_1"}]}`)}, "-seed-file:"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), append([]string{"-addr", "127.0.0.1:0"}, tt.args...), io.Discard, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

// writeFile writes content to a new file and returns its path.
func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "seed.json")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// serveAndGet runs the command with args, sends a GET for each path in
// turn, and returns the statuses.
func serveAndGet(t *testing.T, args []string, paths ...string) []int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), io.Discard, ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("run: %v", err)
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var statuses []int
	for _, p := range paths {
		r, err := http.NewRequest("GET", "http://"+addr+p, nil)
		require.NoError(t, err)
		r.Header.Set("Authorization", "Bearer avt_test_key")
		resp, err := client.Do(r)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	cancel()
	require.NoError(t, <-done)
	return statuses
}
