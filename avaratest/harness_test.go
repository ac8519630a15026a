package avaratest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// These tests speak raw HTTP so that they pin the wire protocol itself and
// do not depend on the SDK.

func newTestServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	srv := NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// result is one raw HTTP answer.
type result struct {
	status int
	header http.Header
	body   []byte
}

type wireError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Param   string `json:"param"`
}

type wireCustomer struct {
	CreatedAt           string            `json:"createdAt"`
	ExpressCustomerID   string            `json:"expressCustomerId"`
	ExpressCustomerName string            `json:"expressCustomerName"`
	IsActive            bool              `json:"isActive"`
	UpdatedAt           string            `json:"updatedAt"`
	UserCount           int               `json:"userCount"`
	CreatedByAPIKeyID   *string           `json:"createdByApiKeyId"`
	CreatedByUserID     *string           `json:"createdByUserId"`
	Metadata            map[string]string `json:"metadata"`
}

type wirePage struct {
	ExpressCustomers []wireCustomer `json:"expressCustomers"`
	HasMore          bool           `json:"hasMore"`
	Cursor           *string        `json:"cursor"`
}

type wireSuccess struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

func (r result) errorBody(t testing.TB) wireError {
	t.Helper()
	var b struct {
		Error wireError `json:"error"`
	}
	require.NoError(t, json.Unmarshal(r.body, &b), "body: %s", r.body)
	require.NotEmpty(t, b.Error.Type, "body: %s", r.body)
	return b.Error
}

func (r result) customer(t testing.TB) wireCustomer {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	var c wireCustomer
	require.NoError(t, json.Unmarshal(r.body, &c))
	return c
}

func (r result) page(t testing.TB) wirePage {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	var p wirePage
	require.NoError(t, json.Unmarshal(r.body, &p))
	return p
}

func (r result) success(t testing.TB) wireSuccess {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, "body: %s", r.body)
	var s wireSuccess
	require.NoError(t, json.Unmarshal(r.body, &s))
	return s
}

// req describes a raw request. Header "Authorization" defaults to the
// server's key; set it to "-" to send none.
type req struct {
	method string
	path   string
	body   any // string, []byte, or a value to encode as JSON; nil sends none
	header map[string]string
	ctx    context.Context
}

func bodyReader(t testing.TB, body any) io.Reader {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		require.NoError(t, err)
		return bytes.NewReader(enc)
	}
}

// freshClient never reuses connections, so that a dropped connection is
// reported to the test instead of being retried by net/http's transport.
var (
	clientOnce  sync.Once
	freshClient *http.Client
)

func httpClient() *http.Client {
	clientOnce.Do(func() {
		freshClient = &http.Client{
			Transport: &http.Transport{DisableKeepAlives: true},
			Timeout:   30 * time.Second,
		}
	})
	return freshClient
}

func send(t testing.TB, srv *Server, r req) (result, error) {
	t.Helper()
	ctx := r.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	hr, err := http.NewRequestWithContext(ctx, r.method, srv.URL+r.path, bodyReader(t, r.body))
	require.NoError(t, err)
	if r.body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	hr.Header.Set("Authorization", "Bearer "+srv.APIKey)
	for k, v := range r.header {
		if v == "-" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	resp, err := httpClient().Do(hr)
	if err != nil {
		return result{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return result{}, err
	}
	return result{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// do sends a request that must get an answer, and checks the headers every
// answer carries.
func do(t testing.TB, srv *Server, r req) result {
	t.Helper()
	res, err := send(t, srv, r)
	require.NoError(t, err)
	require.Equal(t, "application/json", res.header.Get("Content-Type"))
	require.Regexp(t, `^req_[0-9a-f]{32}$`, res.header.Get("X-Request-Id"))
	require.True(t, json.Valid(res.body), "body is not JSON: %q", res.body)
	return res
}

func create(t testing.TB, srv *Server, name string, metadata map[string]string) wireCustomer {
	t.Helper()
	body := map[string]any{"expressCustomerName": name}
	if metadata != nil {
		body["metadata"] = metadata
	}
	return do(t, srv, req{method: "POST", path: "/v1/express", body: body}).customer(t)
}

// waitUntil returns once cond holds, polling it in this goroutine; it
// fails t if that takes a minute, which only a hang does. It waits for
// another goroutine's progress, and never judges how fast anything is.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for this, in vain: %s", what)
		}
	}
}

func hexID(prefix string, n int) string {
	const digits = "0123456789abcdef"
	b := []byte(strings.Repeat("0", 32))
	for i := 31; i >= 0 && n > 0; i-- {
		b[i] = digits[n%16]
		n /= 16
	}
	return prefix + string(b)
}

func userID(n int) string     { return hexID("usr_", n) }
func customerID(n int) string { return hexID("cus_", n) }
