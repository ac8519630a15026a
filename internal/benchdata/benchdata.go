// Package benchdata is what the benchmarks of this repository compare on:
// the same customer page, the hand-written client every ratio is taken to,
// and an in-memory transport, shared by the SDK's benchmarks and those of
// the benchref module, so that every figure is taken on the same bytes.
package benchdata

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// PlainCustomer is what a hand-written client decodes a customer into.
type PlainCustomer struct {
	ExpressCustomerID   string            `json:"expressCustomerId"`
	ExpressCustomerName string            `json:"expressCustomerName"`
	IsActive            bool              `json:"isActive"`
	UserCount           int64             `json:"userCount"`
	CreatedAt           time.Time         `json:"createdAt"`
	UpdatedAt           time.Time         `json:"updatedAt"`
	CreatedByAPIKeyID   string            `json:"createdByApiKeyId"`
	CreatedByUserID     *string           `json:"createdByUserId"`
	Metadata            map[string]string `json:"metadata"`
}

// PlainPage is what a hand-written client decodes a page into.
type PlainPage struct {
	ExpressCustomers []PlainCustomer `json:"expressCustomers"`
	HasMore          bool            `json:"hasMore"`
	Cursor           *string         `json:"cursor"`
}

// CustomerJSON is the i-th customer of a page, as the API writes it:
// about 360 bytes.
func CustomerJSON(i int) string {
	return fmt.Sprintf(`{"createdAt":"2024-01-15T09:00:%02dZ","expressCustomerId":"cus_%032x","expressCustomerName":"City Medical Center - Radiology Department %d","isActive":true,"updatedAt":"2024-03-15T14:20:00Z","userCount":%d,"createdByApiKeyId":"550e8400-e29b-41d4-a716-446655440000","metadata":{"department":"radiology","region":"northeast","tier":"gold"}}`, i%60, i, i, i%50)
}

// PageJSON is a page of n customers with a next page.
func PageJSON(n int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = CustomerJSON(i)
	}
	return `{"expressCustomers":[` + strings.Join(items, ",") + `],"hasMore":true,"cursor":"Y3Vyc29yLTEwMA=="}`
}

// Baseline is a careful hand-written client: net/http plus encoding/json
// into a plain struct, no metadata, no retries.
type Baseline struct {
	HTTP *http.Client
	Base string // the base URL, without a trailing slash
	Key  string // the Authorization header's value
}

// Do sends the request and decodes a 200's body into dst.
func (c *Baseline) Do(ctx context.Context, method, path string, body string, dst any) error {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", c.Key)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return json.NewDecoder(res.Body).Decode(dst)
}

// Transport answers every request with Body, a 200 of JSON, without a
// network: what is left to measure is each client's own work.
type Transport struct{ Body []byte }

// RoundTrip reads and closes the request's body and returns the answer.
func (m Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(m.Body))}},
		ContentLength: int64(len(m.Body)),
		Body:          io.NopCloser(bytes.NewReader(m.Body)),
		Request:       r,
	}, nil
}

// Server answers every request with body, as JSON with its Content-Length,
// as a real API would, and closes when tb's test ends.
func Server(tb testing.TB, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv
}
